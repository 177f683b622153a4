import { describe, expect, it } from "vitest";
import { parsePeriod } from "../../../src/core/analytics/periods.ts";
import { relativeStrength } from "../../../src/core/analytics/relative-strength.ts";
import { periodReturn } from "../../../src/core/analytics/returns.ts";
import { bp, pct, spreadBp } from "../../../src/core/format.ts";
import type { Bar } from "../../../src/core/ports.ts";

const bars = (rows: [string, number][]): Bar[] => rows.map(([date, close]) => ({ date, close }));

// Six sessions around New Year 2026 (1 Jan is a holiday).
const A = bars([
  ["2025-12-29", 100],
  ["2025-12-30", 101],
  ["2025-12-31", 102],
  ["2026-01-02", 104],
  ["2026-01-05", 103],
  ["2026-01-06", 105.1],
]);
const B = bars([
  ["2025-12-29", 199],
  ["2025-12-30", 199.5],
  ["2025-12-31", 200],
  ["2026-01-02", 199],
  ["2026-01-05", 200.5],
  ["2026-01-06", 201],
]);
const today = "2026-11-23";

describe("periodReturn", () => {
  it("GIVEN ytd as of 6 Jan THEN the base is the 31 Dec close", () => {
    const r = periodReturn(A, parsePeriod("ytd", today), "2026-01-06");
    expect(r).toMatchObject({
      baseDate: "2025-12-31",
      baseClose: 102,
      endDate: "2026-01-06",
      endClose: 105.1,
    });
    // 105.1 / 102 - 1 = 0.030392...
    expect(r?.value).toBeCloseTo(0.0303922, 6);
    expect(pct(r?.value ?? 0)).toBe("+3.04%");
  });

  it("GIVEN 1d THEN the base is the previous session", () => {
    const r = periodReturn(A, parsePeriod("1d", today), "2026-01-06");
    expect(r?.baseDate).toBe("2026-01-05");
    expect(pct(r?.value ?? 0)).toBe("+2.04%");
  });

  it("GIVEN 5d THEN the base is five sessions back, counting sessions not calendar days", () => {
    const r = periodReturn(A, parsePeriod("5d", today), "2026-01-06");
    expect(r?.baseDate).toBe("2025-12-29");
    expect(pct(r?.value ?? 0)).toBe("+5.10%");
  });

  it("GIVEN an as-of date on a holiday THEN the last close on or before it ends the period", () => {
    const r = periodReturn(A, parsePeriod("mtd", today), "2026-01-01");
    // December MTD to 31 Dec: base = last close before 1 Dec, which this series lacks.
    expect(r).toBeUndefined();
    const r2 = periodReturn(A, parsePeriod("1d", today), "2026-01-01");
    expect(r2).toMatchObject({ baseDate: "2025-12-30", endDate: "2025-12-31" });
  });

  it("GIVEN a range THEN base is the last close before its first day and end the last close in it", () => {
    const r = periodReturn(A, parsePeriod("2026-01-02..2026-01-05", today), "2026-01-06");
    expect(r).toMatchObject({ baseDate: "2025-12-31", endDate: "2026-01-05" });
    expect(r?.value).toBeCloseTo(103 / 102 - 1, 10);
  });

  it("GIVEN too little history THEN undefined, never a made-up figure", () => {
    expect(periodReturn(A, parsePeriod("1m", today), "2026-01-06")).toBeUndefined();
  });
});

describe("spreads", () => {
  it("rounds the return difference to whole basis points", () => {
    const a = periodReturn(A, parsePeriod("ytd", today), "2026-01-06")?.value ?? 0;
    const b = periodReturn(B, parsePeriod("ytd", today), "2026-01-06")?.value ?? 0;
    // (0.0303922 - 0.005) x 10,000 = 253.92 -> 254
    expect(spreadBp(a, b)).toBe(254);
    expect(bp(spreadBp(a, b))).toBe("+254 bp");
    expect(bp(spreadBp(b, a))).toBe("-254 bp");
    expect(bp(1234)).toBe("+1,234 bp");
    expect(spreadBp(0.01, 0.01)).toBe(0);
  });
});

describe("relativeStrength", () => {
  it("rebases A/B to 100 at the base and compares with its own average", () => {
    const rs = relativeStrength(A, B, "2025-12-31", "2026-01-06", 3);
    expect(rs?.points[0]).toEqual({ date: "2025-12-31", value: 100 });
    // (105.1/201) / (102/200) x 100 = 0.522886 / 0.51 x 100 = 102.5266
    expect(rs?.latest).toBeCloseTo(102.52658, 4);
    // Average of the last three rebased ratios (2 Jan, 5 Jan, 6 Jan).
    const r = (a: number, b: number) => (a / b / (102 / 200)) * 100;
    expect(rs?.average).toBeCloseTo((r(104, 199) + r(103, 200.5) + r(105.1, 201)) / 3, 8);
    expect(rs?.rising).toBe(true);
  });

  it("leaves the average out when there are fewer sessions than it needs", () => {
    const rs = relativeStrength(A, B, "2025-12-31", "2026-01-06", 50);
    expect(rs?.average).toBeUndefined();
    expect(rs?.rising).toBeUndefined();
  });
});

describe("periodReturn: the previous NYSE session is every series' base", () => {
  // ^VIX-like: a bar on Mon 19 Jan 2026 (Martin Luther King Jr. Day, NYSE closed).
  const vix = bars([
    ["2026-01-15", 15.8],
    ["2026-01-16", 16.0],
    ["2026-01-19", 19.9],
    ["2026-01-20", 17.0],
  ]);
  it("GIVEN a holiday bar THEN 1d as of the next session is from the session before the holiday", () => {
    const r = periodReturn(vix, parsePeriod("1d", today), "2026-01-20");
    expect(r).toMatchObject({ baseDate: "2026-01-16", baseClose: 16.0, endDate: "2026-01-20" });
    expect(r?.value).toBeCloseTo(17 / 16 - 1, 12);
  });
  it("GIVEN as of the holiday itself THEN the holiday bar is not the end either", () => {
    const r = periodReturn(vix, parsePeriod("1d", today), "2026-01-19");
    expect(r).toMatchObject({ baseDate: "2026-01-15", endDate: "2026-01-16" });
  });
});
