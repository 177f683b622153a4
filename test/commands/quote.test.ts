import { describe, expect, it } from "vitest";
import { ask } from "./helpers.ts";

interface QuoteData {
  quotes: {
    symbol: string;
    price: number;
    change: number;
    changePercent: number;
    fiftyTwoWeekHigh: number;
    when: string;
  }[];
  missing: { symbol: string; reason: string }[];
}

describe("/quote from a folder of closes, as of a past session", () => {
  it("GIVEN IWM SPY as of 13 Jan 2026 THEN closing prices, changes and 52-week distance", async () => {
    const reply = await ask("/quote IWM SPY", "2026-01-13");
    expect(reply.kind).toBe("answer");
    const data = reply.data as unknown as QuoteData;
    // IWM 258 -> 260: +2.00 (+0.78%), at its 52-week closing high; SPY 606 -> 609: +3.00 (+0.50%).
    expect(data.quotes[0]).toMatchObject({ symbol: "IWM", price: 260, change: 2, fiftyTwoWeekHigh: 260 });
    expect(data.quotes[0]?.changePercent).toBeCloseTo((2 / 258) * 100, 10);
    expect(data.quotes[1]).toMatchObject({ symbol: "SPY", price: 609, change: 3 });
    expect(reply.fallback).toContain("+2.00 (+0.78%)");
    expect(reply.fallback).toContain("+3.00 (+0.50%)");
    expect(reply.fallback).toContain("close Tue 13 Jan 2026");
    expect(reply.fallback).toContain("2 of 2 priced");
  });

  it("maps index words to their symbols and names what could not be priced", async () => {
    const reply = await ask("/quote RUT XYZQ", "2026-01-13");
    const data = reply.data as unknown as QuoteData;
    expect(data.quotes.map((q) => q.symbol)).toEqual(["^RUT"]);
    expect(data.missing.map((m) => m.symbol)).toEqual(["XYZQ"]);
    expect(reply.fallback).toContain("Not priced: XYZQ");
    expect(reply.fallback).toContain("1 of 2 priced");
  });

  it("GIVEN only unknown tickers THEN a user error, not an empty table", async () => {
    const reply = await ask("/quote XYZQ", "2026-01-13");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("No prices found for XYZQ");
  });

  it("GIVEN nothing or too much THEN says what to type", async () => {
    expect((await ask("/quote", "2026-01-13")).fallback).toContain("Give one to ten tickers.");
    const many = Array.from({ length: 11 }, () => "IWM").join(" ");
    expect((await ask(`/quote ${many}`, "2026-01-13")).fallback).toContain("That is 11 tickers");
  });
});
