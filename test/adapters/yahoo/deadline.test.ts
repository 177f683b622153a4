// The Yahoo adapter under a caller's deadline and signal: attempts and back-off fit inside the
// deadline, and an abort closes the request in flight (the fake sees the connection go).
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { abortableSleep } from "../../../src/core/deadline.ts";
import { DataUnavailableError } from "../../../src/core/errors.ts";
import type { WaitNote } from "../../../src/core/ports.ts";
import { type FakeYahoo, startFakeYahoo } from "../../fakes/yahoo/server.ts";
import { makeProvider, OPEN_NOW } from "./helpers.ts";

let fake: FakeYahoo;
const range = { from: "2026-01-05", to: "2026-01-09" };

beforeEach(async () => {
  fake = await startFakeYahoo({ now: () => OPEN_NOW });
  fake.setBars("SPY", [
    { date: "2026-01-05", close: 600 },
    { date: "2026-01-06", close: 603 },
  ]);
  fake.setQuote("SPY", { regularMarketPrice: 603 });
});

afterEach(async () => {
  await fake.close();
});

describe("a caller's deadline and signal", () => {
  test("GIVEN an abort while a request is in flight THEN it fails at once and the connection is closed", async () => {
    const { provider } = makeProvider(fake, { sleep: abortableSleep });
    fake.stall(true);
    const controller = new AbortController();
    const pending = provider.history("SPY", range, { signal: controller.signal }).catch((e) => e);
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1));
    controller.abort(new Error("the person asking cancelled"));
    const err = await pending;
    expect(err).toBeInstanceOf(DataUnavailableError);
    expect(err.timedOut).toBe(true);
    await vi.waitFor(() => expect(fake.abandoned).toBe(1));
    // No retry after an abort.
    expect(fake.requests).toHaveLength(1);
  });

  test("GIVEN an abort during quotes THEN every batch in flight is closed and none is started", async () => {
    const { provider } = makeProvider(fake, { sleep: abortableSleep, batchSize: 1, concurrency: 2 });
    fake.stall(true);
    const controller = new AbortController();
    const pending = provider
      .quotes(["SPY", "IWM", "QQQ", "DIA"], { signal: controller.signal })
      .catch((e) => e);
    await vi.waitFor(() => expect(fake.requests.length).toBeGreaterThan(0));
    controller.abort(new Error("stop"));
    expect(await pending).toBeInstanceOf(DataUnavailableError);
    const seen = fake.requests.length;
    await vi.waitFor(() => expect(fake.abandoned).toBe(seen));
    expect(fake.requests).toHaveLength(seen);
  });

  test("GIVEN a deadline shorter than the time-out THEN the attempt is cut to it and none follows", async () => {
    const { provider, waits } = makeProvider(fake, { timeoutMs: 5_000, retries: 3 });
    fake.stall(true);
    const err = await provider.history("SPY", range, { deadline: Date.now() + 400 }).catch((e) => e);
    expect(err).toBeInstanceOf(DataUnavailableError);
    expect(err.timedOut).toBe(true);
    expect(fake.requests).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  test("GIVEN a Retry-After past the deadline THEN no sleep and no second attempt", async () => {
    const { provider, waits } = makeProvider(fake);
    fake.inject({ status429: 5, retryAfter: "2" });
    const err = await provider.history("SPY", range, { deadline: Date.now() + 1_000 }).catch((e) => e);
    expect(err).toBeInstanceOf(DataUnavailableError);
    expect(waits).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  test("GIVEN a deadline already passed THEN no request at all", async () => {
    const { provider } = makeProvider(fake);
    const err = await provider.history("SPY", range, { deadline: Date.now() - 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(DataUnavailableError);
    expect(fake.requests).toHaveLength(0);
  });

  test("each attempt is reported as a wait, and its end too", async () => {
    const { provider } = makeProvider(fake, { retries: 2 });
    fake.inject({ status5xx: 1 });
    const notes: WaitNote[] = [];
    let open = 0;
    await provider.history("SPY", range, {
      waiting: (note) => {
        notes.push(note);
        open++;
        return () => {
          open--;
        };
      },
    });
    expect(notes).toEqual([
      { source: "Yahoo Finance", attempt: 1, attempts: 3 },
      { source: "Yahoo Finance", attempt: 2, attempts: 3 },
    ]);
    expect(open).toBe(0);
  });
});
