/**
 * /history end to end: the real yahoo-finance2 against the fake Yahoo serving the closes of
 * test/fixtures/history, the real SQLite store and history cache, the real dispatcher. Every figure
 * is checked against a plain computation written here from ANALYTICS.md ("History behind a figure").
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServices } from "../../src/compose.ts";
import { readConfig } from "../../src/config.ts";
import { answerActions } from "../../src/core/actions.ts";
import { replySheets } from "../../src/core/csv-export.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { silentLogger } from "../../src/core/ports.ts";
import type { Reply } from "../../src/core/reply.ts";
import { commands } from "../../src/commands/index.ts";
import { type FakeYahoo, startFakeYahoo } from "../fakes/yahoo/server.ts";
import { HISTORY_CLOSES, historyBars, historySessions } from "../fixtures/history/closes.ts";
import { blocksOf, footerOf } from "./views-context.ts";

/** Thu 15 Jan 2026, 18:00 New York: the 13 Jan close is long final. */
const NOW = Date.parse("2026-01-15T23:00:00Z");
const DATES = historySessions();

interface Plain {
  windows: number[];
  current: number;
  below: number;
  equal: number;
  episodes: { date: string; spread: number; after: (number | null)[] }[];
}

/** The definitions, the long way, on closes cut at the as-of session. */
function plain(aSym: string, bSym: string, n: number, lastIndex: number, levelBp?: number): Plain {
  const a = (HISTORY_CLOSES[aSym] as number[]).slice(0, lastIndex + 1);
  const b = (HISTORY_CLOSES[bSym] as number[]).slice(0, lastIndex + 1);
  const sp = (i: number, j: number) =>
    (a[j] as number) / (a[i] as number) - 1 - ((b[j] as number) / (b[i] as number) - 1);
  const windows: number[] = [];
  for (let i = n; i <= lastIndex; i++) windows.push(sp(i - n, i));
  const current = windows.at(-1) as number;
  const level = levelBp === undefined ? current : levelBp / 10_000;
  const up = level > 0 || (level === 0 && current >= 0);
  const episodes: Plain["episodes"] = [];
  let lastStart = Number.NEGATIVE_INFINITY;
  for (let i = n + 1; i < lastIndex; i++) {
    const prev = sp(i - 1 - n, i - 1);
    const cur = sp(i - n, i);
    const crossed = up ? prev < level && cur >= level : prev > level && cur <= level;
    if (!crossed || i - lastStart < 21) continue;
    lastStart = i;
    episodes.push({
      date: DATES[i] as string,
      spread: cur,
      after: [21, 63].map((h) => (i + h <= lastIndex ? sp(i, i + h) : null)),
    });
  }
  return {
    windows,
    current,
    below: windows.filter((w) => w < current).length,
    equal: windows.filter((w) => w === current).length,
    episodes,
  };
}

interface Data {
  asOf: string;
  firstDate: string;
  windows: number;
  current: { spread: number; spreadBp: number; endDate: string };
  percentile: { rank: number; below: number; equal: number; count: number };
  level: { spread: number; direction: string; from: string };
  episodes: {
    date: string;
    spread: number;
    followOns: { horizon: number; spread: number | null; complete: boolean; sessionsAvailable: number }[];
  }[];
  summaries: {
    horizon: number;
    complete: number;
    incomplete: number;
    positive: number;
    median: number | null;
  }[];
  warning: string | null;
}

function expectMatches(reply: Reply, p: Plain) {
  expect(reply.kind).toBe("answer");
  const d = reply.data as unknown as Data;
  expect(d.windows).toBe(p.windows.length);
  expect(d.current.spread).toBeCloseTo(p.current, 12);
  expect(d.percentile).toMatchObject({ below: p.below, equal: p.equal, count: p.windows.length });
  expect(d.percentile.rank).toBeCloseTo((p.below + p.equal / 2) / p.windows.length, 12);
  expect(d.episodes.map((e) => e.date)).toEqual(p.episodes.map((e) => e.date));
  d.episodes.forEach((e, i) => {
    const q = p.episodes[i] as Plain["episodes"][number];
    expect(e.spread).toBeCloseTo(q.spread, 12);
    e.followOns.forEach((f, j) => {
      const want = q.after[j];
      if (want === null || want === undefined) {
        expect(f.complete).toBe(false);
        expect(f.spread).toBeNull();
      } else {
        expect(f.complete).toBe(true);
        expect(f.spread).toBeCloseTo(want, 12);
      }
    });
  });
  for (const [j, s] of d.summaries.entries()) {
    const done = p.episodes.flatMap((e) => (e.after[j] === null ? [] : [e.after[j] as number]));
    expect(s).toMatchObject({
      complete: done.length,
      incomplete: p.episodes.length - done.length,
      positive: done.filter((x) => x > 0).length,
    });
  }
}

describe("/history against the fake Yahoo", () => {
  let fake: FakeYahoo;
  let dir: string;
  let services: Awaited<ReturnType<typeof buildServices>>;
  const ask = (text: string, asOf?: string) =>
    dispatchText(text, { ...services, ...(asOf ? { asOf } : {}), requester: { platform: "cli" } });

  beforeAll(async () => {
    fake = await startFakeYahoo({ now: () => NOW });
    for (const symbol of Object.keys(HISTORY_CLOSES)) fake.setBars(symbol, historyBars(symbol));
    dir = await mkdtemp(join(tmpdir(), "history-cmd-"));
    services = await buildServices(
      readConfig({ YAHOO_BASE_URL: fake.url, STORE_PATH: join(dir, "s.sqlite"), YAHOO_RETRIES: "0" }),
      silentLogger,
      { clock: { now: () => NOW } },
    );
  });
  afterAll(async () => {
    await services.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("/history rotation: percentile, episodes and follow-ons equal the plain computation", async () => {
    const reply = await ask("/history rotation");
    expectMatches(reply, plain("^RUT", "^GSPC", 21, DATES.length - 1));
    const d = reply.data as unknown as Data;
    expect(d).toMatchObject({ asOf: "2026-01-13", firstDate: DATES[0], level: { from: "today" } });
    expect(d.episodes.length).toBeGreaterThanOrEqual(5);
    for (const sum of d.summaries) expect(sum.complete + sum.incomplete).toBe(d.episodes.length);
    expect(reply.fallback).toContain("History, not a forecast.");
    expect(reply.fallback).toMatch(/percentile of 399 overlapping 21-session windows since \d+ \w+ 2024/);
    const footer = footerOf(reply);
    expect(footer).toContain("Source: Yahoo Finance");
    expect(footer).toContain("as of close Tue 13 Jan 2026");
    expect(footer).toContain("420 sessions with closes for both");
    expect(footer).toContain("Not investment advice");
  });

  it("fetches each long history once: a second answer comes from the history cache", async () => {
    await ask("/history rotation 63");
    const before = fake.counts.chart;
    const again = await ask("/history rotation 5");
    expect(again.kind).toBe("answer");
    expect(fake.counts.chart).toBe(before);
  });

  it("a chart of each episode's path over the next 63 sessions, with a zero line", async () => {
    const reply = await ask("/history rotation 21");
    const chart = blocksOf(reply, "chart")[0];
    expect(chart?.spec.kind).toBe("line");
    if (chart?.spec.kind !== "line") return;
    expect(chart.spec.labels).toHaveLength(64);
    expect(chart.spec.reference).toEqual([{ value: 0, axis: "left" }]);
    const d = reply.data as unknown as { episodes: { path: number[] }[] };
    const shown = d.episodes.slice(-10);
    expect(chart.spec.series).toHaveLength(shown.length);
    // The last line is the latest episode: its path in bp, null where the data stops.
    const last = shown.at(-1) as { path: number[] };
    const values = chart.spec.series.at(-1)?.values ?? [];
    expect(values[last.path.length - 1]).toBeCloseTo((last.path.at(-1) as number) * 10_000, 9);
    expect(values.slice(last.path.length).every((v) => v === null)).toBe(true);
    expect(chart.image?.png.length).toBeGreaterThan(1000);
  });

  it("IWM SPY with a level: the level's sign sets the direction", async () => {
    const upReply = await ask("/history IWM SPY 21 +300");
    expectMatches(upReply, plain("IWM", "SPY", 21, DATES.length - 1, 300));
    expect((upReply.data as unknown as Data).level).toMatchObject({
      spread: 0.03,
      direction: "up",
      from: "asked",
    });
    const down = await ask("/history IWM SPY 10 -250bp");
    expectMatches(down, plain("IWM", "SPY", 10, DATES.length - 1, -250));
    expect((down.data as unknown as Data).level.direction).toBe("down");
    expect(down.fallback).toContain("fell to -250 bp (the level asked for) or below (from above)");
  });

  it("--as-of: nothing after that session, follow-ons past it incomplete though the data has them", async () => {
    const asOfIndex = 330; // the end of a flat stretch: today's spread is 0, tied with other windows
    const asOf = DATES[asOfIndex] as string;
    const reply = await ask("/history RSP SPY 21", asOf);
    const p = plain("RSP", "SPY", 21, asOfIndex);
    expectMatches(reply, p);
    const d = reply.data as unknown as Data;
    expect(d.asOf).toBe(asOf);
    expect(d.current.spread).toBe(0);
    expect(d.percentile.equal).toBeGreaterThan(1);
    expect(d.windows).toBe(asOfIndex - 21 + 1);
    // No date after the as-of session anywhere in the answer's figures.
    const dates = JSON.stringify(reply.data).match(/\d{4}-\d{2}-\d{2}/g) ?? [];
    expect(dates.filter((x) => x > asOf)).toEqual([]);
    // At one level, the as-of answer's episodes are the first of today's, and one within 63
    // sessions of the as-of date is incomplete there though today's data completes it.
    const thenReply = await ask("/history RSP SPY 21 +100", asOf);
    expectMatches(thenReply, plain("RSP", "SPY", 21, asOfIndex, 100));
    expect(thenReply.fallback).toMatch(/incomplete \(\d+ of 63\)/);
    const then = thenReply.data as unknown as Data;
    const now = (await ask("/history RSP SPY 21 +100")).data as unknown as Data;
    expect(now.episodes.slice(0, then.episodes.length).map((e) => e.date)).toEqual(
      then.episodes.map((e) => e.date),
    );
    const late = then.episodes.findIndex((e) => e.followOns[1]?.complete === false);
    expect(late).toBeGreaterThanOrEqual(0);
    expect(now.episodes[late]?.followOns[1]?.complete).toBe(true);
    expect(then.episodes[late]?.followOns[1]?.sessionsAvailable).toBeLessThan(63);
  });

  it("fewer than 5 episodes: a warning, and shares as counts only", async () => {
    // A level only the widest moves reached: search the plain computation for 1 to 4 episodes.
    let level: number | undefined;
    for (let bp = 300; bp <= 3000 && level === undefined; bp += 25) {
      const count = plain("^RUT", "^GSPC", 21, DATES.length - 1, bp).episodes.length;
      if (count >= 1 && count < 5) level = bp;
    }
    expect(level).toBeDefined();
    const reply = await ask(`/history rotation 21 +${level}`);
    expectMatches(reply, plain("^RUT", "^GSPC", 21, DATES.length - 1, level));
    const d = reply.data as unknown as Data;
    expect(d.warning).toMatch(/^Only \d episodes?: too few to read as a pattern/);
    expect(reply.fallback).toContain("Warning: Only");
    const summary = blocksOf(reply, "table").find((t) => t.caption?.startsWith("What followed"));
    for (const row of summary?.rows ?? []) {
      expect(row[3]).toMatch(/^(\d+ of \d+|n\/a \(none complete\))$/);
      expect(row[3]).not.toContain("%");
    }
  });

  it("CSV: every episode at full precision, and a CSV button", async () => {
    const reply = await ask("/history rotation 21");
    const sheets = replySheets(reply, "/history rotation 21");
    expect(sheets.map((s) => s.filename)).toEqual([
      "history-rotation-21-2026-01-13-episodes-latest-first.csv",
      "history-rotation-21-2026-01-13-what-followed-over-complete-follow-ons-only.csv",
    ]);
    const d = reply.data as unknown as Data;
    const episodes = sheets[0];
    expect(episodes?.rows).toHaveLength(d.episodes.length);
    expect(episodes?.rows[0]?.[0]).toBe(d.episodes[0]?.date);
    expect(episodes?.rows[0]?.[1]).toBe(d.episodes[0]?.spread);
    expect(episodes?.comment).toContain("source: Yahoo Finance | as of: 2026-01-13 | full precision");
    expect(sheets[1]?.rows[0]?.slice(0, 3)).toEqual([
      21,
      d.summaries[0]?.complete,
      d.summaries[0]?.incomplete,
    ]);
    const history = commands.find((c) => c.name === "history");
    if (!history) throw new Error("no /history");
    const actions = answerActions(reply, history, "rotation 21", NOW);
    expect(actions.map((a) => a.label)).toEqual(["CSV"]);
  });

  it("bad input: a private answer that says what to type, nothing echoed", async () => {
    const cases: [string, string, string][] = [
      ["/history IWM", "rotation (Russell 2000 vs S&P 500) or two tickers", "/history IWM SPY 21"],
      ["/history rotation ytd", "a window of N sessions", "/history rotation 21"],
      ["/history rotation 400", "The window is 1 to 252 sessions", "/history rotation 63 +500"],
      ["/history IWM IWM", "Give two different tickers", "/history IWM SPY 21"],
      ["/history <!channel> SPY", "Ticker 1 is not a symbol", "/history IWM SPY 21"],
    ];
    for (const [text, message, hint] of cases) {
      const reply = await ask(text);
      expect(reply.kind).toBe("user-error");
      expect(reply.visibility).toBe("private");
      expect(reply.fallback).toContain(message);
      expect(reply.fallback).toContain(`Try: ${hint}`);
      expect(reply.fallback).not.toMatch(/[<>!]/);
    }
    const unknown = await ask("/history ZZZZ SPY");
    expect(unknown.kind).toBe("user-error");
    expect(unknown.fallback).toContain("ZZZZ (not found)");
  });

  it("GIVEN Yahoo failing for one of the two THEN an honest outage, not a user error", async () => {
    const fresh = await buildServices(
      readConfig({ YAHOO_BASE_URL: fake.url, STORE_PATH: join(dir, "fresh.sqlite"), YAHOO_RETRIES: "0" }),
      silentLogger,
      { clock: { now: () => NOW } },
    );
    try {
      fake.inject({ status5xx: Number.POSITIVE_INFINITY, forSymbols: ["SPY"] });
      const reply = await dispatchText("/history RSP SPY", { ...fresh, requester: { platform: "cli" } });
      expect(reply.kind).toBe("outage");
      expect(reply.fallback).toContain(
        "Market data unavailable: cannot reach Yahoo Finance for SPY right now",
      );
    } finally {
      fake.reset();
      await fresh.close();
    }
  });
});
