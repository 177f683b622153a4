import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alignedCloses } from "../../../src/core/analytics/history/aligned.ts";
import { linePosition } from "../../../src/core/analytics/history/line-position.ts";
import { percentileOrdinal, percentileRank } from "../../../src/core/analytics/history/percentile.ts";
import { winStreak } from "../../../src/core/analytics/history/streak.ts";
import { sessionsBetween, windowSpreads } from "../../../src/core/analytics/history/window-spreads.ts";
import type { Bar } from "../../../src/core/ports.ts";

// Weekday sessions of January 2026 (the 1st and 19th are holidays).
const SESSIONS = [
  "2026-01-02",
  "2026-01-05",
  "2026-01-06",
  "2026-01-07",
  "2026-01-08",
  "2026-01-09",
  "2026-01-12",
  "2026-01-13",
];
const bars = (closes: number[], dates = SESSIONS): Bar[] =>
  closes.map((close, i) => ({ date: dates[i] as string, close }));

describe("percentileRank", () => {
  it("counts values below and half the ties", () => {
    const r = percentileRank([1, 2, 2, 3, 4], 2);
    expect(r).toEqual({ rank: (1 + 2 / 2) / 5, below: 1, equal: 2, count: 5 });
    expect(percentileRank([1, 2, 3], 10)?.rank).toBe(1);
    expect(percentileRank([1, 2, 3], 0)?.rank).toBe(0);
    expect(percentileRank([], 1)).toBeUndefined();
  });
  it("equals a plain sort-and-count on any history", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1 }),
        fc.integer({ min: -60, max: 60 }),
        (xs, c) => {
          const sorted = [...xs].sort((x, y) => x - y);
          const below = sorted.filter((x) => x < c).length;
          const ties = sorted.filter((x) => x === c).length;
          const r = percentileRank(xs, c);
          expect(r?.rank).toBeCloseTo((below + ties / 2) / xs.length, 12);
          expect(r?.rank).toBeGreaterThanOrEqual(0);
          expect(r?.rank).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
  it("names ordinals floored, never rounded up", () => {
    expect(percentileOrdinal(0.9799)).toBe("97th");
    expect(percentileOrdinal(0.01)).toBe("1st");
    expect(percentileOrdinal(0.22)).toBe("22nd");
    expect(percentileOrdinal(0.13)).toBe("13th");
    expect(percentileOrdinal(0.03)).toBe("3rd");
    expect(percentileOrdinal(1)).toBe("100th");
  });
});

describe("alignedCloses and windowSpreads", () => {
  it("keeps only common sessions up to the as-of date", () => {
    const a = bars([100, 101, 102, 103, 104, 105, 106, 107]);
    const b = bars([50, 51, 52, 53, 54, 55, 56], [...SESSIONS.slice(0, 3), ...SESSIONS.slice(4)]);
    const c = alignedCloses(a, b, "2026-01-12");
    expect(c.dates).toEqual([
      "2026-01-02",
      "2026-01-05",
      "2026-01-06",
      "2026-01-08",
      "2026-01-09",
      "2026-01-12",
    ]);
    expect(c.a).toEqual([100, 101, 102, 104, 105, 106]);
  });
  it("computes every overlapping N-session spread exactly", () => {
    const a = bars([100, 110, 99, 120, 130, 125, 140, 150]);
    const b = bars([100, 100, 100, 105, 100, 110, 100, 100]);
    const c = alignedCloses(a, b, "2026-01-13");
    const w = windowSpreads(c, 3);
    expect(w.endDates).toEqual(SESSIONS.slice(3));
    expect(w.spreads[0]).toBeCloseTo(120 / 100 - 1 - (105 / 100 - 1), 15);
    expect(w.spreads.at(-1)).toBeCloseTo(150 / 130 - 1 - (100 / 100 - 1), 15);
    expect(windowSpreads(c, 8).spreads).toEqual([]);
    expect(sessionsBetween(c, "2026-01-05", "2026-01-13")).toBe(6);
  });
  it("a window count is sessions minus N, whatever the data", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (xs, n) => {
          const c = alignedCloses(bars(xs), bars(xs.map((x) => x * 2)), "2026-12-31");
          const w = windowSpreads(c, n);
          expect(w.spreads.length).toBe(Math.max(0, 8 - n));
          // The same series against itself doubled: every spread is zero (up to floating point).
          for (const s of w.spreads) expect(Math.abs(s)).toBeLessThan(1e-12);
        },
      ),
    );
  });
});

describe("winStreak", () => {
  it("counts the sessions in a row A beat B, a tie ending it", () => {
    // Daily A-B: 01-05 beat, 01-06 tie, 01-07 beat, 01-08 beat, 01-09 lose, 01-12 beat, 01-13 beat
    const a = bars([100, 102, 102, 103, 105, 104, 106, 108]);
    const b = bars([100, 100, 100, 100, 100, 100, 100, 100]);
    const s = winStreak(alignedCloses(a, b, "2026-01-13"));
    expect(s).toMatchObject({
      current: 2,
      currentLosing: 0,
      longestInYear: 2,
      yearReturns: 7,
      endDate: "2026-01-13",
    });
    const t = winStreak(alignedCloses(a, b, "2026-01-09"));
    expect(t).toMatchObject({ current: 0, currentLosing: 1, longestInYear: 2 });
  });
});

describe("linePosition", () => {
  it("places the line in its range and leaves the average out when under 200 sessions", () => {
    const a = bars([10, 12, 11, 14, 13, 12, 13, 12]);
    const b = bars([10, 10, 10, 10, 10, 10, 10, 10]);
    const p = linePosition(alignedCloses(a, b, "2026-01-13"));
    expect(p).toMatchObject({ value: 1.2, rangeLow: 1, rangeHigh: 1.4, rangeSessions: 8 });
    expect(p?.inRange).toBeCloseTo(0.5, 12);
    expect(p?.average).toBeUndefined();
  });
});
