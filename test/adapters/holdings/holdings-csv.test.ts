import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  holdingsDate,
  looksLikeHoldingsCsv,
  parseHoldings,
} from "../../../src/adapters/holdings/holdings-csv.ts";
import { BadDataError } from "../../../src/core/errors.ts";

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, "../../fixtures/closes/constituents", name), "utf8");

const ISHARES_HEADER =
  "Ticker,Name,Sector,Asset Class,Market Value,Weight (%),Notional Value,Quantity,Price,Location,Exchange,Currency,FX Rate,Market Currency,Accrual Date";
const row = (ticker: string, name: string, assetClass: string, weight: string, exchange: string) =>
  `"${ticker}","${name}","Industrials","${assetClass}","1,000.00","${weight}","1,000.00","10.00","100.00","United States","${exchange}","USD","1.00","USD","-"`;

function errorOf(fn: () => unknown): BadDataError {
  try {
    fn();
  } catch (err) {
    if (err instanceof BadDataError) return err;
    throw err;
  }
  throw new Error("expected a BadDataError");
}

describe("parseHoldings on the iShares layout", () => {
  const holdings = parseHoldings(fixture("RUT.csv"), "constituents/RUT.csv");

  it("reads the preamble and keeps the twelve equity members", () => {
    expect(holdings.fund).toBe("Synthetic Small-Cap Index Fund");
    expect(holdings.asOf).toBe("2026-01-13");
    expect(holdings.members).toHaveLength(12);
    // Money market, cash and the futures row; the "-" CVR row.
    expect(holdings.skipped).toEqual({ nonEquity: 3, noTicker: 1, duplicates: 0 });
    expect(holdings.members.map((m) => m.ticker)).not.toContain("USD");
    expect(holdings.members.map((m) => m.ticker)).not.toContain("RTYH6");
  });

  it("maps tickers to Yahoo symbols by the exchange-aware rule", () => {
    const bySymbol = new Map(holdings.members.map((m) => [m.ticker, m.symbol]));
    expect(bySymbol.get("MOGA")).toBe("MOG-A"); // NYSE, in the lookup table
    expect(bySymbol.get("RUSHA")).toBe("RUSHA"); // NASDAQ keeps its concatenated class
    expect(bySymbol.get("HOPW.B")).toBe("HOPW-B"); // dotted class
    expect(bySymbol.get("KORA")).toBe("KORA"); // NYSE, ends in A, not a class ticker
  });

  it("keeps name, sector, weight, exchange and asset class of each member", () => {
    expect(holdings.members[0]).toEqual({
      ticker: "DLTW",
      symbol: "DLTW",
      name: "DELTAWAVE SEMICONDUCTOR INC",
      sector: "Information Technology",
      weight: 12.24,
      exchange: "NASDAQ",
      assetClass: "Equity",
    });
    const sectors = new Set(holdings.members.map((m) => m.sector));
    expect(sectors).toEqual(
      new Set([
        "Information Technology",
        "Industrials",
        "Energy",
        "Consumer Discretionary",
        "Financials",
        "Utilities",
        "Real Estate",
        "Health Care",
      ]),
    );
  });

  it("stops at a prose line straight after the table, and adds up a repeated ticker once", () => {
    const text = [
      "Fund",
      ISHARES_HEADER,
      row("AAA", "AAA INC", "Equity", "1.50", "NASDAQ"),
      row("AAA", "AAA INC CVR", "Equity", "0.25", "NO MARKET (E.G. UNLISTED)"),
      '"Holdings subject to change, see the prospectus."',
      row("ZZZ", "NEVER READ", "Equity", "1.00", "NYSE"),
    ].join("\r\n");
    const parsed = parseHoldings(text, "x.csv");
    expect(parsed.members).toEqual([
      expect.objectContaining({ ticker: "AAA", weight: 1.75, exchange: "NASDAQ", name: "AAA INC" }),
    ]);
    expect(parsed.skipped.duplicates).toBe(1);
    expect(parsed.asOf).toBeUndefined();
  });
});

describe("parseHoldings on a simple list", () => {
  it("reads the fixture NDX list", () => {
    const holdings = parseHoldings(fixture("NDX.csv"), "constituents/NDX.csv");
    expect(holdings.members.map((m) => m.symbol)).toEqual(["DLTW", "CSKY", "RUSHA", "KLNR", "BRVX"]);
    expect(holdings.members[0]).toEqual({
      ticker: "DLTW",
      symbol: "DLTW",
      name: "Deltawave Semiconductor Inc",
      sector: "Information Technology",
      weight: 32,
    });
    expect(holdings.members.reduce((s, m) => s + (m.weight ?? 0), 0)).toBeCloseTo(100, 9);
    expect(holdings.skipped).toEqual({ nonEquity: 0, noTicker: 0, duplicates: 0 });
  });

  it("accepts a Symbol column in any case, dotted and spaced classes, and no other columns", () => {
    const holdings = parseHoldings("SYMBOL\nbrk.b\nBF B\nGOOGL\n-\n", "list.csv");
    expect(holdings.members.map((m) => m.symbol)).toEqual(["BRK-B", "BF-B", "GOOGL"]);
    expect(holdings.members[0]).toEqual({ ticker: "brk.b", symbol: "BRK-B" });
    expect(holdings.skipped.noTicker).toBe(1);
  });

  it("applies the NYSE table when a simple list has an Exchange column", () => {
    const holdings = parseHoldings("ticker,exchange\nMOGA,New York Stock Exchange\nMOGA2,NYSE\n", "l.csv");
    expect(holdings.members.map((m) => m.symbol)).toEqual(["MOG-A", "MOGA2"]);
  });
});

describe("parseHoldings errors", () => {
  it("names the source when no header row is found", () => {
    const err = errorOf(() => parseHoldings("<html><body>Please sign in</body></html>\n", "IWM download"));
    expect(err.message).toBe('IWM download: no header row with a "Ticker" or "Symbol" column found');
    expect(err.source).toBe("IWM download");
  });

  it("names the line of a row with the wrong number of fields", () => {
    const text = ["Fund", ISHARES_HEADER, row("AAA", "A", "Equity", "1", "NYSE"), '"BBB","B","Industrials"'];
    expect(errorOf(() => parseHoldings(text.join("\n"), "h.csv")).message).toBe(
      "h.csv line 4: expected 15 fields as in the header, got 3",
    );
  });

  it("rejects a bad weight, a ticker that is no symbol, a bad as-of date and broken quoting", () => {
    expect(errorOf(() => parseHoldings("Ticker,Weight\nAAA,heavy\n", "h.csv")).message).toBe(
      'h.csv line 2: weight "heavy" is not a number',
    );
    expect(errorOf(() => parseHoldings("Ticker\nA$B\n", "h.csv")).message).toBe(
      'h.csv line 2: ticker "A$B" is not a symbol',
    );
    expect(
      errorOf(() => parseHoldings('F\nFund Holdings as of,"Smarch 5, 2026"\nTicker\n', "h.csv")).message,
    ).toBe('h.csv line 2: "Fund Holdings as of" date "Smarch 5, 2026" is not a date');
    expect(errorOf(() => parseHoldings('Ticker\n"AAA\n', "h.csv")).message).toBe(
      "h.csv line 2: a quoted field is never closed",
    );
  });
});

describe("holdingsDate", () => {
  it("reads the publisher's date forms", () => {
    expect(holdingsDate("May 05, 2026")).toBe("2026-05-05");
    expect(holdingsDate("Jan 13, 2026")).toBe("2026-01-13");
    expect(holdingsDate("January 2 2026")).toBe("2026-01-02");
    expect(holdingsDate("01/13/2026")).toBe("2026-01-13");
    expect(holdingsDate("2026-01-13")).toBe("2026-01-13");
    expect(holdingsDate("Feb 30, 2026")).toBeUndefined();
    expect(holdingsDate("-")).toBeUndefined();
  });
});

describe("looksLikeHoldingsCsv", () => {
  it("accepts the fixture files and rejects HTML and other text", () => {
    expect(looksLikeHoldingsCsv(fixture("RUT.csv"))).toBe(true);
    expect(looksLikeHoldingsCsv(fixture("NDX.csv"))).toBe(true);
    expect(looksLikeHoldingsCsv("<!DOCTYPE html>\n<html><head><title>iShares</title></head></html>")).toBe(
      false,
    );
    expect(looksLikeHoldingsCsv("\uFEFF  <html>Ticker,Name</html>")).toBe(false);
    expect(looksLikeHoldingsCsv("Date,Close\n2026-01-13,1\n")).toBe(false);
    expect(looksLikeHoldingsCsv("")).toBe(false);
  });
});
