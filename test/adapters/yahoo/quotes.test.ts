import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { BadDataError, DataUnavailableError } from "../../../src/core/errors.ts";
import type { QuoteBatchProgress } from "../../../src/core/ports.ts";
import { type FakeYahoo, startFakeYahoo } from "../../fakes/yahoo/server.ts";
import { makeProvider, OPEN_NOW } from "./helpers.ts";

let fake: FakeYahoo;
const syn = (n: number) => Array.from({ length: n }, (_, i) => `SYN${i + 1}`);

beforeEach(async () => {
  fake = await startFakeYahoo({ synthesize: /^SYN\d+$/, now: () => OPEN_NOW });
});

afterEach(async () => {
  await fake.close();
});

describe("quotes", () => {
  test("GIVEN 120 symbols THEN 3 requests of at most 50, never more than `concurrency` in flight", async () => {
    const { provider } = makeProvider(fake, { concurrency: 2 });
    fake.inject({ latencyMs: 40, forPath: "quote" });
    const progress: QuoteBatchProgress[] = [];
    const result = await provider.quotes(syn(120), { onProgress: (p) => progress.push(p) });

    const batches = fake.requests.filter((r) => r.kind === "quote");
    expect(batches.map((r) => r.symbols.length).sort((a, b) => a - b)).toEqual([20, 50, 50]);
    expect(new Set(batches.flatMap((r) => r.symbols)).size).toBe(120);
    expect(fake.maxInFlight.quote).toBe(2);
    expect(result.quotes.map((q) => q.symbol)).toEqual(syn(120));
    expect(result.missing).toEqual([]);
    expect(progress).toHaveLength(3);
    expect(progress.at(-1)).toEqual({ done: 120, total: 120 });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
  });

  test("maps Yahoo's fields and market states onto Quote", async () => {
    const states = { AAA: "PRE", AAB: "PREPRE", AAC: "REGULAR", AAD: "POST", AAE: "POSTPOST", AAF: "CLOSED" };
    for (const [symbol, marketState] of Object.entries(states))
      fake.setQuote(symbol, { regularMarketPrice: 10, marketState });
    fake.setQuote("ORCH", {
      shortName: "Orchard Computing",
      longName: "Orchard Computing Corporation",
      currency: "USD",
      regularMarketPrice: 187.25,
      regularMarketChange: -2.15,
      regularMarketChangePercent: -1.1351637,
      regularMarketPreviousClose: 189.4,
      fiftyTwoWeekHigh: 214.8,
      fiftyTwoWeekLow: 151.02,
      fiftyDayAverage: 192.3318,
      twoHundredDayAverage: 176.58774,
      trailingPE: 27.5,
      forwardPE: 22.125,
      marketState: "CLOSED",
      regularMarketTime: 1768338060,
    });
    const { provider } = makeProvider(fake);
    const { quotes } = await provider.quotes(["ORCH", ...Object.keys(states)]);

    expect(quotes[0]).toEqual({
      symbol: "ORCH",
      name: "Orchard Computing",
      currency: "USD",
      price: 187.25,
      change: -2.15,
      changePercent: -1.1351637,
      previousClose: 189.4,
      fiftyTwoWeekHigh: 214.8,
      fiftyTwoWeekLow: 151.02,
      fiftyDayAverage: 192.3318,
      twoHundredDayAverage: 176.58774,
      trailingPE: 27.5,
      forwardPE: 22.125,
      marketState: "closed",
      time: 1768338060_000,
    });
    expect(quotes.slice(1).map((q) => q.marketState)).toEqual([
      "pre-market",
      "pre-market",
      "open",
      "after-hours",
      "after-hours",
      "closed",
    ]);
  });

  test("symbols Yahoo does not return, or returns without a price, are listed as missing", async () => {
    fake.setQuote("NOPRICE", { regularMarketPrice: undefined });
    const { provider } = makeProvider(fake);
    const result = await provider.quotes(["SYN1", "NOSUCH", "NOPRICE", "bad symbol!", "SYN1"]);

    expect(result.quotes.map((q) => q.symbol)).toEqual(["SYN1"]);
    expect(result.missing).toEqual([
      { symbol: "NOSUCH", reason: "not found by Yahoo Finance" },
      { symbol: "NOPRICE", reason: "Yahoo Finance has no price for it" },
      { symbol: "bad symbol!", reason: "not a valid Yahoo symbol" },
    ]);
    // The duplicate was asked for once.
    expect(fake.requests.find((r) => r.kind === "quote")?.symbols).toEqual(["SYN1", "NOSUCH", "NOPRICE"]);
  });

  test("no symbols: no request", async () => {
    const { provider } = makeProvider(fake);
    const result = await provider.quotes([]);
    expect(result.quotes).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  test("GIVEN one batch keeps failing THEN its symbols are missing and the others are answered", async () => {
    const { provider, waits } = makeProvider(fake, { concurrency: 3, retries: 2 });
    fake.inject({ status5xx: Number.POSITIVE_INFINITY, forSymbols: ["SYN60"] });
    const result = await provider.quotes(syn(120));

    expect(result.quotes).toHaveLength(70);
    expect(result.missing).toHaveLength(50);
    expect(result.missing.map((m) => m.symbol)).toEqual(syn(100).slice(50));
    expect(result.missing[0]?.reason).toBe("request failed: Yahoo Finance is failing right now (HTTP 503)");
    expect(waits).toHaveLength(2);
  });

  test("GIVEN a 429 on one batch THEN that batch waits and is answered", async () => {
    const { provider, waits } = makeProvider(fake);
    fake.inject({ status429: 1, retryAfter: "1", forSymbols: ["SYN1"] });
    const result = await provider.quotes(syn(60));
    expect(result.quotes).toHaveLength(60);
    expect(waits).toEqual([1000]);
  });

  test("GIVEN every batch fails THEN DataUnavailableError", async () => {
    const { provider } = makeProvider(fake, { retries: 1 });
    fake.inject({ status5xx: Number.POSITIVE_INFINITY, forPath: "quote" });
    const err = await provider.quotes(syn(80)).catch((e) => e);
    expect(err).toBeInstanceOf(DataUnavailableError);
    expect(err.source).toBe("Yahoo Finance");
  });

  // Behaviour changed on purpose: an unreadable answer is asked for once more, and then it is
  // reported as unreadable (BadDataError, in our words), not as an outage.
  test("GIVEN unreadable bodies everywhere THEN BadDataError in our words after one more try", async () => {
    const { provider } = makeProvider(fake);
    fake.inject({ badBody: Number.POSITIVE_INFINITY, badBodyKind: "schema", forPath: "quote" });
    const err = await provider.quotes(syn(3)).catch((e) => e);
    expect(err).toBeInstanceOf(BadDataError);
    expect(err.userText).toBe("Yahoo Finance sent an answer in a form we cannot read");
    expect(fake.counts.quote).toBe(2);
  });

  test("GIVEN one batch unreadable twice THEN only its symbols are missing, in our words", async () => {
    const { provider } = makeProvider(fake);
    fake.inject({ badBody: 2, badBodyKind: "truncated", forSymbols: ["SYN51"] });
    const result = await provider.quotes(syn(60));
    expect(result.quotes).toHaveLength(50);
    expect(result.missing).toHaveLength(10);
    expect(result.missing[0]?.reason).toBe("request failed: Yahoo Finance sent an incomplete answer");
  });

  test("GIVEN one unreadable answer THEN the retry is answered and nothing is missing", async () => {
    const { provider } = makeProvider(fake);
    fake.inject({ badBody: 1, badBodyKind: "html", forSymbols: ["SYN51"] });
    const result = await provider.quotes(syn(60));
    expect(result.quotes).toHaveLength(60);
    expect(result.missing).toHaveLength(0);
  });

  test("a symbol the fake serves with a time in the past keeps that time", async () => {
    // Before the open: the quote is yesterday's close and says so through its time and state.
    const early = Date.UTC(2026, 0, 13, 13, 0); // 08:00 New York
    await fake.close();
    fake = await startFakeYahoo({ synthesize: /^SYN\d+$/, now: () => early });
    const { provider } = makeProvider(fake);
    const { quotes } = await provider.quotes(["SYN3"]);
    expect(quotes[0]?.marketState).toBe("pre-market");
    expect(quotes[0]?.time).toBe(Date.UTC(2026, 0, 12, 21, 0)); // 16:00 New York on the 12th
  });
});
