/**
 * The shared synthetic folder test/fixtures/closes: still what its generator writes, loadable by
 * CsvMarketData, and holding the hand-checkable figures its README promises.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CsvMarketData } from "../../../src/adapters/csv/csv-market-data.ts";
import type { Clock, Quote } from "../../../src/core/ports.ts";
import { generateFiles, sessions } from "../../fixtures/closes/generate.ts";

const dir = join(import.meta.dirname, "../../fixtures/closes");
const clock: Clock = { now: () => Date.parse("2026-05-01T12:00:00Z") };
const market = new CsvMarketData({ dir, clock, asOf: "2026-01-13" });
const INDEX_FILES = ["^RUT", "^GSPC", "^IXIC", "^NDX", "IWM", "SPY", "RSP", "QQQ"];

describe("test/fixtures/closes", () => {
  it("matches its generator byte for byte", () => {
    for (const [path, content] of generateFiles()) {
      const onDisk = readFileSync(join(dir, path), "utf8").replaceAll("\r\n", "\n");
      expect(onDisk, path).toBe(content);
    }
  });

  it("covers every NYSE session from 2024-12-02 to 2026-01-16", async () => {
    const all = sessions();
    expect(all).toHaveLength(282);
    expect(all).not.toContain("2025-01-09"); // national day of mourning
    const full = new CsvMarketData({ dir, clock });
    for (const symbol of INDEX_FILES) {
      const series = await full.history(symbol, { from: "2024-01-01", to: "2026-12-31" });
      expect(
        series.bars.map((b) => b.date),
        symbol,
      ).toEqual(all);
    }
  });

  it("has round closes on 2025-12-31 and 2026-01-13", async () => {
    const { quotes, missing } = await market.quotes(INDEX_FILES);
    expect(missing).toEqual([]);
    const price = Object.fromEntries(quotes.map((q) => [q.symbol, q.price]));
    expect(price).toEqual({
      "^RUT": 2600,
      "^GSPC": 6090,
      "^IXIC": 20200,
      "^NDX": 21105,
      IWM: 260,
      SPY: 609,
      RSP: 184.5,
      QQQ: 522.6,
    });
    const yearEnd = await market.history("^RUT", { from: "2025-12-31", to: "2025-12-31" });
    expect(yearEnd.bars[0]?.close).toBe(2500);
    const ytd = (await market.history("IWM", { from: "2025-12-31", to: "2026-01-13" })).bars;
    expect([ytd[0]?.close, ytd.at(-1)?.close]).toEqual([250, 260]);
    expect(((ytd.at(-1)?.close ?? 0) / (ytd[0]?.close ?? 1) - 1) * 100).toBeCloseTo(4, 10);
  });

  it("lists RUT members that are all priced: 7 up, 4 down, 1 unchanged on 2026-01-13", async () => {
    const rut = await market.constituents("rut");
    expect(rut.asOf).toBe("2026-01-13");
    const { quotes, missing } = await market.quotes(rut.members.map((m) => m.symbol));
    expect(missing).toEqual([]);
    expect(quotes).toHaveLength(12);
    const up = quotes.filter((q) => (q.change ?? 0) > 0).length;
    const down = quotes.filter((q) => (q.change ?? 0) < 0).length;
    expect([up, down, 12 - up - down]).toEqual([7, 4, 1]);
    const above = (avg: (q: Quote) => number | undefined) =>
      quotes.filter((q) => avg(q) !== undefined && q.price > (avg(q) ?? 0)).map((q) => q.symbol);
    expect(above((q) => q.fiftyDayAverage)).toHaveLength(9);
    // SBRN, listed 2025-06-02, has no 200-day average; PNWR is below its own.
    expect(quotes.filter((q) => q.twoHundredDayAverage !== undefined)).toHaveLength(11);
    expect(above((q) => q.twoHundredDayAverage)).toHaveLength(10);
    const atHigh = quotes.filter((q) => q.price >= (q.fiftyTwoWeekHigh ?? Infinity)).map((q) => q.symbol);
    expect(atHigh.sort()).toEqual(["KORA", "MOG-A", "RUSHA"]);
    expect(quotes.filter((q) => q.price <= (q.fiftyTwoWeekLow ?? -Infinity))).toEqual([]);
    const ndx = await market.constituents("NDX");
    expect(ndx.members).toHaveLength(5);
  });

  it("writes KORA's 2024-12-23 session as a null row, which is skipped", async () => {
    const kora = await market.history("KORA", { from: "2024-12-20", to: "2024-12-24" });
    expect(kora.bars.map((b) => b.date)).toEqual(["2024-12-20", "2024-12-24"]);
  });

  it("gives the ETFs an adjusted close below the close before their last dividend", async () => {
    const [before] = (await market.history("IWM", { from: "2025-12-15", to: "2025-12-15" })).bars;
    expect(before?.adjClose).toBeLessThan(before?.close ?? 0);
    const [after] = (await market.history("IWM", { from: "2025-12-31", to: "2025-12-31" })).bars;
    expect(after?.adjClose).toBe(after?.close);
  });
});
