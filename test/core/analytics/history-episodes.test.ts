/**
 * Episodes and the pair history against a plain computation written here from the definitions in
 * ANALYTICS.md: spreads straight from the closes, crossings one session at a time, spacing counted
 * from the previous episode's start, follow-ons only where the closes reach.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alignedCloses } from "../../../src/core/analytics/history/aligned.ts";
import { crossingDirection, findEpisodes, median } from "../../../src/core/analytics/history/episodes.ts";
import { pairHistory } from "../../../src/core/analytics/history/pair-history.ts";
import { nextTradingDay } from "../../../src/core/market/calendar.ts";
import type { Bar } from "../../../src/core/ports.ts";

/** `count` NYSE sessions from 2 Jan 2025. */
function sessions(count: number): string[] {
  const out = ["2025-01-02"];
  while (out.length < count) out.push(nextTradingDay(out.at(-1) as string));
  return out;
}
const bars = (closes: readonly number[], dates: readonly string[]): Bar[] =>
  closes.map((close, i) => ({ date: dates[i] as string, close }));

interface Plain {
  date: string;
  spread: number;
  after: (number | "incomplete")[];
}

/** The definition, written out the long way. */
function plainEpisodes(
  a: number[],
  b: number[],
  dates: string[],
  n: number,
  level: number,
  up: boolean,
): Plain[] {
  const spread = (i: number, j: number) =>
    (a[j] as number) / (a[i] as number) - 1 - ((b[j] as number) / (b[i] as number) - 1);
  const out: Plain[] = [];
  let lastStart = -1_000_000;
  const today = a.length - 1;
  for (let i = n + 1; i < today; i++) {
    const prev = spread(i - 1 - n, i - 1);
    const cur = spread(i - n, i);
    const crossed = up ? prev < level && cur >= level : prev > level && cur <= level;
    if (!crossed || i - lastStart < 21) continue;
    lastStart = i;
    out.push({
      date: dates[i] as string,
      spread: cur,
      after: [21, 63].map((h) => (i + h <= today ? spread(i, i + h) : "incomplete")),
    });
  }
  return out;
}

describe("findEpisodes on a designed path", () => {
  // B flat at 100, so the 1-session spread is A's daily return. A moves by the returns below.
  const dates = sessions(150);
  const returns = new Array<number>(150).fill(0);
  returns[10] = 0.02; // crosses 1% from below: an episode
  returns[12] = 0.02; // crosses again 2 sessions later: within 21 of the episode, skipped
  returns[31] = 0.015; // 21 sessions after the episode at 10: exactly far enough, an episode
  returns[32] = 0.03; // stays above: not a crossing (it did not come from below)
  returns[45] = 0.012; // 14 sessions after 31: skipped
  returns[60] = 0.011; // an episode
  returns[130] = 0.02; // an episode whose +21 and +63 the data does not reach (19 sessions after it)
  returns[149] = 0.05; // today: never an episode of its own history
  const a = [100];
  for (let i = 1; i < 150; i++) a.push((a[i - 1] as number) * (1 + (returns[i] as number)));
  const b = new Array<number>(150).fill(100);
  const closes = alignedCloses(bars(a, dates), bars(b, dates), dates.at(-1) as string);

  it("spaces episodes 21 sessions from the previous start and skips the crossings between", () => {
    const e = findEpisodes(closes, 1, 0.01, "up");
    expect(e.episodes.map((x) => x.index)).toEqual([10, 31, 60, 130]);
    expect(e.skippedCrossings).toBe(2);
    expect(e.episodes[0]?.date).toBe(dates[10]);
    expect(e.episodes[0]?.spread).toBeCloseTo(0.02, 12);
  });

  it("follow-ons from the episode's close; incomplete where the data stops, with the sessions it has", () => {
    const e = findEpisodes(closes, 1, 0.01, "up");
    const first = e.episodes[0];
    // 21 sessions after session 10: A rose 2% at 12 and 1.5% at 31: (1.02 x 1.015) - 1
    expect(first?.followOns[0]).toMatchObject({ horizon: 21, complete: true, endDate: dates[31] });
    expect(first?.followOns[0]?.spread).toBeCloseTo(1.02 * 1.015 - 1, 12);
    const tail = e.episodes[3];
    expect(tail?.followOns).toEqual([
      { horizon: 21, sessionsAvailable: 19, complete: false },
      { horizon: 63, sessionsAvailable: 19, complete: false },
    ]);
    // The path stops at the data's end: the episode's close plus 19 sessions.
    expect(tail?.path).toHaveLength(20);
    expect(e.episodes[0]?.path).toHaveLength(64);
    expect(e.episodes[0]?.path[0]).toBe(0);
    // Summaries rest on the complete follow-ons only.
    // +21: 3.53% (10), 4.24% (31: the 3% and 1.2% days), 0 (60: nothing moved): 2 of 3 positive.
    expect(e.summaries[0]).toMatchObject({ horizon: 21, complete: 3, incomplete: 1, positive: 2 });
    expect(e.summaries[0]?.median).toBeCloseTo(1.02 * 1.015 - 1, 12);
    expect(e.summaries[0]?.worst).toEqual({ date: dates[60], spread: 0 });
    expect(e.summaries[1]).toMatchObject({ horizon: 63, complete: 3, incomplete: 1 });
  });

  it("a spread exactly at the level counts as reached", () => {
    const level = (a[60] as number) / (a[59] as number) - 1;
    const e = findEpisodes(closes, 1, level, "up");
    expect(e.episodes.map((x) => x.index)).toContain(60);
  });

  it("below a negative level: crossings from above", () => {
    const down = returns.map((r) => -r);
    const a2 = [100];
    for (let i = 1; i < 150; i++) a2.push((a2[i - 1] as number) * (1 + (down[i] as number)));
    const c = alignedCloses(bars(a2, dates), bars(b, dates), dates.at(-1) as string);
    expect(crossingDirection(-0.01, 0.3)).toBe("down");
    expect(findEpisodes(c, 1, -0.01, "down").episodes.map((x) => x.index)).toEqual([10, 31, 60, 130]);
  });
});

describe("median", () => {
  it("takes the middle, or the mean of the middle two", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});

describe("findEpisodes equals the plain computation on any closes", () => {
  it("episodes, spreads, follow-ons and summaries", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 80, max: 120 }), { minLength: 30, maxLength: 260 }),
        fc.array(fc.integer({ min: 80, max: 120 }), { minLength: 260, maxLength: 260 }),
        fc.integer({ min: 1, max: 25 }),
        fc.option(fc.integer({ min: -3000, max: 3000 })),
        (aRaw, bRaw, n, levelBp) => {
          const dates = sessions(aRaw.length);
          const a = aRaw;
          const b = bRaw.slice(0, aRaw.length);
          const closes = alignedCloses(bars(a, dates), bars(b, dates), dates.at(-1) as string);
          const h = pairHistory(closes, n, levelBp === null ? undefined : levelBp / 10_000);
          if (a.length <= n) {
            expect(h).toBeUndefined();
            return;
          }
          if (!h) throw new Error("expected a history");
          const today = a.length - 1;
          const todaySpread =
            (a[today] as number) / (a[today - n] as number) -
            1 -
            ((b[today] as number) / (b[today - n] as number) - 1);
          expect(h.current.spread).toBeCloseTo(todaySpread, 12);
          const level = levelBp === null ? todaySpread : levelBp / 10_000;
          const up = level > 0 || (level === 0 && todaySpread >= 0);
          const plain = plainEpisodes(a, b, dates, n, h.level, up);
          expect(h.level).toBeCloseTo(level, 15);
          expect(h.episodes.episodes.map((e) => e.date)).toEqual(plain.map((p) => p.date));
          h.episodes.episodes.forEach((e, i) => {
            const p = plain[i] as Plain;
            expect(e.spread).toBeCloseTo(p.spread, 12);
            e.followOns.forEach((f, j) => {
              if (p.after[j] === "incomplete") expect(f.complete).toBe(false);
              else expect(f.spread).toBeCloseTo(p.after[j] as number, 12);
            });
          });
          for (const [j, s] of h.episodes.summaries.entries()) {
            const done = plain.flatMap((p) => (typeof p.after[j] === "number" ? [p.after[j] as number] : []));
            expect(s.complete).toBe(done.length);
            expect(s.incomplete).toBe(plain.length - done.length);
            expect(s.positive).toBe(done.filter((x) => x > 0).length);
            if (done.length === 0) expect(s.worst).toBeUndefined();
            else expect(s.worst?.spread).toBeCloseTo(Math.min(...done), 12);
            const sorted = [...done].sort((x, y) => x - y);
            const mid = sorted.length / 2;
            const m =
              sorted.length === 0
                ? undefined
                : sorted.length % 2
                  ? sorted[Math.floor(mid)]
                  : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
            if (m === undefined) expect(s.median).toBeUndefined();
            else expect(s.median).toBeCloseTo(m, 12);
          }
          // Percentile over every window, today's included, ties counted half.
          const all: number[] = [];
          for (let i = n; i <= today; i++)
            all.push(
              (a[i] as number) / (a[i - n] as number) - 1 - ((b[i] as number) / (b[i - n] as number) - 1),
            );
          const below = all.filter((x) => x < h.current.spread).length;
          const ties = all.filter((x) => x === h.current.spread).length;
          expect(h.percentile.count).toBe(today - n + 1);
          expect(h.percentile.rank).toBeCloseTo((below + ties / 2) / all.length, 12);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("pairHistory", () => {
  it("ties in overlapping windows count half, and the window count is sessions minus N", () => {
    // A and B flat: every 5-session spread is 0, so today ties with all of them: the 50th percentile.
    const dates = sessions(40);
    const flat = new Array<number>(40).fill(100);
    const h = pairHistory(alignedCloses(bars(flat, dates), bars(flat, dates), dates.at(-1) as string), 5);
    expect(h?.percentile).toEqual({ rank: 0.5, below: 0, equal: 35, count: 35 });
    expect(h?.episodes.episodes).toEqual([]);
    expect(h).toMatchObject({ firstDate: dates[0], lastDate: dates[39], sessions: 40, levelFrom: "today" });
    expect(h?.current.baseDate).toBe(dates[34]);
  });

  it("uses nothing after the as-of session", () => {
    const dates = sessions(120);
    const a = dates.map((_, i) => 100 + 10 * Math.sin(i / 5));
    const b = dates.map((_, i) => 100 + 3 * Math.cos(i / 7));
    const asOf = dates[90] as string;
    const cut = pairHistory(alignedCloses(bars(a, dates), bars(b, dates), asOf), 10);
    const only = pairHistory(
      alignedCloses(bars(a.slice(0, 91), dates.slice(0, 91)), bars(b.slice(0, 91), dates.slice(0, 91)), asOf),
      10,
    );
    expect(cut).toEqual(only);
    expect(cut?.lastDate).toBe(asOf);
  });
});
