// Breadth from closes when some members' closes cannot be fetched (the real yahoo-finance2 against
// the fake Yahoo server): the answer comes with the coverage it has, and nothing computed from a
// passing outage is stored as history for good.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemberLists } from "../../src/adapters/members/index.ts";
import { createStore } from "../../src/adapters/store/create-store.ts";
import { YahooMarketData } from "../../src/adapters/yahoo/yahoo-market-data.ts";
import { BREADTH_HISTORY_NAMESPACE } from "../../src/core/breadth/history-store.ts";
import { recordBreadthSnapshot } from "../../src/core/breadth/record.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { type Store, silentLogger } from "../../src/core/ports.ts";
import type { Reply } from "../../src/core/reply.ts";
import {
  type HoldingsServer,
  isharesFile,
  startHoldingsServer,
} from "../adapters/members/holdings-server.ts";
import { type FakeYahoo, startFakeYahoo } from "../fakes/yahoo/server.ts";
import { withMembers } from "./breadth-helpers.ts";

/** Tue 13 Jan 2026, 17:00 New York: that session has closed. */
const AFTER_CLOSE = Date.UTC(2026, 0, 13, 22, 0, 0);
const clock = { now: () => AFTER_CLOSE };
const SYMBOLS = ["SYN1", "SYN2", "SYN3", "SYN4"];

let fake: FakeYahoo;
let holdings: HoldingsServer;
let dir: string;
let store: Store;

beforeEach(async () => {
  fake = await startFakeYahoo({ synthesize: /^SYN\d+$/, now: clock.now });
  holdings = await startHoldingsServer(
    isharesFile(
      "2026-01-12",
      SYMBOLS.map((ticker) => ({ ticker, name: `${ticker} Inc`, sector: "Energy", exchange: "NYSE" })),
    ),
  );
  dir = await mkdtemp(join(tmpdir(), "breadth-outage-"));
  store = await createStore({ sqlitePath: join(dir, "store.sqlite") }, silentLogger);
});
afterEach(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
  await fake.close();
  await holdings.close();
});

function context() {
  const market = new YahooMarketData({
    baseUrl: fake.url,
    concurrency: 2,
    timeoutMs: 5_000,
    retries: 0,
    batchSize: 50,
    logger: silentLogger,
    clock,
    sleep: async () => {},
  });
  const members = createMemberLists({ urls: { RUT: holdings.url } }, { store, clock, logger: silentLogger });
  return withMembers({ market, store, clock, logger: silentLogger, requester: { platform: "cli" } }, members);
}

const ask = (text: string): Promise<Reply> => dispatchText(text, context());

describe("closes of one member of four failing", () => {
  it("GIVEN history THEN the sessions are shown over 3 members, said to be unsaved, and computed in full once Yahoo answers", async () => {
    fake.inject({ status5xx: 99, forSymbols: ["SYN2"], forPath: "chart" });
    const partial = await ask("/breadth RUT history 3");
    expect(partial.kind).toBe("answer");
    const d = partial.data as { sessions: { counted: number }[]; backfilled: number };
    expect(d.sessions.map((s) => s.counted)).toEqual([3, 3, 3]);
    // The 3 shown and the McClellan warm-up before them (450 sessions in all) are computed.
    expect(partial.fallback).toContain(
      "Computed 450 sessions from daily closes; not stored, because some members' closes could not be fetched",
    );
    expect(await store.get(BREADTH_HISTORY_NAMESPACE, "RUT:2026-01-13")).toBeUndefined();

    fake.reset();
    const full = await ask("/breadth RUT history 3");
    const f = full.data as { sessions: { counted: number }[]; backfilled: number };
    expect(f.backfilled).toBe(450);
    expect(f.sessions.map((s) => s.counted)).toEqual([4, 4, 4]);
    expect(full.fallback).toContain("Back-filled 450 sessions from daily closes; they are now stored.");
    expect(await store.get(BREADTH_HISTORY_NAMESPACE, "RUT:2026-01-13")).toMatchObject({ directionOf: 4 });
  });

  it("GIVEN an as-of snapshot THEN it answers with 3 of 4 priced, names the missing member, and stores nothing", async () => {
    fake.inject({ status5xx: 99, forSymbols: ["SYN2"], forPath: "chart" });
    const reply = await ask("/breadth RUT close 2026-01-13");
    expect(reply.kind).toBe("answer");
    expect(reply.data).toMatchObject({ members: 4, priced: 3, meaningful: true });
    expect(reply.fallback).toMatch(/1 member not priced: 1 Yahoo Finance unavailable \(SYN2\)/);
    expect(await store.get(BREADTH_HISTORY_NAMESPACE, "RUT:2026-01-13")).toBeUndefined();
  });

  it("GIVEN the after-close recording THEN it records nothing, so the scheduler tries again", async () => {
    fake.inject({ status5xx: 99, forSymbols: ["SYN2"], forPath: "chart" });
    expect(await recordBreadthSnapshot("RUT", context(), "2026-01-13")).toBeUndefined();
    fake.reset();
    expect(await recordBreadthSnapshot("RUT", context(), "2026-01-13")).toMatchObject({ directionOf: 4 });
  });
});
