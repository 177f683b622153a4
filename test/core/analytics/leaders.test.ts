import { describe, expect, it } from "vitest";
import { median, memberReturns, rankLeaders, sectorMix } from "../../../src/core/analytics/leaders.ts";
import { parsePeriod } from "../../../src/core/analytics/periods.ts";
import type { Bar } from "../../../src/core/ports.ts";

const bars = (rows: [string, number][]): Bar[] => rows.map(([date, close]) => ({ date, close }));

// YTD as of 6 Jan 2026: the base is the 31 Dec 2025 close.
const members = [
  { symbol: "AAA", sector: "Technology" },
  { symbol: "BBB", sector: "Energy" },
  { symbol: "CCC", sector: "Technology" },
  { symbol: "DDD", sector: "Energy" },
  { symbol: "EEE" },
];
const series = new Map<string, Bar[]>([
  // 110 / 100 - 1 = +10%
  [
    "AAA",
    bars([
      ["2025-12-31", 100],
      ["2026-01-02", 105],
      ["2026-01-06", 110],
    ]),
  ],
  // 45 / 50 - 1 = -10%
  [
    "BBB",
    bars([
      ["2025-12-31", 50],
      ["2026-01-06", 45],
    ]),
  ],
  // 21 / 20 - 1 = +5%
  [
    "CCC",
    bars([
      ["2025-12-30", 19],
      ["2025-12-31", 20],
      ["2026-01-06", 21],
    ]),
  ],
  // last close on 2 Jan: not ranked for a period ending 6 Jan
  [
    "DDD",
    bars([
      ["2025-12-31", 10],
      ["2026-01-02", 30],
    ]),
  ],
  // no close before the year: no base
  [
    "EEE",
    bars([
      ["2026-01-02", 10],
      ["2026-01-06", 11],
    ]),
  ],
]);

describe("leaders", () => {
  const ytd = parsePeriod("ytd", "2026-01-06");
  const { returns, notPriced } = memberReturns(members, series, ytd, "2026-01-06");

  it("GIVEN ytd as of 6 Jan THEN returns use the 31 Dec base and skip stale or baseless members", () => {
    expect(returns.map((r) => [r.symbol, Number(r.value.toFixed(4))])).toEqual([
      ["AAA", 0.1],
      ["BBB", -0.1],
      ["CCC", 0.05],
    ]);
    expect(notPriced).toEqual([
      { symbol: "DDD", reason: "no close on 2026-01-06 (last 2026-01-02)" },
      { symbol: "EEE", reason: "not enough closes for the period" },
    ]);
  });

  it("THEN the best are AAA, CCC and the worst BBB, without repeating anyone", () => {
    const l = rankLeaders(returns, 2);
    expect(l.best.map((r) => r.symbol)).toEqual(["AAA", "CCC"]);
    expect(l.worst.map((r) => r.symbol)).toEqual(["BBB"]);
    expect(l.best[0]?.sector).toBe("Technology");
    const one = rankLeaders(returns, 1);
    expect([one.best[0]?.symbol, one.worst[0]?.symbol]).toEqual(["AAA", "BBB"]);
  });

  it("THEN the sector mix and the median describe the ranking", () => {
    expect(sectorMix(returns)).toEqual([
      { sector: "Technology", count: 2 },
      { sector: "Energy", count: 1 },
    ]);
    // median of -0.10, 0.05, 0.10 = 0.05
    expect(median(returns.map((r) => r.value))).toBeCloseTo(0.05, 12);
    expect(median([1, 2, 3, 4])).toBe(2.5);
    expect(median([])).toBeUndefined();
  });
});

describe("memberReturns: one window for the whole ranking", () => {
  it("GIVEN a member without the 31 Dec close THEN it is not ranked over 30 Dec instead", () => {
    const m = [{ symbol: "AAA" }, { symbol: "BBB" }, { symbol: "GAP" }];
    const s = new Map<string, Bar[]>([
      ...[...series].filter(([k]) => k === "AAA" || k === "BBB"),
      [
        "GAP",
        bars([
          ["2025-12-30", 10],
          ["2026-01-06", 20],
        ]),
      ],
    ]);
    const { returns, notPriced } = memberReturns(m, s, parsePeriod("ytd", "2026-11-23"), "2026-01-06");
    expect(returns.map((r) => [r.symbol, r.baseDate])).toEqual([
      ["AAA", "2025-12-31"],
      ["BBB", "2025-12-31"],
    ]);
    expect(notPriced).toEqual([
      { symbol: "GAP", reason: "no close on 31 Dec 2025, so not over the same dates as the rest" },
    ]);
  });
});
