/** The brief's event rules on series small enough to check by hand. */
import { describe, expect, it } from "vitest";
import {
  fiftyCross,
  lineCross,
  lineReadings,
  rollingSpreads,
  yearExtreme,
} from "../../../src/core/brief/events.ts";
import type { Bar } from "../../../src/core/ports.ts";

/** Bars on consecutive made-up dates d000, d001, ... (ISO order is all the functions need). */
const bars = (closes: number[]): Bar[] =>
  closes.map((close, i) => ({ date: `2026-x${String(i).padStart(3, "0")}`, close }));

describe("IWM/SPY line against its average", () => {
  it("crosses down, then up, as the ratio moves across its 3-session average", () => {
    // Ratios 1, 1, 1.1, 0.9, 1.2. Third: 1.1 vs (1 + 1 + 1.1) / 3 = 1.033, above. Fourth: 0.9 vs
    // (1 + 1.1 + 0.9) / 3 = 1.0, below: crossed down. Fifth: 1.2 vs (1.1 + 0.9 + 1.2) / 3 = 1.067: up.
    const a = bars([1, 1, 1.1, 0.9, 1.2]);
    const b = bars([1, 1, 1, 1, 1]);
    const r = lineReadings(a, b, "2026-x004", 3);
    expect(r.previous?.above).toBe(false);
    expect(r.latest?.average).toBeCloseTo(3.2 / 3, 12);
    expect(lineCross(r)).toBe("up");
    expect(lineCross(lineReadings(a, b, "2026-x003", 3))).toBe("down");
    // Too few sessions for an average the day before: no crossing claimed.
    expect(lineCross(lineReadings(a, b, "2026-x002", 3))).toBeUndefined();
  });
});

describe("% above the 50-day crossing 50", () => {
  it("up above 50, down to 50 or below, nothing otherwise", () => {
    expect(fiftyCross(48, 52)).toBe("up");
    expect(fiftyCross(50, 50.1)).toBe("up");
    expect(fiftyCross(52, 50)).toBe("down");
    expect(fiftyCross(40, 45)).toBeUndefined();
    expect(fiftyCross(undefined, 60)).toBeUndefined();
  });
});

describe("spreads at an extreme of their one-year range", () => {
  it("rolling n-session spreads in whole bp", () => {
    // A: 100 -> 101 -> 103, B: 100 -> 100 -> 101. 1-session: +100 bp, then 103/101 - 1 - (101/100 - 1)
    // = 0.0198 - 0.01 = +98 bp.
    const s = rollingSpreads(bars([100, 101, 103]), bars([100, 100, 101]), 1, "2026-x002");
    expect(s.map((v) => v.bp)).toEqual([100, 98]);
  });

  it("flags the latest value at or beyond the range of the window, and says when the window is short", () => {
    const values = (bps: number[]) => bps.map((bp, i) => ({ date: `d${i}`, bp }));
    expect(yearExtreme(values([5, -3, 8, 9]), "d3", 4).extreme).toMatchObject({
      side: "high",
      min: -3,
      max: 9,
    });
    expect(yearExtreme(values([5, -3, 8, -3]), "d3", 4).extreme?.side).toBe("low");
    expect(yearExtreme(values([5, -3, 8, 2]), "d3", 4).extreme).toBeUndefined();
    // Only the last 4 count: the 20 at the start is out of the window.
    expect(yearExtreme(values([20, 5, -3, 8, 9]), "d4", 4).extreme?.side).toBe("high");
    expect(yearExtreme(values([5, 9]), "d1", 4)).toEqual({ short: true });
    // A value for another date than asked is not today's.
    expect(yearExtreme(values([5, -3, 8, 9]), "d9", 4)).toEqual({ short: true });
  });
});
