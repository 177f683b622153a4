import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CsvMarketData } from "../../../src/adapters/csv/csv-market-data.ts";
import { DataUnavailableError, SymbolNotFoundError } from "../../../src/core/errors.ts";
import { nextTradingDay } from "../../../src/core/market/calendar.ts";
import type { Clock } from "../../../src/core/ports.ts";

/** 10:00 New York on Wed 14 Jan 2026: the last completed session is Tue 13 Jan. */
const clock: Clock = { now: () => Date.parse("2026-01-14T15:00:00Z") };

/** `n` consecutive NYSE sessions ending on `last`. */
function sessionsEndingOn(last: string, n: number): string[] {
  const out: string[] = [];
  let d = "2024-06-03";
  while (d <= last) {
    out.push(d);
    d = nextTradingDay(d);
  }
  return out.slice(-n);
}

let dir: string;
const write = (file: string, text: string) => writeFileSync(join(dir, file), text);
const csv = (dates: string[], closes: number[]) =>
  `Date,Close\n${dates.map((d, i) => `${d},${closes[i]}`).join("\n")}\n`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "csv-market-data-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("CsvMarketData.history", () => {
  it("returns the bars in [from, to] with provenance", async () => {
    const dates = sessionsEndingOn("2026-01-13", 6); // 2026-01-06 .. 2026-01-13
    write("^RUT.csv", csv(dates, [1, 2, 3, 4, 5, 6]));
    const market = new CsvMarketData({ dir, clock });
    expect(market.name).toBe(`CSV folder ${basename(dir)}`);
    const series = await market.history("^RUT", { from: "2026-01-07", to: "2026-01-12" });
    expect(series.bars.map((b) => [b.date, b.close])).toEqual([
      ["2026-01-07", 2],
      ["2026-01-08", 3],
      ["2026-01-09", 4],
      ["2026-01-12", 5],
    ]);
    expect(series).toMatchObject({
      symbol: "^RUT",
      source: `CSV folder ${basename(dir)}`,
      fetchedAt: clock.now(),
    });
    const empty = await market.history("^RUT", { from: "2026-02-01", to: "2026-02-10" });
    expect(empty.bars).toEqual([]);
  });

  it("never serves bars after the as-of session", async () => {
    write("IWM.csv", csv(["2026-01-12", "2026-01-13", "2026-01-14", "2026-01-15"], [1, 2, 3, 4]));
    const byClock = await new CsvMarketData({ dir, clock }).history("IWM", {
      from: "2026-01-01",
      to: "2026-01-31",
    });
    expect(byClock.bars.map((b) => b.date)).toEqual(["2026-01-12", "2026-01-13"]);
    const fixed = new CsvMarketData({ dir, clock, asOf: "2026-01-12" });
    expect(fixed.asOfSession()).toBe("2026-01-12");
    const series = await fixed.history("IWM", { from: "2026-01-01", to: "2026-01-31" });
    expect(series.bars.map((b) => b.date)).toEqual(["2026-01-12"]);
  });

  it("throws SymbolNotFoundError naming the expected file and folder", async () => {
    const market = new CsvMarketData({ dir, clock });
    const failure = market.history("NOPE", { from: "2026-01-01", to: "2026-01-31" });
    await expect(failure).rejects.toBeInstanceOf(SymbolNotFoundError);
    await expect(failure).rejects.toThrow(`No file NOPE.csv in CSV folder ${basename(dir)}`);
    // A typed symbol can never name a path outside the folder.
    await expect(market.history("../etc/passwd", { from: "2026-01-01", to: "2026-01-31" })).rejects.toThrow(
      SymbolNotFoundError,
    );
  });

  it("reports a bad file as BadDataError with file and line", async () => {
    write("BAD.csv", "Date,Close\n2026-01-12,1\n2026-01-13,x\n");
    const market = new CsvMarketData({ dir, clock });
    await expect(market.history("BAD", { from: "2026-01-01", to: "2026-01-31" })).rejects.toThrow(
      'BAD.csv line 3: close "x" is not a number',
    );
  });

  it("parses a file once, but re-reads one that failed", async () => {
    write("A.csv", csv(["2026-01-13"], [1]));
    write("B.csv", "Date,Price\n");
    const market = new CsvMarketData({ dir, clock });
    const range = { from: "2026-01-01", to: "2026-01-31" };
    expect((await market.history("A", range)).bars[0]?.close).toBe(1);
    write("A.csv", csv(["2026-01-13"], [99]));
    expect((await market.history("A", range)).bars[0]?.close).toBe(1);
    await expect(market.history("B", range)).rejects.toThrow('no "close" column');
    write("B.csv", csv(["2026-01-13"], [7]));
    expect((await market.history("B", range)).bars[0]?.close).toBe(7);
  });

  it("rejects an as-of option that is not a date", () => {
    expect(() => new CsvMarketData({ dir, clock, asOf: "13/01/2026" })).toThrow("YYYY-MM-DD");
  });
});

describe("CsvMarketData.quotes", () => {
  it("derives a closing quote: change, 50-day average and a 52-week high set earlier", async () => {
    // 5 closes at 500, then 50 closes 100, 101, ..., 149 ending on 2026-01-13.
    const dates = sessionsEndingOn("2026-01-13", 55);
    const closes = [...Array(5).fill(500), ...Array.from({ length: 50 }, (_, i) => 100 + i)];
    write("MOG-A.csv", csv(dates, closes));
    const progress: number[] = [];
    const result = await new CsvMarketData({ dir, clock }).quotes(["MOG-A", "NOPE"], {
      onProgress: (p) => progress.push(p.done / p.total),
    });
    expect(result.quotes).toEqual([
      {
        symbol: "MOG-A",
        price: 149,
        previousClose: 148,
        change: 1,
        changePercent: (1 / 148) * 100,
        fiftyTwoWeekHigh: 500,
        fiftyTwoWeekLow: 100,
        fiftyDayAverage: 124.5, // (100 + 149) / 2
        marketState: "closed",
        time: Date.parse("2026-01-13T21:00:00Z"), // 16:00 New York (EST)
      },
    ]);
    expect(result.missing).toEqual([
      { symbol: "NOPE", reason: `No file NOPE.csv in CSV folder ${basename(dir)}` },
    ]);
    expect(progress).toEqual([0.5, 1]);
    expect(result.source).toBe(`CSV folder ${basename(dir)}`);
  });

  it("uses only the last 252 closes for the 52-week range and the last 200 for the average", async () => {
    const dates = sessionsEndingOn("2026-01-13", 253);
    const closes = [1000, 5, ...Array(250).fill(10), 11];
    write("W.csv", csv(dates, closes));
    const [quote] = (await new CsvMarketData({ dir, clock }).quotes(["W"])).quotes;
    expect(quote?.fiftyTwoWeekHigh).toBe(11); // 1000 is bar 253 back: outside the window
    expect(quote?.fiftyTwoWeekLow).toBe(5); // bar 252 back: inside
    expect(quote?.twoHundredDayAverage).toBeCloseTo((199 * 10 + 11) / 200, 12);
    expect(quote?.fiftyDayAverage).toBeCloseTo((49 * 10 + 11) / 50, 12);
  });

  it("prices as of the as-of date and times the quote at its bar's close", async () => {
    // The day after Thanksgiving closes at 13:00; no bar for 2025-12-01, so the price is stale.
    write("E.csv", csv(["2025-11-26", "2025-11-28", "2025-12-02"], [10, 12, 13]));
    const market = new CsvMarketData({ dir, clock, asOf: "2025-12-01" });
    const { quotes, missing } = await market.quotes(["E"]);
    expect(missing).toEqual([]);
    expect(quotes[0]).toMatchObject({ price: 12, previousClose: 10, change: 2, changePercent: 20 });
    expect(quotes[0]?.time).toBe(Date.parse("2025-11-28T18:00:00Z"));
    expect(quotes[0]?.fiftyDayAverage).toBeUndefined();
    expect(quotes[0]?.twoHundredDayAverage).toBeUndefined();
  });

  it("lists symbols without a close by the as-of date, or with a bad file, as missing", async () => {
    write("LATE.csv", csv(["2026-01-14"], [1]));
    write("ONE.csv", csv(["2026-01-13"], [5]));
    write("BAD.csv", "Date,Price\n");
    const { quotes, missing } = await new CsvMarketData({ dir, clock }).quotes(["LATE", "ONE", "BAD"]);
    expect(quotes.map((q) => [q.symbol, q.price, q.change])).toEqual([["ONE", 5, undefined]]);
    expect(missing).toEqual([
      { symbol: "LATE", reason: "no close on or before 2026-01-13" },
      { symbol: "BAD", reason: 'BAD.csv: no "close" column in header "Date,Price"' },
    ]);
  });

  it("lists an unreadable file as missing, and throws only when nothing could be priced", async () => {
    mkdirSync(join(dir, "DIRX.csv")); // reading a folder fails with EISDIR, not "no such file"
    write("ONE.csv", csv(["2026-01-13"], [5]));
    const market = new CsvMarketData({ dir, clock });
    const { quotes, missing } = await market.quotes(["DIRX", "ONE"]);
    expect(quotes.map((q) => q.symbol)).toEqual(["ONE"]);
    expect(missing[0]?.reason).toMatch(/^Cannot read DIRX\.csv: /);
    await expect(market.quotes(["DIRX"])).rejects.toBeInstanceOf(DataUnavailableError);
    await expect(market.history("DIRX", { from: "2026-01-01", to: "2026-01-31" })).rejects.toBeInstanceOf(
      DataUnavailableError,
    );
  });
});

describe("CsvMarketData.constituents", () => {
  it("reads DIR/constituents/<ALIAS>.csv and names a missing one", async () => {
    mkdirSync(join(dir, "constituents"));
    write("constituents/NDX.csv", "Ticker,Name\nAAA,Aaa Inc\nBRK.B,Berkshire B\n");
    const market = new CsvMarketData({ dir, clock });
    const ndx = await market.constituents("ndx");
    expect(ndx.members.map((m) => m.symbol)).toEqual(["AAA", "BRK-B"]);
    const missing = market.constituents("SPX");
    await expect(missing).rejects.toBeInstanceOf(SymbolNotFoundError);
    await expect(missing).rejects.toThrow(`No file constituents/SPX.csv in CSV folder ${basename(dir)}`);
    await expect(market.constituents("../NDX")).rejects.toBeInstanceOf(SymbolNotFoundError);
  });

  it("names the constituents file and line in a parse error", async () => {
    mkdirSync(join(dir, "constituents"));
    write("constituents/RUT.csv", "Ticker,Weight\nAAA,lots\n");
    await expect(new CsvMarketData({ dir, clock }).constituents("RUT")).rejects.toThrow(
      'constituents/RUT.csv line 2: weight "lots" is not a number',
    );
  });
});
