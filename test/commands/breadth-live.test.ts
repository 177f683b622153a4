// Live /breadth through the real YahooMarketData (yahoo-finance2) against the fake Yahoo server,
// with the member list downloaded from a local holdings server: hand-computed figures, failed
// batches, and too little priced to answer.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemberLists } from "../../src/adapters/members/index.ts";
import { YahooMarketData } from "../../src/adapters/yahoo/yahoo-market-data.ts";
import type { Progress } from "../../src/core/command.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { type MemberLists, type Store, silentLogger } from "../../src/core/ports.ts";
import type { Reply } from "../../src/core/reply.ts";
import {
  type HoldingsServer,
  isharesFile,
  startHoldingsServer,
} from "../adapters/members/holdings-server.ts";
import { type FakeYahoo, startFakeYahoo } from "../fakes/yahoo/server.ts";
import { fieldValue, footerOf, withMembers } from "./breadth-helpers.ts";
import { memoryStore } from "./helpers.ts";

/** Tue 13 Jan 2026, 15:00 New York: the market is open. */
const OPEN_NOW = Date.UTC(2026, 0, 13, 20, 0, 0);
const clock = { now: () => OPEN_NOW };
const t = Math.floor(OPEN_NOW / 1000);

let fake: FakeYahoo;
let holdings: HoldingsServer;
let progress: Progress[];

async function ask(text: string, members: MemberLists, store: Store = memoryStore): Promise<Reply> {
  const market = new YahooMarketData({
    baseUrl: fake.url,
    concurrency: 2,
    timeoutMs: 5_000,
    retries: 1,
    batchSize: 50,
    logger: silentLogger,
    clock,
    sleep: async () => {},
    random: () => 0.5,
  });
  const ctx = withMembers(
    {
      market,
      store,
      clock,
      logger: silentLogger,
      requester: { platform: "slack" },
      progress: (p) => progress.push(p),
    },
    members,
  );
  return dispatchText(text, ctx);
}

function memberLists(url: string): MemberLists {
  return createMemberLists({ urls: { RUT: url } }, { store: memoryStore, clock, logger: silentLogger });
}

beforeEach(async () => {
  fake = await startFakeYahoo({ synthesize: /^SYN\d+$/, now: clock.now });
  progress = [];
});
afterEach(async () => {
  await fake.close();
  await holdings.close();
});

describe("live breadth of five members, worked by hand", () => {
  beforeEach(async () => {
    const row = (ticker: string, sector: string) => ({
      ticker,
      name: `${ticker} Corp`,
      sector,
      exchange: "NASDAQ",
    });
    holdings = await startHoldingsServer(
      isharesFile("2026-01-12", [
        row("AAA", "Technology"),
        row("BBB", "Technology"),
        row("CCC", "Health Care"),
        row("DDD", "Health Care"),
        row("EEE", "Energy"),
      ]),
    );
    const q = (price: number, prev: number, avg50: number, avg200: number, high: number, low: number) => ({
      regularMarketPrice: price,
      regularMarketPreviousClose: prev,
      fiftyDayAverage: avg50,
      twoHundredDayAverage: avg200,
      fiftyTwoWeekHigh: high,
      fiftyTwoWeekLow: low,
      regularMarketTime: t,
      marketState: "REGULAR",
    });
    fake.setQuotes({
      AAA: q(10, 9.5, 9, 11, 10, 6), // up; above 50-day only; at its 52-week high
      BBB: q(20, 20.5, 21, 19, 25, 20), // down; above 200-day only; at its 52-week low
      CCC: q(5, 5, 4, 4, 6, 4), // unchanged; above both
      // DDD: unknown to Yahoo
      EEE: q(30, 29, 29, 28, 30.5, 10), // up; above both
    });
  });

  it("THEN 2 up, 1 down, 1 unchanged of 4 priced; 3 of 4 above each average; 1 high, 1 low", async () => {
    const reply = await ask("/breadth RUT", memberLists(holdings.url));
    expect(reply.kind).toBe("answer");
    const d = reply.data as Record<string, unknown>;
    expect(d).toMatchObject({ mode: "live", date: "2026-01-13", members: 5, priced: 4 });
    expect([d.advancing, d.declining, d.unchanged]).toEqual([2, 1, 1]);
    expect(d.above50).toEqual({ count: 3, of: 4 });
    expect(d.above200).toEqual({ count: 3, of: 4 });
    expect([d.highs, d.lows]).toEqual([
      { count: 1, of: 4 },
      { count: 1, of: 4 },
    ]);
    expect(fieldValue(reply, "Advancing")).toBe("50.0% (2 of 4)");
    expect(reply.fallback).toContain("1 member not priced: 1 not found by Yahoo Finance (DDD).");
    const footer = footerOf(reply);
    expect(footer).toContain("live at 15:00 New York, Tue 13 Jan 2026");
    expect(footer).toContain("live mode: quotes, intraday basis");
    expect(footer).toContain("as of 12 Jan 2026, 5 listed");
    expect(footer).toContain("4 of 5 members priced (80.0%)");
  });
});

describe("live breadth of 120 members with failing batches", () => {
  const syn = Array.from({ length: 120 }, (_, i) => `SYN${i + 1}`);
  beforeEach(async () => {
    const sectors = ["Energy", "Financials", "Industrials"];
    holdings = await startHoldingsServer(
      isharesFile(
        "2026-01-12",
        syn.map((ticker, i) => ({
          ticker,
          name: `${ticker} Inc`,
          sector: sectors[i % 3] as string,
          exchange: "NYSE",
        })),
      ),
    );
  });

  it("GIVEN one batch of 50 failing after its retry THEN answers with 70 priced and names what is missing", async () => {
    // Batches are SYN1-50, SYN51-100, SYN101-120; the second fails both its attempts.
    fake.inject({ status5xx: 2, forSymbols: ["SYN51"], forPath: "quote" });
    const reply = await ask("/breadth RUT", memberLists(holdings.url));
    const d = reply.data as Record<string, number | boolean>;
    expect(d.meaningful).toBe(true);
    expect([d.members, d.priced]).toEqual([120, 70]);
    expect(Number(d.advancing) + Number(d.declining) + Number(d.unchanged)).toBe(70);
    expect(reply.fallback).toMatch(
      /50 members not priced: 50 request failed: .*\(SYN51, SYN52, SYN53, SYN54 and 46 more\)/,
    );
    expect(footerOf(reply)).toContain("70 of 120 members priced (58.3%)");
    // progress: the interim message names the work, and the count reaches all 120
    expect(progress[0]).toEqual({ message: "computing breadth of 120 members", done: 0, total: 120 });
    expect(progress.at(-1)).toMatchObject({ done: 120, total: 120 });
  });

  it("GIVEN two of three batches failing THEN refuses the percentages and says why", async () => {
    fake.inject({ status5xx: 4, forSymbols: ["SYN1", "SYN51"], forPath: "quote" });
    const reply = await ask("/breadth RUT", memberLists(holdings.url));
    expect(reply.kind).toBe("answer");
    expect((reply.data as { meaningful: boolean }).meaningful).toBe(false);
    expect(reply.fallback).toContain(
      "Only 20 of 120 members priced (16.7%): too few for a meaningful breadth reading, so no percentages are given.",
    );
    expect(reply.fallback).not.toMatch(/\d+\.\d% \(\d+ of \d+\)/);
    expect(reply.blocks.some((b) => b.type === "chart")).toBe(false);
  });

  it("GIVEN every batch failing THEN an honest outage reply", async () => {
    fake.inject({ status5xx: 99, forPath: "quote" });
    const reply = await ask("/breadth RUT", memberLists(holdings.url));
    expect(reply.kind).toBe("outage");
    expect(reply.fallback).toContain("Market data unavailable");
  });

  it("GIVEN the holdings URL answering HTML and nothing stored THEN an outage naming the holdings source", async () => {
    holdings.answer(200, "<html><body>Please enable cookies</body></html>");
    const fresh = createMemberLists(
      { urls: { RUT: holdings.url } },
      { store: memoryStore, clock: { now: () => OPEN_NOW + 1 }, logger: silentLogger },
    );
    await memoryStore.delete("members.v1", "RUT");
    const reply = await ask("/breadth RUT", fresh);
    expect(reply.kind).toBe("outage");
    expect(reply.fallback).toContain(
      "Market data unavailable: the Russell 2000 member list could not be loaded: the holdings file from 127.0.0.1",
    );
    expect(reply.fallback).toContain("(an HTML page, text/html), and nothing usable is cached");
  });
});
