// /rotation's History section against the fake Yahoo serving fixture closes: each figure checked
// against a plain computation written here (ties counted half, overlapping windows, no look-ahead).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { replyCsvFiles } from "../../src/adapters/csv/write-sheet.ts";
import { buildServices } from "../../src/compose.ts";
import { readConfig } from "../../src/config.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { nextTradingDay } from "../../src/core/market/calendar.ts";
import { silentLogger } from "../../src/core/ports.ts";
import type { Block, Reply } from "../../src/core/reply.ts";
import { type FakeBar, type FakeYahoo, startFakeYahoo } from "../fakes/yahoo/server.ts";

/** NYSE sessions from `first` to `last`. */
function sessions(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = first; d <= last; d = nextTradingDay(d)) out.push(d);
  return out;
}

/** A seeded random walk, closes to the cent. */
function walk(seed: number, start: number, n: number): number[] {
  let s = seed >>> 0;
  const rand = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  const out = [start];
  for (let i = 1; i < n; i++)
    out.push(Math.round((out[i - 1] as number) * (1 + (rand() - 0.5) * 0.03) * 100) / 100);
  return out;
}

const toBars = (dates: string[], closes: number[]): FakeBar[] =>
  dates.map((date, i) => ({ date, close: closes[i] as number }));

interface Fixture {
  dates: string[];
  closes: Record<string, number[]>;
}

function fixture(first: string, last: string, tieTail = 0): Fixture {
  const dates = sessions(first, last);
  const n = dates.length;
  const spx = walk(2, 2000, n);
  const rut = walk(1, 1000, n);
  // The last `tieTail` sessions: RUT exactly twice SPX (doubling is exact in floating point),
  // so every window inside that stretch has a spread of exactly zero: ties.
  for (let i = n - tieTail; i < n; i++) rut[i] = 2 * (spx[i] as number);
  return {
    dates,
    closes: { "^RUT": rut, "^GSPC": spx, IWM: walk(3, 100, n), SPY: walk(4, 200, n) },
  };
}

/** The plain computation: every N-session window's spread ending on or before `asOf`. */
function plainPercentile(f: Fixture, n: number, asOf: string) {
  const upTo = f.dates.filter((d) => d <= asOf).length;
  const a = (f.closes["^RUT"] as number[]).slice(0, upTo);
  const b = (f.closes["^GSPC"] as number[]).slice(0, upTo);
  const spreads: number[] = [];
  for (let end = n; end < upTo; end++)
    spreads.push((a[end] as number) / (a[end - n] as number) - (b[end] as number) / (b[end - n] as number));
  const current = spreads[spreads.length - 1] as number;
  // Ties compared with a tolerance: the two forms of the same spread may differ in the last bit.
  const eq = (x: number) => Math.abs(x - current) < 1e-12;
  const below = spreads.filter((x) => x < current && !eq(x)).length;
  const equal = spreads.filter(eq).length;
  return { current, below, equal, count: spreads.length, rank: (below + equal / 2) / spreads.length };
}

interface HistoryData {
  unavailable: string | null;
  spread: {
    sessions: number;
    current: number;
    rank: number;
    below: number;
    equal: number;
    count: number;
    firstDate: string;
    endDate: string;
    side: string;
    since: { date: string; windowsAgo: number } | null;
  } | null;
  streak: { rut: { current: number; longestInYear: number }; spx: { current: number } } | null;
  line: {
    value: number;
    rangeLow: number;
    rangeHigh: number;
    inRange?: number;
    average?: number;
    rangeSessions: number;
  } | null;
}

const historyOf = (r: Reply) => (r.data as { history: HistoryData }).history;
const historyTable = (r: Reply) =>
  r.blocks.find((b) => b.type === "table" && b.caption === "History, not a forecast") as
    | Extract<Block, { type: "table" }>
    | undefined;

describe("/rotation History, from the fake Yahoo's closes", () => {
  let fake: FakeYahoo;
  let dir: string;
  let k = 0;
  const now = Date.parse("2026-01-20T15:00:00Z");

  beforeAll(async () => {
    fake = await startFakeYahoo({ synthesize: /^\^?[A-Z]{1,5}$/, now: () => now });
    dir = await mkdtemp(join(tmpdir(), "rotation-history-"));
  });
  afterAll(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  function serve(f: Fixture) {
    for (const [symbol, closes] of Object.entries(f.closes)) fake.setBars(symbol, toBars(f.dates, closes));
  }

  async function ask(text: string, asOf: string): Promise<Reply> {
    const config = readConfig({
      YAHOO_BASE_URL: fake.url,
      STORE_PATH: join(dir, `s${k++}.sqlite`),
      YAHOO_RETRIES: "0",
    });
    const services = await buildServices(config, silentLogger, { clock: { now: () => now } });
    try {
      return await dispatchText(text, { ...services, asOf, requester: { platform: "cli" } });
    } finally {
      await services.close();
    }
  }

  it("GIVEN ten years of closes THEN the YTD spread's percentile is the plain count over every 8-session window", async () => {
    const f = fixture("2016-01-04", "2026-01-16");
    serve(f);
    const reply = await ask("/rotation ytd", "2026-01-13");
    expect(reply.kind).toBe("answer");
    const h = historyOf(reply);
    // 31 Dec 2025 to 13 Jan 2026 is 8 sessions.
    const plain = plainPercentile(f, 8, "2026-01-13");
    expect(h.spread?.sessions).toBe(8);
    expect(h.spread?.count).toBe(plain.count);
    expect(h.spread?.below).toBe(plain.below);
    expect(h.spread?.equal).toBe(plain.equal);
    expect(h.spread?.rank).toBeCloseTo(plain.rank, 12);
    expect(h.spread?.current).toBeCloseTo(plain.current, 12);
    expect(h.spread?.firstDate).toBe("2016-01-04");
    expect(h.spread?.endDate).toBe("2026-01-13");
    // The spread ranked is the one the reply shows.
    expect(Math.round((h.spread?.current ?? 0) * 10_000)).toBe(
      (reply.data as { spreadsBp: Record<string, number> }).spreadsBp["RUT-SPX"],
    );
    const table = historyTable(reply);
    expect(table?.rows[0]?.[2]).toContain(
      `of ${plain.count.toLocaleString("en-US")} 8-session spreads since 4 Jan 2016`,
    );
    const pctile = Math.floor(plain.rank * 100);
    expect(table?.rows[0]?.[2]).toMatch(new RegExp(`^${pctile}(st|nd|rd|th) percentile`));
  });

  it("states since when it is the highest (or lowest), from a plain backward search", async () => {
    const f = fixture("2016-01-04", "2026-01-16");
    serve(f);
    const h = historyOf(await ask("/rotation 5d", "2026-01-13"));
    const plain = plainPercentile(f, 5, "2026-01-13");
    const ends = f.dates.filter((d) => d <= "2026-01-13").slice(5);
    const spreads = ends.map((_, i) => {
      const a = f.closes["^RUT"] as number[];
      const b = f.closes["^GSPC"] as number[];
      return (a[i + 5] as number) / (a[i] as number) - (b[i + 5] as number) / (b[i] as number);
    });
    const high = plain.rank >= 0.5;
    let since: string | null = null;
    for (let j = spreads.length - 2; j >= 0; j--)
      if (
        high
          ? (spreads[j] as number) >= plain.current - 1e-12
          : (spreads[j] as number) <= plain.current + 1e-12
      ) {
        since = ends[j] as string;
        break;
      }
    expect(h.spread?.side).toBe(high ? "high" : "low");
    expect(h.spread?.since?.date ?? null).toBe(since);
  });

  it("GIVEN a tail where RUT is exactly twice SPX THEN tied windows count half", async () => {
    const f = fixture("2016-01-04", "2026-01-16", 40);
    serve(f);
    const h = historyOf(await ask("/rotation 5d", "2026-01-13"));
    const plain = plainPercentile(f, 5, "2026-01-13");
    expect(plain.current).toBe(0);
    // At least the windows wholly inside the tail tie (39 sessions of returns: 35 windows, more if
    // the walk happened to give others).
    expect(plain.equal).toBeGreaterThanOrEqual(30);
    expect(h.spread?.equal).toBe(plain.equal);
    expect(h.spread?.below).toBe(plain.below);
    expect(h.spread?.rank).toBeCloseTo((plain.below + plain.equal / 2) / plain.count, 12);
    // Level every session of the tail: no streak either way.
    expect(h.streak?.rut.current).toBe(0);
    expect(h.streak?.spx.current).toBe(0);
  });

  it("GIVEN --as-of THEN no window, streak or line reading after that session", async () => {
    const f = fixture("2016-01-04", "2026-01-16");
    serve(f);
    const h = historyOf(await ask("/rotation 5d", "2025-06-16"));
    const plain = plainPercentile(f, 5, "2025-06-16");
    expect(h.spread?.endDate).toBe("2025-06-16");
    expect(h.spread?.count).toBe(plain.count);
    expect(h.spread?.rank).toBeCloseTo(plain.rank, 12);
    // The IWM/SPY line in its range over the 252 sessions ending on the as-of session.
    const upTo = f.dates.filter((d) => d <= "2025-06-16").length;
    const ratio = (i: number) => (f.closes.IWM?.[i] as number) / (f.closes.SPY?.[i] as number);
    const year = Array.from({ length: 252 }, (_, j) => ratio(upTo - 252 + j));
    const avg = Array.from({ length: 200 }, (_, j) => ratio(upTo - 200 + j)).reduce((s, x) => s + x, 0) / 200;
    expect(h.line?.value).toBeCloseTo(ratio(upTo - 1), 12);
    expect(h.line?.rangeLow).toBeCloseTo(Math.min(...year), 12);
    expect(h.line?.rangeHigh).toBeCloseTo(Math.max(...year), 12);
    expect(h.line?.average).toBeCloseTo(avg, 12);
    // The streak: daily RUT returns beating SPX's, counted back from the as-of session.
    const a = f.closes["^RUT"] as number[];
    const b = f.closes["^GSPC"] as number[];
    const beat = (i: number) =>
      (a[i] as number) / (a[i - 1] as number) > (b[i] as number) / (b[i - 1] as number);
    let run = 0;
    for (let i = upTo - 1; i > 0 && beat(i); i--) run++;
    expect(h.streak?.rut.current).toBe(run);
  });

  it("GIVEN only 30 sessions THEN fewer windows, a shorter range and no 200-session average, said so", async () => {
    const f = fixture("2025-11-26", "2026-01-16");
    serve(f);
    const reply = await ask("/rotation ytd", "2026-01-13");
    const h = historyOf(reply);
    const plain = plainPercentile(f, 8, "2026-01-13");
    expect(h.spread?.count).toBe(plain.count);
    expect(h.line?.average).toBeUndefined();
    const upTo = f.dates.filter((d) => d <= "2026-01-13").length;
    expect(h.line?.rangeSessions).toBe(upTo);
    const line = historyTable(reply)?.rows.find((r) => r[0] === "IWM/SPY ratio");
    expect(line?.[2]).toContain(`of its ${upTo}-session range`);
    expect(line?.[2]).toContain("fewer than 200 sessions for its average");
  });

  it("puts every history figure in the CSV file at full precision", async () => {
    const f = fixture("2016-01-04", "2026-01-16");
    serve(f);
    const reply = await ask("/rotation ytd", "2026-01-13");
    const file = replyCsvFiles(reply, "/rotation ytd").find((x) => x.filename.includes("history"));
    const rows = new Map(
      (file?.content ?? "")
        .split("\n")
        .filter((l) => l && !l.startsWith("#"))
        .map((l) => l.split(",") as [string, string]),
    );
    const h = historyOf(reply);
    expect(Number(rows.get("percentile_rank_fraction"))).toBe(h.spread?.rank);
    expect(Number(rows.get("windows_count"))).toBe(h.spread?.count);
    expect(rows.get("first_date")).toBe("2016-01-04");
    expect(Number(rows.get("line_value"))).toBe(h.line?.value);
  });

  it("GIVEN the long closes cannot be fetched THEN the rest of /rotation answers and History says why", async () => {
    const f = fixture("2016-01-04", "2026-01-16");
    serve(f);
    // Every request for closes from before 1990 (the long windows) gets a 503; the period's do not.
    fake.inject({ status5xx: Number.POSITIVE_INFINITY, forPath: "chart", forFromBefore: "1990-01-01" });
    try {
      const reply = await ask("/rotation ytd", "2026-01-13");
      expect(reply.kind).toBe("answer");
      expect((reply.data as { spreadsBp: Record<string, number> }).spreadsBp["RUT-SPX"]).toBeTypeOf("number");
      expect(historyOf(reply).spread).toBeNull();
      expect(reply.fallback).toMatch(/History: unavailable \(/);
      expect(historyTable(reply)).toBeUndefined();
    } finally {
      fake.reset();
    }
  });
});
