import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { DataUnavailableError } from "../../../src/core/errors.ts";
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
});

afterEach(async () => {
  await fake.close();
});

/** A port that was free a moment ago and has nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("retries", () => {
  test("GIVEN 429 with Retry-After: 2 THEN waits exactly 2 s once and succeeds", async () => {
    const { provider, waits } = makeProvider(fake);
    fake.inject({ status429: 1, retryAfter: "2" });
    const series = await provider.history("SPY", range);
    expect(series.bars).toHaveLength(2);
    expect(waits).toEqual([2000]);
    expect(fake.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  test("GIVEN Retry-After as an HTTP date THEN waits until that instant by our clock", async () => {
    const { provider, waits } = makeProvider(fake);
    fake.inject({ status429: 1, retryAfter: new Date(OPEN_NOW + 3000).toUTCString() });
    await provider.history("SPY", range);
    expect(waits).toEqual([3000]);
  });

  test("GIVEN a Retry-After longer than we hold a request THEN fails at once, honestly", async () => {
    const { provider, waits } = makeProvider(fake);
    fake.inject({ status429: 1, retryAfter: "600" });
    const err = await provider.history("SPY", range).catch((e) => e);
    expect(err).toBeInstanceOf(DataUnavailableError);
    expect(err.message).toMatch(/429.*600 s/);
    expect(waits).toEqual([]);
    expect(fake.counts.chart).toBe(1);
  });

  test("GIVEN two 5xx THEN exponential backoff with jitter, then success", async () => {
    const { provider, waits } = makeProvider(fake, { random: () => 0.5 });
    fake.inject({ status5xx: 2, status: 503 });
    const series = await provider.history("SPY", range);
    expect(series.bars).toHaveLength(2);
    // Equal jitter: half of 250 ms (and 500 ms) fixed, half scaled by random() = 0.5.
    expect(waits).toEqual([188, 375]);
  });

  test("jitter stays within [step/2, step]", async () => {
    const low = makeProvider(fake, { random: () => 0 });
    fake.inject({ status5xx: 3, status: 500 });
    await low.provider.history("SPY", range);
    expect(low.waits).toEqual([125, 250, 500]);
    const high = makeProvider(fake, { random: () => 0.999999 });
    fake.inject({ status5xx: 1, status: 500 });
    await high.provider.history("SPY", range);
    expect(high.waits).toEqual([250]);
  });

  test("GIVEN a request that never answers THEN it times out and the retry succeeds", async () => {
    const { provider, waits } = makeProvider(fake, { timeoutMs: 300 });
    fake.inject({ hang: 1 });
    const series = await provider.history("SPY", range);
    expect(series.bars).toHaveLength(2);
    expect(fake.counts.chart).toBe(2);
    expect(waits).toHaveLength(1);
  });

  test("GIVEN every attempt times out THEN DataUnavailableError saying so", async () => {
    const { provider, waits } = makeProvider(fake, { timeoutMs: 200, retries: 1 });
    fake.inject({ hang: Number.POSITIVE_INFINITY });
    const err = await provider.history("SPY", range).catch((e) => e);
    expect(err).toBeInstanceOf(DataUnavailableError);
    expect(err.message).toMatch(/within 200 ms/);
    expect(waits).toHaveLength(1);
  });

  test("GIVEN no network (fetch failed) THEN DataUnavailableError after the retries, briefly", async () => {
    const port = await closedPort();
    const { provider, waits } = makeProvider(fake, { baseUrl: `http://127.0.0.1:${port}`, random: () => 1 });
    const err = await provider.history("SPY", range).catch((e) => e);
    expect(err).toBeInstanceOf(DataUnavailableError);
    expect(err.message).toMatch(/cannot reach query2\.finance\.yahoo\.com/);
    expect(waits).toHaveLength(3);
    // The whole give-up path waits under two seconds.
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThan(2000);
  });

  test("GIVEN no network for quotes THEN DataUnavailableError, not a crash", async () => {
    const port = await closedPort();
    const { provider } = makeProvider(fake, { baseUrl: `http://127.0.0.1:${port}`, retries: 0 });
    await expect(provider.quotes(["SPY", "IWM"])).rejects.toBeInstanceOf(DataUnavailableError);
  });
});
