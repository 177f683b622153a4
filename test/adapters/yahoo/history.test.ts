import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { BadDataError, DataUnavailableError, SymbolNotFoundError } from "../../../src/core/errors.ts";
import { nyWallTime } from "../../../src/core/market/time.ts";
import { type FakeYahoo, startFakeYahoo } from "../../fakes/yahoo/server.ts";
import { makeProvider, OPEN_NOW } from "./helpers.ts";

let fake: FakeYahoo;

beforeEach(async () => {
  fake = await startFakeYahoo({ synthesize: /^SYN\d+$/, now: () => OPEN_NOW });
  fake.setBars("IWM", [
    { date: "2026-01-05", open: 250, high: 252, low: 249, close: 251.5, volume: 30_000_000, adjClose: 250.9 },
    { date: "2026-01-06", close: 253 },
    // Yahoo sends rows with every field null for sessions it has no print for.
    { date: "2026-01-07", close: null },
    { date: "2026-01-08", close: 249.75 },
    { date: "2026-01-09", close: 255 },
  ]);
});

afterEach(async () => {
  await fake.close();
});

describe("history", () => {
  test("GIVEN daily bars WHEN asked for a range THEN New York dates, null closes dropped, adjClose kept", async () => {
    const { provider } = makeProvider(fake);
    const series = await provider.history("IWM", { from: "2026-01-05", to: "2026-01-08" });

    expect(series.symbol).toBe("IWM");
    expect(series.source).toBe("Yahoo Finance");
    expect(series.fetchedAt).toBe(OPEN_NOW);
    expect(series.bars.map((b) => b.date)).toEqual(["2026-01-05", "2026-01-06", "2026-01-08"]);
    expect(series.bars[0]).toEqual({
      date: "2026-01-05",
      open: 250,
      high: 252,
      low: 249,
      close: 251.5,
      volume: 30_000_000,
      adjClose: 250.9,
    });
    expect(series.bars[2]?.close).toBe(249.75);
  });

  test("asks chart() for interval 1d from New York midnight to the midnight after `to`", async () => {
    const { provider } = makeProvider(fake);
    await provider.history("IWM", { from: "2026-01-05", to: "2026-01-08" });

    const chart = fake.requests.filter((r) => r.kind === "chart");
    expect(chart).toHaveLength(1);
    expect(chart[0]?.path).toBe("/v8/finance/chart/IWM");
    expect(chart[0]?.query.interval).toBe("1d");
    expect(Number(chart[0]?.query.period1)).toBe(nyWallTime("2026-01-05", 0) / 1000);
    expect(Number(chart[0]?.query.period2)).toBe(nyWallTime("2026-01-09", 0) / 1000);
    // chart() needs no cookie: no handshake for history alone.
    expect(fake.counts.cookie).toBe(0);
  });

  test("a range with no sessions gives no bars, not an error", async () => {
    const { provider } = makeProvider(fake);
    const series = await provider.history("IWM", { from: "2026-01-10", to: "2026-01-11" });
    expect(series.bars).toEqual([]);
  });

  test("a range wholly before the first bar (Yahoo: 400 Data doesn't exist) gives no bars", async () => {
    const { provider, waits } = makeProvider(fake);
    const series = await provider.history("IWM", { from: "2025-06-02", to: "2025-06-06" });
    expect(series.bars).toEqual([]);
    expect(fake.requests.map((r) => r.status)).toEqual([400]);
    expect(waits).toEqual([]);
  });

  test("synthesized symbols give one ascending bar per trading day", async () => {
    const { provider } = makeProvider(fake);
    const series = await provider.history("SYN7", { from: "2025-12-01", to: "2025-12-31" });
    const dates = series.bars.map((b) => b.date);
    // December 2025: 23 weekdays less Christmas Day.
    expect(dates).toHaveLength(22);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(dates.length);
    expect(dates).not.toContain("2025-12-25");
  });

  test("GIVEN a symbol Yahoo does not know THEN SymbolNotFoundError, without retrying", async () => {
    const { provider, waits } = makeProvider(fake);
    const err = await provider.history("NOSUCH", { from: "2026-01-05", to: "2026-01-08" }).catch((e) => e);
    expect(err).toBeInstanceOf(SymbolNotFoundError);
    expect(err.symbol).toBe("NOSUCH");
    expect(fake.counts.chart).toBe(1);
    expect(waits).toEqual([]);
  });

  test("a string that cannot be a symbol is refused before any request", async () => {
    const { provider } = makeProvider(fake);
    await expect(
      provider.history("A B/../x", { from: "2026-01-05", to: "2026-01-08" }),
    ).rejects.toBeInstanceOf(SymbolNotFoundError);
    expect(fake.requests).toHaveLength(0);
  });

  test("a reversed range is a programming error", async () => {
    const { provider } = makeProvider(fake);
    await expect(provider.history("IWM", { from: "2026-01-08", to: "2026-01-05" })).rejects.toBeInstanceOf(
      RangeError,
    );
  });

  // An unreadable answer is asked for once more (changed on purpose): twice makes a BadDataError.
  test.each(["truncated", "html", "schema"] as const)(
    "GIVEN a %s body twice THEN BadDataError, not a raw TypeError",
    async (kind) => {
      const { provider } = makeProvider(fake);
      fake.inject({ badBody: 2, badBodyKind: kind });
      const err = await provider.history("IWM", { from: "2026-01-05", to: "2026-01-08" }).catch((e) => e);
      expect(err).toBeInstanceOf(BadDataError);
      expect(err.source).toBe("Yahoo Finance");
      expect(fake.counts.chart).toBe(2);
    },
  );

  test.each(["truncated", "html", "schema"] as const)(
    "GIVEN a %s body once THEN the retry's bars arrive",
    async (kind) => {
      const { provider } = makeProvider(fake);
      fake.inject({ badBody: 1, badBodyKind: kind });
      const series = await provider.history("IWM", { from: "2026-01-05", to: "2026-01-08" });
      expect(series.bars).toHaveLength(3);
      expect(fake.counts.chart).toBe(2);
    },
  );

  test("GIVEN a 401 on chart THEN a fresh session is tried once and the bars arrive", async () => {
    const { provider } = makeProvider(fake);
    fake.inject({ invalidCrumb: 1, forPath: "chart" });
    const series = await provider.history("IWM", { from: "2026-01-05", to: "2026-01-08" });
    expect(series.bars).toHaveLength(3);
    expect(fake.counts.chart).toBe(2);
  });

  test("GIVEN Yahoo keeps failing THEN DataUnavailableError naming the source", async () => {
    const { provider, waits } = makeProvider(fake, { retries: 2 });
    fake.inject({ status5xx: Number.POSITIVE_INFINITY, status: 502 });
    const err = await provider.history("IWM", { from: "2026-01-05", to: "2026-01-08" }).catch((e) => e);
    expect(err).toBeInstanceOf(DataUnavailableError);
    expect(err.source).toBe("Yahoo Finance");
    expect(err.message).toContain("502");
    expect(fake.counts.chart).toBe(3);
    expect(waits).toHaveLength(2);
  });
});
