// Edge cases of the analytics behind /sectors, /record, /compare, /macro and /valuation.
import { describe, expect, it } from "vitest";
import { maxDrawdown } from "../../../src/core/analytics/drawdown.ts";
import { differenceSeries, ppToBp } from "../../../src/core/analytics/levels.ts";
import { recordFigures, roundStep } from "../../../src/core/analytics/records.ts";
import { quadrantOf, rrgPoints, weeklyCloses, weekOf } from "../../../src/core/analytics/rrg.ts";
import { peGap } from "../../../src/core/analytics/valuation.ts";
import type { Bar } from "../../../src/core/ports.ts";

const bars = (rows: [string, number][]): Bar[] => rows.map(([date, close]) => ({ date, close }));

describe("weekly closes", () => {
  it("takes the last close of each Monday-to-Sunday week, a holiday Friday included", () => {
    // Fri 3 Apr 2026 is Good Friday: that week's last close is Thu 2 Apr.
    const weekly = weeklyCloses(
      bars([
        ["2026-03-30", 1],
        ["2026-04-02", 2],
        ["2026-04-06", 3],
        ["2026-04-10", 4],
        ["2026-04-13", 5],
      ]),
    );
    expect(weekly).toEqual([
      { date: "2026-04-02", close: 2 },
      { date: "2026-04-10", close: 4 },
      { date: "2026-04-13", close: 5 },
    ]);
    expect(weekOf("2026-04-05")).toBe("2026-03-30"); // a Sunday belongs to the week that began Monday
  });
});

describe("RRG open approximation", () => {
  it("needs n + m - 1 weeks for a first point; RS uses the benchmark", () => {
    // 16 Fridays; asset doubles relative to the benchmark in the last week only because the benchmark halves.
    const fridays = Array.from({ length: 16 }, (_, i) => {
      const d = new Date(Date.UTC(2025, 8, 5 + 7 * i));
      return d.toISOString().slice(0, 10);
    });
    const asset = bars(fridays.map((d) => [d, 50]));
    const bench = bars(fridays.map((d, i) => [d, i === 15 ? 25 : 50]));
    const points = rrgPoints(asset, bench, "2026-12-31");
    expect(points).toHaveLength(1);
    // RS = 100 x 50 / 50 = 100 for 15 weeks, then 100 x 50 / 25 = 200: SMA12 = (11 x 100 + 200) / 12
    const ratio = (100 * 200) / ((11 * 100 + 200) / 12);
    expect(points[0]?.rsRatio).toBeCloseTo(ratio, 9);
    expect(points[0]?.rsMomentum).toBeCloseTo((100 * ratio) / ((4 * 100 + ratio) / 5), 9);
    expect(rrgPoints(asset.slice(1), bench.slice(1), "2026-12-31")).toEqual([]);
  });

  it("names quadrants on the values as shown, and none on a 100 line", () => {
    expect(quadrantOf(101, 101)).toBe("Leading");
    expect(quadrantOf(101, 99)).toBe("Weakening");
    expect(quadrantOf(99, 99)).toBe("Lagging");
    expect(quadrantOf(99, 101)).toBe("Improving");
    expect(quadrantOf(100.004, 103)).toBe("On a 100 line");
  });
});

describe("records", () => {
  it("chooses the step from the magnitude", () => {
    // 10^(floor(log10 x) - 1): 2,531.4 -> 10^2; 590 -> 10^1; 24,000 -> 10^3; 4.3 -> 10^-1; 99.9 -> 10^0
    expect([2531.4, 590, 24_000, 4.3, 99.9].map(roundStep)).toEqual([100, 10, 1000, 0.1, 1]);
  });

  it("dates an equalled record to the first session and does not call the repeat a new one", () => {
    const f = recordFigures(
      bars([
        ["2026-01-05", 10],
        ["2026-01-06", 12],
        ["2026-01-07", 11],
        ["2026-01-08", 12],
      ]),
      "2026-01-08",
    );
    expect(f).toMatchObject({
      record: { date: "2026-01-06", value: 12 },
      isNewRecord: false,
      matchesRecord: true,
      sessionsSince: 2,
      step: 1,
      // multiples of 1 above the first close 10, up to 12: 11 first on 6 Jan (12), 12 on 6 Jan
      milestones: [
        { level: 11, date: "2026-01-06", close: 12 },
        { level: 12, date: "2026-01-06", close: 12 },
      ],
      crossedLatest: [{ level: 12, direction: "up" }],
      barsWithHigh: 0,
    });
  });

  it("steps of 0.1 land on round levels without binary noise", () => {
    const f = recordFigures(
      bars([
        ["2026-01-05", 4.05],
        ["2026-01-06", 4.32],
      ]),
      "2026-01-06",
    );
    expect(f?.milestones.map((m) => m.level)).toEqual([4.1, 4.2, 4.3]);
  });
});

describe("drawdown, levels, P/E gap", () => {
  it("max drawdown only within the window", () => {
    const b = bars([
      ["2026-01-05", 200],
      ["2026-01-06", 100],
      ["2026-01-07", 120],
      ["2026-01-08", 90],
    ]);
    // From 6 Jan: peak 120 (7 Jan), trough 90 (8 Jan): 90 / 120 - 1 = -25%
    expect(maxDrawdown(b, "2026-01-06", "2026-01-08")).toMatchObject({
      value: -0.25,
      peakDate: "2026-01-07",
    });
    expect(maxDrawdown(b, "2026-02-01", "2026-02-02")).toBeUndefined();
  });

  it("pp to bp rounds to whole bp without -0; the slope only on common dates", () => {
    expect([0.15, -0.05, 4.35 - 4.2, -0.00001].map(ppToBp)).toEqual([15, -5, 15, 0]);
    expect(Object.is(ppToBp(-0.00001), 0)).toBe(true);
    expect(
      differenceSeries(
        bars([
          ["2026-01-05", 4.2],
          ["2026-01-06", 4.3],
        ]),
        bars([["2026-01-06", 3.6]]),
      ),
    ).toEqual([{ date: "2026-01-06", close: expect.closeTo(0.7, 12) }]);
  });

  it("P/E gap is undefined for a missing or non-positive ratio", () => {
    expect(peGap(18, 25)).toBeCloseTo(-0.28, 12);
    expect(peGap(undefined, 25)).toBeUndefined();
    expect(peGap(-5, 25)).toBeUndefined();
    expect(peGap(20, 0)).toBeUndefined();
  });
});
