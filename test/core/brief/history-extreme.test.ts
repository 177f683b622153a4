/**
 * The brief's one line for figures at a historical extreme: present only beyond the 5th to 95th
 * percentile, naming each figure's percentile and what it rests on.
 */
import { describe, expect, it } from "vitest";
import type { SpreadPercentile } from "../../../src/core/analytics/history/rotation-history.ts";
import type { IndexBreadth } from "../../../src/core/brief/breadth.ts";
import { briefEvents } from "../../../src/core/brief/events-text.ts";
import type { MarketFigures } from "../../../src/core/brief/figures.ts";

function figures(over: Partial<MarketFigures>): MarketFigures {
  return {
    session: "2026-01-13",
    rotation: [],
    line: {},
    sectors: [],
    sectorsUnranked: [],
    levels: {},
    extremes: [],
    extremesShort: [],
    series: new Map(),
    missing: [],
    fetchedAt: 0,
    ...over,
  };
}

function spread(rank: number, current = 0.0612): SpreadPercentile {
  return {
    rank,
    below: Math.floor(rank * 9650),
    equal: 0,
    count: 9650,
    sessions: 21,
    current,
    endDate: "2026-01-13",
    firstDate: "1987-09-10",
    firstWindowEnd: "1987-10-09",
    side: rank >= 0.5 ? "high" : "low",
  };
}

function above50(rank: number): IndexBreadth {
  return {
    alias: "RUT",
    name: "Russell 2000",
    above50History: {
      current: 12.34,
      sessions: 430,
      firstDate: "2024-03-04",
      lastDate: "2026-01-12",
      rank: { rank, below: Math.floor(rank * 430), equal: 0, count: 430 },
    },
  };
}

const historical = (f: MarketFigures, b: IndexBreadth[]) =>
  briefEvents(f, b).filter((e) => e.type === "historical-extreme");

describe("historical extremes in the brief", () => {
  it("GIVEN nothing beyond the 5th to 95th percentile THEN no line", () => {
    expect(historical(figures({ spreadHistory: spread(0.95) }), [above50(0.05)])).toEqual([]);
    expect(historical(figures({ spreadHistory: spread(0.5) }), [above50(0.5)])).toEqual([]);
    expect(historical(figures({}), [])).toEqual([]);
  });

  it("GIVEN the spread above the 95th and breadth below the 5th THEN one line with both", () => {
    const events = historical(figures({ spreadHistory: spread(0.9712) }), [above50(0.031)]);
    expect(events).toHaveLength(1);
    expect(events[0]?.text).toBe(
      "At a historical extreme (ties counted half): RUT-SPX 21-session spread +612 bp, the 97th percentile of 9,650 windows since 10 Sep 1987; Russell 2000 % above 50-day 12.3%, the 3rd percentile of 430 stored sessions since 4 Mar 2024.",
    );
  });

  it("GIVEN only one figure at an extreme THEN only that one is named", () => {
    const events = historical(figures({ spreadHistory: spread(0.012, -0.0401) }), [above50(0.6)]);
    expect(events[0]?.text).toBe(
      "At a historical extreme (ties counted half): RUT-SPX 21-session spread -401 bp, the 1st percentile of 9,650 windows since 10 Sep 1987.",
    );
  });

  it("GIVEN breadth history too short for a percentile THEN it is never called extreme", () => {
    const short: IndexBreadth = {
      alias: "RUT",
      name: "Russell 2000",
      above50History: { current: 1, sessions: 5 },
    };
    expect(historical(figures({}), [short])).toEqual([]);
  });
});
