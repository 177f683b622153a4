/**
 * The brief's "Worth a line" sentences for each kind of event, from figures made up here and
 * small enough to check by hand: the words must say what the numbers say, and nothing more.
 */
import { describe, expect, it } from "vitest";
import type { BreadthRecord } from "../../../src/core/breadth/history-store.ts";
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

function record(date: string, above50: number, of: number): BreadthRecord {
  const none = { count: 0, of };
  return {
    alias: "SPX",
    date,
    mode: "close",
    sectors: [],
    source: "test",
    recordedAt: 0,
    members: of,
    priced: of,
    advancing: 0,
    declining: 0,
    unchanged: 0,
    directionOf: of,
    above50: { count: above50, of },
    above200: none,
    highs: none,
    lows: none,
  };
}

describe("Worth a line", () => {
  it("the IWM/SPY line crossing below its average, with both readings", () => {
    const latest = { date: "2026-01-13", ratio: 0.4, average: 0.41, above: false };
    const previous = { date: "2026-01-12", ratio: 0.412, average: 0.41, above: true };
    const [event] = briefEvents(figures({ line: { latest, previous, cross: "down" } }), []);
    // 0.40 / 0.41 - 1 = -2.44%; 0.412 / 0.41 - 1 = +0.49%
    expect(event?.text).toBe(
      "The IWM/SPY line crossed below its 50-session average: 0.4000 vs average 0.4100 (-2.44%) on 13 Jan 2026, 0.4120 vs average 0.4100 (+0.49%) the session before.",
    );
  });

  it("% above the 50-day rising above 50, with the counts", () => {
    const b: IndexBreadth = {
      alias: "SPX",
      name: "S&P 500",
      latest: record("2026-01-13", 251, 500),
      previous: record("2026-01-12", 240, 500),
      cross50: "up",
    };
    const [event] = briefEvents(figures({}), [b]);
    // 240 / 500 = 48.0%, 251 / 500 = 50.2%
    expect(event?.text).toBe(
      "S&P 500: the share of members above their 50-day average rose above 50%, from 48.0% to 50.2% (251 of 500).",
    );
  });

  it("a spread at the low end of its year says 'lowest', not who it favours", () => {
    // The whole year's 1-day spreads are positive: the low end still favours the Russell 2000.
    const extremes = [
      {
        key: "RUT-SPX",
        label: "Russell 2000 - S&P 500",
        sessions: 1,
        date: "2026-01-13",
        bp: 4,
        side: "low" as const,
        min: 4,
        max: 180,
      },
    ];
    const [event] = briefEvents(figures({ extremes }), []);
    expect(event?.text).toBe(
      "Russell 2000 - S&P 500, 1-day spread +4 bp: the lowest of the past year (range +4 bp to +180 bp over 252 sessions).",
    );
  });

  it("nothing when nothing happened", () => {
    expect(briefEvents(figures({}), [])).toEqual([]);
  });
});
