import { describe, expect, it } from "vitest";
import { parseClosesCsv } from "../../../src/adapters/csv/closes-file.ts";
import { BadDataError } from "../../../src/core/errors.ts";

async function errorOf(fn: () => Promise<unknown>): Promise<BadDataError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof BadDataError) return err;
    throw err;
  }
  throw new Error("expected a BadDataError");
}

describe("parseClosesCsv", () => {
  it("reads Yahoo's download format, adj close included", async () => {
    const text = [
      "Date,Open,High,Low,Close,Adj Close,Volume",
      "2026-01-12,100.5,102,99.75,101.25,100.9,1200300",
      "2026-01-13,101.25,103,101,102.5,102.14,900100",
    ].join("\n");
    expect(await parseClosesCsv(text, "IWM.csv")).toEqual([
      {
        date: "2026-01-12",
        open: 100.5,
        high: 102,
        low: 99.75,
        close: 101.25,
        adjClose: 100.9,
        volume: 1200300,
      },
      {
        date: "2026-01-13",
        open: 101.25,
        high: 103,
        low: 101,
        close: 102.5,
        adjClose: 102.14,
        volume: 900100,
      },
    ]);
  });

  it("reads a lowercase header with other column order, and ignores extra columns", async () => {
    const text = "symbol,close,date,dividends,volume\nQQQ,522.6,2026-01-13,0,24675697\n";
    expect(await parseClosesCsv(text, "QQQ.csv")).toEqual([
      { date: "2026-01-13", close: 522.6, volume: 24675697 },
    ]);
  });

  it("accepts adj_close and adjclose spellings", async () => {
    for (const name of ["adj_close", "adjclose", "Adj Close"]) {
      const [bar] = await parseClosesCsv(`date,close,${name}\n2026-01-13,10,9.5\n`, "X.csv");
      expect(bar?.adjClose).toBe(9.5);
    }
  });

  it("handles BOM, CRLF, quoted thousands and timestamps with a time zone", async () => {
    const text =
      '\uFEFFDate,Close\r\n"2026-01-13 00:00:00-05:00","2,600.00"\r\n2026-01-12T00:00:00,"2,580.5"\r\n';
    expect(await parseClosesCsv(text, "^RUT.csv")).toEqual([
      { date: "2026-01-12", close: 2580.5 },
      { date: "2026-01-13", close: 2600 },
    ]);
  });

  it("skips rows whose close is null or empty, and leaves out missing optional values", async () => {
    const text = [
      "Date,Open,High,Low,Close,Adj Close,Volume",
      "2025-07-14,9,9.2,8.9,9.1,9.1,1000",
      "2025-07-15,null,null,null,null,null,null",
      "2025-07-16,,,,,,",
      "2025-07-17,null,null,null,9.3,null,null",
    ].join("\n");
    expect(await parseClosesCsv(text, "KORA.csv")).toEqual([
      { date: "2025-07-14", open: 9, high: 9.2, low: 8.9, close: 9.1, adjClose: 9.1, volume: 1000 },
      { date: "2025-07-17", close: 9.3 },
    ]);
  });

  it("sorts rows ascending, collapses an identical repeat and skips blank lines", async () => {
    const text = "date,close\n2026-01-14,3\n\n2026-01-12,1\n2026-01-13,2\n2026-01-14,3\n";
    expect((await parseClosesCsv(text, "A.csv")).map((b) => [b.date, b.close])).toEqual([
      ["2026-01-12", 1],
      ["2026-01-13", 2],
      ["2026-01-14", 3],
    ]);
  });

  it("reads a BOM, CRLF line ends, quoted commas and rows longer than the header", async () => {
    const text =
      '\uFEFFDate,Close,Note\r\n2026-01-12,"1,234.50","up, then down"\r\n2026-01-13,1235,x,extra\r\n';
    expect(await parseClosesCsv(text, "A.csv")).toEqual([
      { date: "2026-01-12", close: 1234.5 },
      { date: "2026-01-13", close: 1235 },
    ]);
  });

  it("returns no bars for a header-only file", async () => {
    expect(await parseClosesCsv("Date,Close\n", "A.csv")).toEqual([]);
  });

  it("rejects a repeated date with a different close, naming both lines", async () => {
    const err = await errorOf(() => parseClosesCsv("date,close\n2026-01-13,2\n2026-01-13,2.5\n", "A.csv"));
    expect(err.message).toBe(
      "A.csv line 3: date 2026-01-13 repeats line 2 with a different close (2.5 vs 2)",
    );
    expect(err.source).toBe("A.csv");
  });

  it("names the file and line of a close that is not a number", async () => {
    const lines = ["Date,Close", ...Array.from({ length: 12 }, (_, i) => `2025-12-${10 + i},2500`)];
    lines.push("2025-12-29,abc");
    const err = await errorOf(() => parseClosesCsv(lines.join("\n"), "^RUT.csv"));
    expect(err.message).toBe('^RUT.csv line 14: close "abc" is not a number');
  });

  it("names a missing close or date column with the header as written", async () => {
    expect((await errorOf(() => parseClosesCsv("Date,Price\n2026-01-13,1\n", "IWM.csv"))).message).toBe(
      'IWM.csv: no "close" column in header "Date,Price"',
    );
    expect((await errorOf(() => parseClosesCsv("Day,Close\n", "IWM.csv"))).message).toBe(
      'IWM.csv: no "date" column in header "Day,Close"',
    );
  });

  it("rejects bad dates, bad optional numbers, short rows, broken quotes and empty files", async () => {
    expect((await errorOf(() => parseClosesCsv("date,close\n13/01/2026,1\n", "A.csv"))).message).toBe(
      'A.csv line 2: date "13/01/2026" is not a YYYY-MM-DD date',
    );
    expect(
      (await errorOf(() => parseClosesCsv("date,close,volume\n2026-01-13,1,lots\n", "A.csv"))).message,
    ).toBe('A.csv line 2: volume "lots" is not a number');
    expect((await errorOf(() => parseClosesCsv("date,open,close\n2026-01-13,1\n", "A.csv"))).message).toBe(
      "A.csv line 2: expected 3 fields, got 2",
    );
    expect((await errorOf(() => parseClosesCsv('date,close\n2026-01-13,"1\n', "A.csv"))).message).toBe(
      "A.csv line 2: a quoted field is never closed",
    );
    expect((await errorOf(() => parseClosesCsv("\n\n", "A.csv"))).message).toMatch(/^A\.csv: empty file/);
  });
});
