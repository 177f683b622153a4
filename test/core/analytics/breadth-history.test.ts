// History measures over session records, against arithmetic written out in the comments.
import { describe, expect, it } from "vitest";
import {
  breadthHistory,
  mcclellanOscillator,
  ratioAdjustedNet,
  recordHighPercent,
  rollingMean,
  runningSum,
  type SessionBreadth,
  seededEma,
} from "../../../src/core/analytics/breadth-history.ts";

const rec = (i: number, advancing: number, declining: number, highs = 0, lows = 0): SessionBreadth => ({
  date: `2026-02-${String(i + 1).padStart(2, "0")}`,
  advancing,
  declining,
  highs,
  lows,
});

describe("advance/decline line", () => {
  it("GIVEN net advances 5, -3, 2 THEN the line reads 5, 2, 4", () => {
    const h = breadthHistory([rec(0, 10, 5), rec(1, 4, 7), rec(2, 6, 4)]);
    expect(h.netAdvances).toEqual([5, -3, 2]);
    expect(h.adLine).toEqual([5, 2, 4]);
  });
});

describe("seeded EMA", () => {
  it("GIVEN 3-session EMA with smoothing 0.5 THEN it starts at the mean of the first 3", () => {
    // seed = (1 + 2 + 6) / 3 = 3 at index 2; then 3 + 0.5 x (9 - 3) = 6; then 6 + 0.5 x (0 - 6) = 3
    expect(seededEma([1, 2, 6, 9, 0], 3, 0.5)).toEqual([null, null, 3, 6, 3]);
  });

  it("GIVEN a gap THEN the EMA stops there instead of bridging it", () => {
    expect(seededEma([1, 2, 6, null, 0], 3, 0.5)).toEqual([null, null, 3, null, null]);
  });
});

describe("McClellan oscillator", () => {
  // Net advances 0 for 38 sessions, then 390, then 100.
  const net = [...Array.from({ length: 38 }, () => 0), 390, 100];
  const m = mcclellanOscillator(net);

  it("THEN EMA19 is seeded at session 19 and EMA39 at session 39", () => {
    expect(m.ema19.indexOf(null)).toBe(0);
    expect(m.ema19[17]).toBeNull();
    expect(m.ema19[18]).toBe(0); // mean of 19 zeros
    expect(m.ema39[37]).toBeNull();
    // index 38: EMA19 = 0 + 0.10 x (390 - 0) = 39; EMA39 seed = (38 x 0 + 390) / 39 = 10
    expect(m.ema19[38]).toBeCloseTo(39, 10);
    expect(m.ema39[38]).toBeCloseTo(10, 10);
    expect(m.oscillator[38]).toBeCloseTo(29, 10);
  });

  it("THEN the next session applies smoothing 0.10 and 0.05", () => {
    // EMA19 = 39 + 0.10 x (100 - 39) = 45.1; EMA39 = 10 + 0.05 x (100 - 10) = 14.5; 45.1 - 14.5 = 30.6
    expect(m.ema19[39]).toBeCloseTo(45.1, 10);
    expect(m.ema39[39]).toBeCloseTo(14.5, 10);
    expect(m.oscillator[39]).toBeCloseTo(30.6, 10);
  });

  it("THEN the summation index is the running sum of the oscillator: 29, 59.6", () => {
    const h = breadthHistory(net.map((n, i) => rec(i % 28, n, 0)));
    expect(h.mcclellan.filter((v) => v !== null)).toHaveLength(2);
    expect(h.summation[37]).toBeNull();
    expect(h.summation[38]).toBeCloseTo(29, 10);
    expect(h.summation[39]).toBeCloseTo(59.6, 10);
  });

  it("GIVEN constant net advances THEN the oscillator is 0", () => {
    const flat = mcclellanOscillator(Array.from({ length: 45 }, () => 120));
    expect(flat.oscillator.slice(38).every((v) => v !== null && Math.abs(v) < 1e-9)).toBe(true);
  });
});

describe("ratio-adjusted McClellan", () => {
  it("GIVEN 300 up and 100 down THEN the ratio-adjusted net is 200 / 400 x 1000 = 500", () => {
    expect(ratioAdjustedNet(300, 100)).toBe(500);
    expect(ratioAdjustedNet(0, 0)).toBeNull();
  });

  it("GIVEN the same proportion every day at any size THEN the oscillator is 0", () => {
    // 600/200 and 300/100 are both +500 ratio-adjusted, though their plain net differs (400 vs 200).
    const records = Array.from({ length: 40 }, (_, i) =>
      i % 2 ? rec(i % 28, 600, 200) : rec(i % 28, 300, 100),
    );
    const h = breadthHistory(records);
    expect(h.ratioAdjustedNet[0]).toBe(500);
    expect(h.ratioAdjustedMcclellan[39]).toBeCloseTo(0, 9);
    expect(h.mcclellan[39]).not.toBeCloseTo(0, 3);
  });
});

describe("new highs and lows", () => {
  it("GIVEN highs 3 and lows 1 THEN net new highs 2 and record high percent 75", () => {
    const h = breadthHistory([rec(0, 1, 1, 3, 1), rec(1, 1, 1, 0, 0)]);
    expect(h.netNewHighs).toEqual([2, 0]);
    expect(h.recordHighPercent).toEqual([75, null]);
    expect(recordHighPercent(0, 4)).toBe(0);
  });

  it("THEN the high-low index is the 10-session mean of record high percent", () => {
    // five sessions at 1/(1+1) = 50%, five at 3/(3+1) = 75%: (5 x 50 + 5 x 75) / 10 = 62.5
    const records = [...Array.from({ length: 5 }, (_, i) => rec(i, 1, 1, 1, 1))];
    for (let i = 5; i < 11; i++) records.push(rec(i, 1, 1, 3, 1));
    const h = breadthHistory(records);
    expect(h.highLowIndex.slice(0, 9)).toEqual(Array.from({ length: 9 }, () => null));
    expect(h.highLowIndex[9]).toBe(62.5);
    // next: drops one 50, adds one 75 -> (4 x 50 + 6 x 75) / 10 = 65
    expect(h.highLowIndex[10]).toBe(65);
  });

  it("GIVEN a session without highs or lows inside the window THEN the index is not computed", () => {
    expect(rollingMean([50, null, 75], 2)).toEqual([null, null, null]);
    expect(rollingMean([50, 70, 75], 2)).toEqual([null, 60, 72.5]);
  });
});

describe("running sum", () => {
  it("shows a gap as a gap", () => {
    expect(runningSum([null, 1, 2, null])).toEqual([null, 1, 3, null]);
  });
});
