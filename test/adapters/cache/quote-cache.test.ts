import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CachedMarketData } from "../../../src/adapters/cache/cached-market-data.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { DataUnavailableError } from "../../../src/core/errors.ts";
import { type QuoteBatchProgress, type Store, silentLogger } from "../../../src/core/ports.ts";
import { type RecordingLogger, recordingLogger } from "../store/recording-logger.ts";
import { CountingMarketData, ManualClock, ny } from "./counting-market-data.ts";
import { CountingStore } from "./counting-store.ts";

const SECOND = 1000;
const MINUTE = 60 * SECOND;

let clock: ManualClock;
let inner: CountingMarketData;
let store: Store;
let logger: RecordingLogger;
let md: CachedMarketData;

beforeEach(async () => {
  clock = new ManualClock(ny("2026-01-13", "11:00"));
  inner = new CountingMarketData(clock);
  for (const [symbol, price] of [
    ["IWM", 261.3],
    ["SPY", 690.1],
    ["QQQ", 620.5],
    ["RSP", 190.2],
  ] as const)
    inner.prices.set(symbol, price);
  store = await createStore({ sqlitePath: ":memory:" }, silentLogger);
  logger = recordingLogger();
  md = new CachedMarketData(inner, store, clock, logger);
});
afterEach(async () => {
  await store.close();
});

const prices = (r: { quotes: { symbol: string; price: number }[] }) =>
  r.quotes.map((q) => [q.symbol, q.price]);

describe("CachedMarketData.quotes", () => {
  it("GIVEN the session is open THEN quotes are fresh for 60 s, then fetched again", async () => {
    const first = await md.quotes(["IWM", "SPY"]);
    expect(prices(first)).toEqual([
      ["IWM", 261.3],
      ["SPY", 690.1],
    ]);
    expect(first).toMatchObject({ source: inner.name, fetchedAt: clock.now(), missing: [] });
    clock.advance(59 * SECOND);
    await md.quotes(["IWM", "SPY"]);
    expect(inner.quoteCalls).toHaveLength(1);
    clock.advance(1 * SECOND);
    await md.quotes(["IWM", "SPY"]);
    expect(inner.quoteCalls).toHaveLength(2);
  });

  it("GIVEN quotes fetched Friday night THEN they stay fresh all weekend until Monday's pre-market", async () => {
    clock.set(ny("2026-01-09", "21:00"));
    await md.quotes(["IWM"]);
    clock.set(ny("2026-01-10", "12:00"));
    await md.quotes(["IWM"]);
    clock.set(ny("2026-01-12", "03:59"));
    const cached = await md.quotes(["IWM"]);
    expect(cached.fetchedAt).toBe(ny("2026-01-09", "21:00"));
    expect(inner.quoteCalls).toHaveLength(1);
    clock.set(ny("2026-01-12", "04:00"));
    await md.quotes(["IWM"]);
    expect(inner.quoteCalls).toHaveLength(2);
  });

  it("GIVEN a holiday Monday THEN Friday night's quotes stay fresh until Tuesday's pre-market", async () => {
    clock.set(ny("2026-01-16", "22:00")); // Monday 19 January 2026 is Martin Luther King Jr. Day
    await md.quotes(["IWM"]);
    clock.set(ny("2026-01-20", "03:59"));
    await md.quotes(["IWM"]);
    expect(inner.quoteCalls).toHaveLength(1);
    clock.set(ny("2026-01-20", "04:01"));
    await md.quotes(["IWM"]);
    expect(inner.quoteCalls).toHaveLength(2);
  });

  it("GIVEN after-hours THEN quotes are fresh for a few minutes only", async () => {
    clock.set(ny("2026-01-09", "16:30"));
    await md.quotes(["IWM"]);
    clock.advance(4 * MINUTE);
    await md.quotes(["IWM"]);
    expect(inner.quoteCalls).toHaveLength(1);
    clock.advance(2 * MINUTE);
    await md.quotes(["IWM"]);
    expect(inner.quoteCalls).toHaveLength(2);
  });

  it("GIVEN A cached and B not THEN only B is asked of the source, and the order is kept", async () => {
    await md.quotes(["IWM"]);
    const both = await md.quotes(["SPY", "IWM"]);
    expect(inner.quoteCalls).toEqual([["IWM"], ["SPY"]]);
    expect(prices(both)).toEqual([
      ["SPY", 690.1],
      ["IWM", 261.3],
    ]);
  });

  it("GIVEN a symbol the source cannot price THEN it is listed missing, and asked again after a few minutes", async () => {
    clock.set(ny("2026-01-10", "12:00")); // closed: priced quotes stay fresh until Monday
    const first = await md.quotes(["IWM", "ZZZZ"]);
    expect(first.missing).toEqual([{ symbol: "ZZZZ", reason: "unknown symbol" }]);
    expect(prices(first)).toEqual([["IWM", 261.3]]);
    clock.advance(1 * MINUTE);
    expect((await md.quotes(["IWM", "ZZZZ"])).missing).toEqual([
      { symbol: "ZZZZ", reason: "unknown symbol" },
    ]);
    expect(inner.quoteCalls).toHaveLength(1);
    clock.advance(5 * MINUTE);
    await md.quotes(["IWM", "ZZZZ"]);
    expect(inner.quoteCalls).toEqual([["IWM", "ZZZZ"], ["ZZZZ"]]);
  });

  it("GIVEN 100 concurrent identical requests THEN the source is asked once", async () => {
    inner.delayMs = 20;
    const all = await Promise.all(Array.from({ length: 100 }, () => md.quotes(["IWM", "SPY", "QQQ"])));
    expect(inner.quoteCalls).toHaveLength(1);
    for (const r of all) expect(r.quotes).toHaveLength(3);
  });

  it("GIVEN the source fails THEN cached quotes are served with their age, and the rest listed missing", async () => {
    await md.quotes(["IWM", "SPY"]);
    clock.advance(10 * MINUTE);
    inner.failWith = new DataUnavailableError(inner.name, "HTTP 429");
    const result = await md.quotes(["IWM", "QQQ"]);
    expect(prices(result)).toEqual([["IWM", 261.3]]);
    expect(result.staleAgeMs).toBe(10 * MINUTE);
    expect(result.fetchedAt).toBe(ny("2026-01-13", "11:00"));
    // Our sentence, not the source's message (which goes to the log).
    expect(result.missing).toEqual([{ symbol: "QQQ", reason: `cannot reach ${inner.name} right now` }]);
    expect(logger.lines.find((l) => l.level === "warn")?.obj).toMatchObject({ staleAgeMs: 10 * MINUTE });
  });

  it("GIVEN the source fails and nothing is cached THEN the error passes through", async () => {
    inner.failWith = new DataUnavailableError(inner.name, "HTTP 429");
    await expect(md.quotes(["QQQ", "RSP"])).rejects.toBeInstanceOf(DataUnavailableError);
  });

  it("GIVEN progress is wanted THEN it counts cached symbols too and ends at the total", async () => {
    await md.quotes(["IWM", "SPY"]);
    const seen: QuoteBatchProgress[] = [];
    await md.quotes(["IWM", "SPY", "QQQ", "RSP"], { onProgress: (p) => seen.push(p) });
    expect(inner.quoteCalls.at(-1)).toEqual(["QQQ", "RSP"]);
    expect(seen.every((p) => p.total === 4)).toBe(true);
    expect(seen.at(-1)).toEqual({ done: 4, total: 4 });
    expect(seen[0]?.done).toBe(3);
  });

  it("GIVEN an empty or duplicated list THEN nothing extra is fetched", async () => {
    expect(await md.quotes([])).toMatchObject({ quotes: [], missing: [] });
    const r = await md.quotes(["IWM", "IWM"]);
    expect(inner.quoteCalls).toEqual([["IWM"]]);
    expect(r.quotes).toHaveLength(1);
  });
});

describe("CachedMarketData.quotes: Store round trips and process memory", () => {
  const key = (symbol: string) => `${inner.name}:${symbol}`;
  let counted: CountingStore;
  beforeEach(() => {
    counted = new CountingStore(store);
    md = new CachedMarketData(inner, counted, clock, logger);
  });

  it("GIVEN a cold cache THEN one getMany reads every symbol and one setMany writes what was fetched", async () => {
    const r = await md.quotes(["IWM", "SPY", "QQQ", "ZZZZ"]);
    expect(prices(r)).toEqual([
      ["IWM", 261.3],
      ["SPY", 690.1],
      ["QQQ", 620.5],
    ]);
    expect(counted.calls.map((c) => c.method)).toEqual(["getMany", "setMany"]);
    expect(counted.of("getMany")[0]?.keys).toEqual(["IWM", "SPY", "QQQ", "ZZZZ"].map(key));
    expect(counted.of("setMany")[0]?.keys).toEqual(["IWM", "SPY", "QQQ"].map(key));
    // What the batch wrote is what a later process reads back.
    const other = new CachedMarketData(new CountingMarketData(clock), store, clock, logger);
    expect(prices(await other.quotes(["QQQ", "IWM"]))).toEqual([
      ["QQQ", 620.5],
      ["IWM", 261.3],
    ]);
  });

  it("GIVEN fresh quotes in memory THEN the Store is not asked, and they are served after it closed", async () => {
    const first = await md.quotes(["IWM", "SPY"]);
    counted.reset();
    await store.close();
    clock.advance(30 * SECOND);
    const warm = await md.quotes(["SPY", "IWM"]);
    expect(prices(warm)).toEqual([
      ["SPY", 690.1],
      ["IWM", 261.3],
    ]);
    expect(warm.fetchedAt).toBe(first.fetchedAt);
    expect(counted.calls).toEqual([]);
    expect(inner.quoteCalls).toHaveLength(1);
    expect(Object.isFrozen(warm.quotes[0])).toBe(true); // shared between callers, so never mutated
  });

  it("GIVEN some symbols warm and others not THEN one getMany asks the Store for the others only", async () => {
    await md.quotes(["IWM", "SPY"]);
    counted.reset();
    const r = await md.quotes(["IWM", "QQQ", "SPY", "RSP"]);
    expect(r.quotes).toHaveLength(4);
    expect(counted.of("getMany").map((c) => c.keys)).toEqual([["QQQ", "RSP"].map(key)]);
    expect(counted.of("setMany").map((c) => c.keys)).toEqual([["QQQ", "RSP"].map(key)]);
    expect(counted.of("get")).toEqual([]);
    expect(counted.of("set")).toEqual([]);
  });

  it("GIVEN memory gone stale THEN the Store is read again, and another process's newer quote is served", async () => {
    const otherSource = new CountingMarketData(clock);
    otherSource.prices.set("IWM", 262.8);
    const otherProcess = new CachedMarketData(otherSource, store, clock, logger);
    await md.quotes(["IWM"]);
    clock.advance(61 * SECOND);
    await otherProcess.quotes(["IWM"]); // its own memory is empty: it fetches and writes 262.8
    counted.reset();
    const r = await md.quotes(["IWM"]);
    expect(prices(r)).toEqual([["IWM", 262.8]]);
    expect(r.fetchedAt).toBe(clock.now());
    expect(inner.quoteCalls).toHaveLength(1);
    expect(counted.of("getMany")).toHaveLength(1);
  });

  it("GIVEN the source and the Store both fail THEN stale quotes are served from memory, with their age", async () => {
    await md.quotes(["IWM"]);
    await store.close();
    clock.advance(10 * MINUTE);
    inner.failWith = new DataUnavailableError(inner.name, "HTTP 429");
    const r = await md.quotes(["IWM"]);
    expect(prices(r)).toEqual([["IWM", 261.3]]);
    expect(r.staleAgeMs).toBe(10 * MINUTE);
  });

  it("GIVEN more symbols than memory holds THEN the least recently used are read from the Store again", async () => {
    md = new CachedMarketData(inner, counted, clock, logger, { memoryQuotes: 2 });
    await md.quotes(["IWM", "SPY", "QQQ"]); // IWM is dropped from memory
    counted.reset();
    const r = await md.quotes(["IWM", "SPY", "QQQ"]);
    expect(r.quotes).toHaveLength(3);
    expect(counted.of("getMany").map((c) => c.keys)).toEqual([[key("IWM")]]);
    expect(inner.quoteCalls).toHaveLength(1);
  });

  it("GIVEN memory turned off THEN every read is one getMany", async () => {
    md = new CachedMarketData(inner, counted, clock, logger, { memoryQuotes: 0 });
    await md.quotes(["IWM", "SPY"]);
    await md.quotes(["IWM", "SPY"]);
    expect(counted.of("getMany")).toHaveLength(2);
    expect(inner.quoteCalls).toHaveLength(1);
  });
});
