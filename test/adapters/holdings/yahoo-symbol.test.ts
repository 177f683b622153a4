import { describe, expect, it } from "vitest";
import {
  isNyseExchange,
  NYSE_CLASS_TICKERS,
  toYahooSymbol,
} from "../../../src/adapters/holdings/yahoo-symbol.ts";
import { SYMBOL_PATTERN } from "../../../src/core/market/instruments.ts";

describe("toYahooSymbol", () => {
  it("dashes a share class written with a dot, a space or a slash, on any exchange", () => {
    expect(toYahooSymbol("BRK.B")).toBe("BRK-B");
    expect(toYahooSymbol("BF.B", "NYSE")).toBe("BF-B");
    expect(toYahooSymbol("BRK B")).toBe("BRK-B");
    expect(toYahooSymbol("HEI/A", "NYSE")).toBe("HEI-A");
    expect(toYahooSymbol(" brk.a ")).toBe("BRK-A");
  });

  it("looks concatenated NYSE class tickers up in the table", () => {
    expect(toYahooSymbol("MOGA", "NYSE")).toBe("MOG-A");
    expect(toYahooSymbol("GEFB", "New York Stock Exchange")).toBe("GEF-B");
    expect(toYahooSymbol("CRDA", "Nyse Mkt Llc")).toBe("CRD-A");
  });

  it("leaves NYSE tickers that merely end in a class letter alone", () => {
    for (const t of ["ZETA", "ACVA", "NUVB", "BETA", "GEF"]) expect(toYahooSymbol(t, "NYSE")).toBe(t);
  });

  it("never applies the table off NYSE or without an exchange", () => {
    for (const t of ["RUSHA", "RUSHB", "GOOGL", "LBTYA", "KELYA"]) expect(toYahooSymbol(t, "NASDAQ")).toBe(t);
    expect(toYahooSymbol("MOGA", "NASDAQ")).toBe("MOGA");
    expect(toYahooSymbol("MOGA")).toBe("MOGA");
  });

  it("keeps index and plain symbols", () => {
    expect(toYahooSymbol("AAPL", "NASDAQ")).toBe("AAPL");
    expect(toYahooSymbol("^RUT")).toBe("^RUT");
  });

  it("has a table of valid Yahoo symbols, each a dashed form of its key", () => {
    for (const [ticker, symbol] of Object.entries(NYSE_CLASS_TICKERS)) {
      expect(SYMBOL_PATTERN.test(symbol)).toBe(true);
      expect(symbol.replace("-", "")).toBe(ticker);
    }
  });
});

describe("isNyseExchange", () => {
  it("recognises the NYSE venues as iShares writes them", () => {
    expect(isNyseExchange("NYSE")).toBe(true);
    expect(isNyseExchange("New York Stock Exchange Inc.")).toBe(true);
    expect(isNyseExchange("Nyse Mkt Llc")).toBe(true);
    expect(isNyseExchange("NASDAQ")).toBe(false);
    expect(isNyseExchange("NO MARKET (E.G. UNLISTED)")).toBe(false);
    expect(isNyseExchange(undefined)).toBe(false);
  });
});
