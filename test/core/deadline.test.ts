// The dispatcher's deadline and cancellation, with ports that never answer (and ignore signals):
// the caller still gets a reply, in our words.
import { describe, expect, it } from "vitest";
import { commands } from "../../src/commands/index.ts";
import { describeWait, WaitTracker } from "../../src/core/deadline.ts";
import { type DispatchContext, dispatchText } from "../../src/core/dispatch.ts";
import type { MarketData, Store } from "../../src/core/ports.ts";
import { silentLogger } from "../../src/core/ports.ts";

const noStore: Store = {
  get: async () => undefined,
  set: async () => {},
  getMany: async (_namespace, keys) => keys.map(() => undefined),
  setMany: async () => {},
  setIfAbsent: async () => true,
  delete: async () => {},
  close: async () => {},
};

/** Never answers, ignores its signal; reports a wait as a real source would. */
function deafMarket(seen: { signal?: AbortSignal | undefined }[]): MarketData {
  const never = new Promise<never>(() => {});
  return {
    name: "Yahoo Finance",
    history: (_s, _r, options) => {
      seen.push({ signal: options?.signal });
      options?.waiting?.({ source: "Yahoo Finance", attempt: 1, attempts: 3 });
      return never;
    },
    quotes: () => never,
  };
}

function ctx(market: MarketData, extra: Partial<DispatchContext> = {}): DispatchContext {
  return {
    commands,
    market,
    store: noStore,
    clock: { now: () => Date.parse("2026-01-14T15:00:00Z") },
    logger: silentLogger,
    requester: { platform: "cli" },
    deadlineMs: 400,
    ...extra,
  };
}

describe("the dispatcher's deadline", () => {
  it("GIVEN a source that never answers and ignores its signal THEN an outage naming it at the deadline", async () => {
    const seen: { signal?: AbortSignal | undefined }[] = [];
    const reply = await dispatchText("/rotation ytd", ctx(deafMarket(seen)));
    expect(reply).toMatchObject({ kind: "outage", visibility: "private" });
    expect(reply.fallback).toBe(
      "Market data unavailable: Yahoo Finance did not answer within 1 s. Try again in a few minutes.",
    );
    // Every port call carried the run's signal, aborted by now.
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) expect(s.signal?.aborted).toBe(true);
  });

  it("GIVEN the caller cancels THEN 'Cancelled.' at once, and the ports' signal is aborted", async () => {
    const seen: { signal?: AbortSignal | undefined }[] = [];
    const controller = new AbortController();
    const pending = dispatchText(
      "/rotation ytd",
      ctx(deafMarket(seen), { deadlineMs: 60_000, signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 20);
    const reply = await pending;
    expect(reply).toMatchObject({ kind: "outage", visibility: "private", fallback: "Cancelled." });
    for (const s of seen) expect(s.signal?.aborted).toBe(true);
  });

  it("GIVEN a user error THEN no deadline is involved", async () => {
    const reply = await dispatchText("/rotation 7q", ctx(deafMarket([])));
    expect(reply.kind).toBe("user-error");
  });
});

describe("what a run waits for", () => {
  it("says nothing before its time, then the furthest attempt, never stepping back", () => {
    const shown: string[] = [];
    const tracker = new WaitTracker((p) => shown.push(p.message), 60_000);
    const end1 = tracker.waiting({ source: "Yahoo Finance", attempt: 1, attempts: 3 });
    expect(shown).toEqual([]);
    end1();
    tracker.stop();
    expect(describeWait({ source: "Yahoo Finance", attempt: 2, attempts: 3 })).toBe(
      "waiting for Yahoo Finance, attempt 2 of 3",
    );
    expect(describeWait({ source: "the holdings file from www.ishares.com" })).toBe(
      "waiting for the holdings file from www.ishares.com",
    );
  });
});
