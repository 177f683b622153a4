import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CachedMarketData } from "../../../src/adapters/cache/cached-market-data.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { DataUnavailableError, SymbolNotFoundError } from "../../../src/core/errors.ts";
import { type Store, silentLogger } from "../../../src/core/ports.ts";
import { type RecordingLogger, recordingLogger } from "../store/recording-logger.ts";
import { CountingMarketData, ManualClock, ny, sessions } from "./counting-market-data.ts";
import { CountingStore } from "./counting-store.ts";

const TUE = "2026-01-13";
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const PERIODS = [
  { from: "2026-01-12", to: TUE }, // 1d
  { from: "2026-01-06", to: TUE }, // 5d
  { from: "2025-12-31", to: TUE }, // ytd (base close of the prior year included)
  { from: "2025-01-10", to: TUE }, // 1y
];

let clock: ManualClock;
let inner: CountingMarketData;
let store: Store;
let logger: RecordingLogger;
let md: CachedMarketData;

beforeEach(async () => {
  clock = new ManualClock(ny(TUE, "11:00"));
  inner = new CountingMarketData(clock);
  for (const [i, symbol] of ["^RUT", "^GSPC", "IWM"].entries())
    inner.bars.set(symbol, sessions("2022-01-03", "2026-01-30", 100 * (i + 1)));
  store = await createStore({ sqlitePath: ":memory:" }, silentLogger);
  logger = recordingLogger();
  md = new CachedMarketData(inner, store, clock, logger);
});
afterEach(async () => {
  await store.close();
});

const expected = (symbol: string, from: string, to: string) =>
  (inner.bars.get(symbol) ?? []).filter((b) => b.date >= from && b.date <= to);

describe("CachedMarketData.history", () => {
  it("GIVEN 1d, 5d, ytd and 1y THEN one upstream call answers all, each sliced exactly", async () => {
    for (const p of PERIODS) {
      const series = await md.history("^RUT", p);
      expect(series.bars).toEqual(expected("^RUT", p.from, p.to));
      expect(series).toMatchObject({ symbol: "^RUT", source: inner.name, fetchedAt: clock.now() });
      expect(series.staleAgeMs).toBeUndefined();
    }
    expect(inner.historyCalls).toHaveLength(1);
    const asked = inner.historyCalls[0]?.request;
    expect(asked?.to).toBe(TUE);
    expect(asked && asked.from <= "2024-01-13").toBe(true); // at least two years back
  });

  it("GIVEN the session is open THEN history is fresh for 60 s, then fetched again", async () => {
    await md.history("^RUT", PERIODS[0] as (typeof PERIODS)[0]);
    clock.advance(59 * SECOND);
    await md.history("^RUT", { from: "2026-01-12", to: TUE });
    expect(inner.historyCalls).toHaveLength(1);
    clock.advance(2 * SECOND);
    await md.history("^RUT", { from: "2026-01-12", to: TUE });
    expect(inner.historyCalls).toHaveLength(2);
  });

  it("GIVEN bars fetched Friday evening THEN they stay fresh over the weekend until Monday's open", async () => {
    clock.set(ny("2026-01-09", "17:00"));
    await md.history("^RUT", { from: "2026-01-02", to: "2026-01-09" });
    clock.set(ny("2026-01-10", "12:00"));
    await md.history("^RUT", { from: "2026-01-02", to: "2026-01-10" });
    clock.set(ny("2026-01-12", "09:29"));
    const monday = await md.history("^RUT", { from: "2026-01-02", to: "2026-01-12" });
    expect(inner.historyCalls).toHaveLength(1);
    expect(monday.bars.at(-1)?.date).toBe("2026-01-09");
    clock.set(ny("2026-01-12", "09:30"));
    const live = await md.history("^RUT", { from: "2026-01-02", to: "2026-01-12" });
    expect(inner.historyCalls).toHaveLength(2);
    expect(live.bars.at(-1)?.date).toBe("2026-01-12"); // today's live bar now appears
  });

  it("GIVEN bars fetched just after the close THEN they are fetched again once the closing prints settle", async () => {
    clock.set(ny(TUE, "16:02"));
    await md.history("^RUT", { from: "2026-01-06", to: TUE });
    clock.set(ny(TUE, "16:06"));
    await md.history("^RUT", { from: "2026-01-06", to: TUE });
    expect(inner.historyCalls).toHaveLength(1);
    clock.set(ny(TUE, "16:08"));
    await md.history("^RUT", { from: "2026-01-06", to: TUE });
    expect(inner.historyCalls).toHaveLength(2);
  });

  it("GIVEN a request older than the cached window THEN it refetches, and the deeper window serves later", async () => {
    await md.history("^RUT", { from: "2025-01-10", to: TUE });
    await md.history("^RUT", { from: "2022-06-01", to: TUE });
    expect(inner.historyCalls).toHaveLength(2);
    expect(inner.historyCalls[1]?.request.from).toBe("2022-06-01");
    clock.advance(2 * MINUTE); // stale, so the next request fetches again...
    await md.history("^RUT", { from: "2026-01-06", to: TUE });
    expect(inner.historyCalls[2]?.request.from).toBe("2022-06-01"); // ...without shrinking the window
  });

  it("GIVEN 100 concurrent requests of mixed periods THEN each symbol is fetched once", async () => {
    inner.delayMs = 20;
    const symbols = ["^RUT", "^GSPC", "IWM"];
    const requests = Array.from({ length: 100 }, (_, i) => {
      const symbol = symbols[i % 3] as string;
      const p = PERIODS[i % 4] as (typeof PERIODS)[0];
      return md.history(symbol, p).then((s) => expect(s.bars).toEqual(expected(symbol, p.from, p.to)));
    });
    await Promise.all(requests);
    for (const symbol of symbols) expect(inner.historyCallsFor(symbol)).toBe(1);
  });

  it("GIVEN the source fails after a day THEN the cached bars are served with their age, and a warning", async () => {
    const first = await md.history("IWM", { from: "2025-12-31", to: TUE });
    clock.advance(24 * 60 * MINUTE);
    inner.failWith = new DataUnavailableError(inner.name, "HTTP 503");
    const stale = await md.history("IWM", { from: "2025-12-31", to: "2026-01-14" });
    expect(stale.bars).toEqual(first.bars);
    expect(stale.staleAgeMs).toBe(24 * 60 * MINUTE);
    expect(stale.fetchedAt).toBe(first.fetchedAt);
    const warning = logger.lines.find((l) => l.level === "warn");
    expect(warning?.obj).toMatchObject({ symbol: "IWM", staleAgeMs: 24 * 60 * MINUTE, error: "HTTP 503" });

    inner.failWith = new TypeError("fetch failed"); // any non-SymbolNotFound error
    expect((await md.history("IWM", { from: "2026-01-12", to: TUE })).staleAgeMs).toBe(24 * 60 * MINUTE);
  });

  it("GIVEN the source fails and nothing is cached THEN the error passes through", async () => {
    inner.failWith = new DataUnavailableError(inner.name, "HTTP 503");
    await expect(md.history("IWM", { from: "2026-01-06", to: TUE })).rejects.toBeInstanceOf(
      DataUnavailableError,
    );
  });

  it("GIVEN an unknown symbol THEN SymbolNotFoundError passes through and is remembered briefly", async () => {
    await expect(md.history("NOPE", { from: "2026-01-06", to: TUE })).rejects.toBeInstanceOf(
      SymbolNotFoundError,
    );
    clock.advance(10 * MINUTE);
    await expect(md.history("NOPE", { from: "2026-01-06", to: TUE })).rejects.toBeInstanceOf(
      SymbolNotFoundError,
    );
    expect(inner.historyCallsFor("NOPE")).toBe(1);
    clock.advance(25 * MINUTE);
    await expect(md.history("NOPE", { from: "2026-01-06", to: TUE })).rejects.toBeInstanceOf(
      SymbolNotFoundError,
    );
    expect(inner.historyCallsFor("NOPE")).toBe(2);
  });

  it("GIVEN a symbol the source stopped knowing THEN SymbolNotFoundError wins over stale bars", async () => {
    await md.history("IWM", { from: "2026-01-06", to: TUE });
    inner.bars.delete("IWM");
    clock.advance(2 * MINUTE);
    await expect(md.history("IWM", { from: "2026-01-06", to: TUE })).rejects.toBeInstanceOf(
      SymbolNotFoundError,
    );
  });

  it("GIVEN an as-of request THEN its final bars are served without the source a week later", async () => {
    const asOf = { from: "2025-06-02", to: "2025-06-30" };
    const first = await md.history("^GSPC", asOf);
    clock.set(ny("2026-01-20", "11:00"));
    const later = await md.history("^GSPC", asOf);
    expect(later.bars).toEqual(first.bars);
    expect(later.staleAgeMs).toBeUndefined();
    expect(inner.historyCalls).toHaveLength(1);
    await md.history("^GSPC", { from: "2026-01-12", to: "2026-01-20" }); // live: refetched
    expect(inner.historyCalls).toHaveLength(2);
  });

  it("GIVEN bars fetched this morning THEN a request through yesterday needs no refetch", async () => {
    await md.history("^GSPC", { from: "2026-01-06", to: TUE });
    clock.advance(5 * MINUTE);
    const yesterday = await md.history("^GSPC", { from: "2026-01-06", to: "2026-01-12" });
    expect(yesterday.bars.at(-1)?.date).toBe("2026-01-12");
    expect(inner.historyCalls).toHaveLength(1);
  });

  it("GIVEN a restart on the same SQLite file THEN the new process reuses the cached bars", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rotation-bot-cache-"));
    const file = join(dir, "cache.sqlite");
    const s1 = await createStore({ sqlitePath: file }, silentLogger);
    await new CachedMarketData(inner, s1, clock, silentLogger).history(
      "^RUT",
      PERIODS[3] as (typeof PERIODS)[0],
    );
    await s1.close();
    const s2 = await createStore({ sqlitePath: file }, silentLogger);
    const fresh = new CountingMarketData(clock);
    const series = await new CachedMarketData(fresh, s2, clock, silentLogger).history(
      "^RUT",
      PERIODS[1] as (typeof PERIODS)[0],
    );
    expect(series.bars).toEqual(expected("^RUT", "2026-01-06", TUE));
    expect(fresh.historyCalls).toHaveLength(0);
    await s2.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("GIVEN the store has failed THEN answers still come from the source, and the failure is logged", async () => {
    await store.close();
    const series = await md.history("^RUT", { from: "2026-01-06", to: TUE });
    expect(series.bars).toEqual(expected("^RUT", "2026-01-06", TUE));
    expect(logger.lines.some((l) => l.level === "warn" && l.msg === "cache write failed")).toBe(true);
  });
});

describe("CachedMarketData.history: process memory in front of the Store", () => {
  let counted: CountingStore;
  beforeEach(() => {
    counted = new CountingStore(store);
    md = new CachedMarketData(inner, counted, clock, logger);
  });

  it("GIVEN usable bars in memory THEN the Store is not asked, and they are served after it closed", async () => {
    await md.history("^RUT", { from: "2025-01-10", to: TUE });
    expect(counted.calls.map((c) => c.method)).toEqual(["get", "set"]);
    counted.reset();
    await store.close();
    clock.advance(30 * SECOND);
    for (const p of PERIODS)
      expect((await md.history("^RUT", p)).bars).toEqual(expected("^RUT", p.from, p.to));
    expect(counted.calls).toEqual([]);
    expect(inner.historyCalls).toHaveLength(1);
  });

  it("GIVEN an as-of request held in memory THEN it is still served from memory a week later", async () => {
    const asOf = { from: "2025-06-02", to: "2025-06-30" };
    await md.history("^GSPC", asOf);
    counted.reset();
    clock.set(ny("2026-01-20", "11:00"));
    expect((await md.history("^GSPC", asOf)).bars).toEqual(expected("^GSPC", asOf.from, asOf.to));
    expect(counted.calls).toEqual([]);
  });

  it("GIVEN memory gone stale THEN the Store is read again, and another process's newer bars are served", async () => {
    const period = { from: "2026-01-06", to: TUE };
    await md.history("^RUT", period);
    clock.advance(2 * MINUTE);
    // Another process (same source name, so the same Store keys) fetches other closes and writes them.
    const otherSource = new CountingMarketData(clock);
    otherSource.bars.set("^RUT", sessions("2022-01-03", "2026-01-30", 500));
    const written = await new CachedMarketData(otherSource, store, clock, logger).history("^RUT", period);
    expect(written.bars).not.toEqual(expected("^RUT", period.from, period.to));
    counted.reset();
    const read = await md.history("^RUT", period);
    expect(read.bars).toEqual(written.bars);
    expect(read.fetchedAt).toBe(clock.now());
    expect(inner.historyCalls).toHaveLength(1);
    expect(counted.of("get")).toHaveLength(1);
  });

  it("GIVEN more bars than memory holds THEN the least recently used history is read from the Store again", async () => {
    const windowBars = async (symbol: string) => {
      await md.history(symbol, { from: "2026-01-06", to: TUE });
      return (await store.get<{ value: { bars: unknown[] } }>("md.history.v1", `${inner.name}:${symbol}`))
        ?.value.bars.length;
    };
    const probe = await windowBars("IWM");
    // Room for two windows of this size, not three.
    md = new CachedMarketData(inner, counted, clock, logger, { memoryHistoryBars: 2 * ((probe ?? 0) + 1) });
    for (const symbol of ["^RUT", "^GSPC", "IWM"]) await md.history(symbol, { from: "2026-01-06", to: TUE });
    counted.reset();
    for (const symbol of ["^GSPC", "IWM", "^RUT"]) await md.history(symbol, { from: "2026-01-06", to: TUE });
    expect(counted.of("get").map((c) => c.keys)).toEqual([[`${inner.name}:^RUT`]]);
  });
});
