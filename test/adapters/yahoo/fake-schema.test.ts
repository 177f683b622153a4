/**
 * The fake's bodies pass yahoo-finance2's OWN schema validation (strict: no extra properties), so
 * anyone calling the library directly against the fake gets what Yahoo would give them.
 */

import { afterAll, beforeAll, expect, test } from "vitest";
import YahooFinance from "yahoo-finance2";
import { ExtendedCookieJar } from "yahoo-finance2/lib/cookieJar";
import { rewritingFetch } from "../../../src/adapters/yahoo/rewrite.ts";
import { type FakeYahoo, startFakeYahoo } from "../../fakes/yahoo/server.ts";
import { OPEN_NOW } from "./helpers.ts";

let fake: FakeYahoo;
let yf: InstanceType<typeof YahooFinance>;

beforeAll(async () => {
  fake = await startFakeYahoo({ synthesize: /^(SYN\d+|SPY|\^GSPC)$/, now: () => OPEN_NOW });
  yf = new YahooFinance({
    fetch: rewritingFetch(fake.url),
    cookieJar: new ExtendedCookieJar(),
    suppressNotices: ["yahooSurvey"],
    versionCheck: false,
    validation: { logErrors: true, logOptionsErrors: true, allowAdditionalProps: false },
    logger: { info() {}, warn() {}, error() {}, debug() {}, dir() {} },
  });
});

afterAll(async () => {
  await fake.close();
});

test("quote() validates equity, ETF and index quotes", async () => {
  const quotes = await yf.quote(["SYN1", "SPY", "^GSPC"]);
  expect(quotes.map((q) => [q.symbol, q.quoteType])).toEqual([
    ["SYN1", "EQUITY"],
    ["SPY", "ETF"],
    ["^GSPC", "INDEX"],
  ]);
  expect(quotes[0]?.regularMarketTime).toBeInstanceOf(Date);
});

test("chart() validates, with and without bars", async () => {
  const full = await yf.chart("SPY", { period1: "2025-12-01", period2: "2026-01-01", interval: "1d" });
  expect(full.quotes.length).toBe(22);
  expect(full.meta.symbol).toBe("SPY");
  const empty = await yf.chart("SPY", { period1: "2026-01-10", period2: "2026-01-12", interval: "1d" });
  expect(empty.quotes).toEqual([]);
});

test("quoteSummary() validates price and summaryDetail", async () => {
  const summary = await yf.quoteSummary("SYN2", { modules: ["price", "summaryDetail"] });
  expect(summary.price?.symbol).toBe("SYN2");
  expect(typeof summary.summaryDetail?.fiftyDayAverage).toBe("number");
  expect(fake.requests.find((r) => r.kind === "quoteSummary")?.query.modules).toBe("price,summaryDetail");
});
