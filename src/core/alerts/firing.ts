/**
 * What a firing is (the figure, threshold, reason and chart an alert posts), the definitions the
 * footers name, and the small chart every firing draws.
 */

import type { LevelState } from "../analytics/events.ts";
import type { ChartSpec } from "../chart-spec.ts";
import type { AlertSpec } from "./spec.ts";

export interface Firing {
  /** The session it fired on. */
  session: string;
  /** Names this occurrence among the alert's firings on the session (a direction, a count). */
  occurrence: string;
  title: string;
  /** The figure that fired, as shown. */
  figure: string;
  threshold: string;
  /** One line: why it fired. */
  reason: string;
  /** The definition, for the footer. */
  definition: string;
  chart?: ChartSpec;
  /** The figures as data, for --json and tests. */
  data: Record<string, unknown>;
  /** True when the rule was applied to daily highs and lows instead of live prices. */
  approximate?: boolean;
  /** When the figure is from, when not the session's close (a live price's time). */
  asOf?: string;
}

export interface Evaluation {
  firings: Firing[];
  /** Why the alert could not be evaluated on some session (no data, too little data). */
  unavailable?: string;
  /** The level state after the last session (cross alerts). */
  level?: LevelState;
}

export const DEFINITIONS: Record<AlertSpec["kind"], string> = {
  record: "Record close: the close is above every earlier close in the data (at least 252 sessions).",
  cross:
    "Level crossing: the price moves from one side of the level to the other; re-armed only after it moves back beyond the level by the band.",
  line: "Line crossing its average: the A/B close ratio closes above (below) its simple average after closing at or below (above) it the session before.",
  spread:
    "Spread crossing: the N-session spread A - B (bp) closes beyond +/- the threshold, on a side it was not beyond the session before.",
  participation:
    "Participation crossing: % of members above their 50-day average (from closes) crosses the level between two sessions.",
  mcclellan:
    "McClellan zero cross: EMA19 - EMA39 of net advances (from closes; the EMAs start 200 sessions before the first session evaluated, as in /breadth history) changes sign.",
  thrust:
    "Breadth thrust (Zweig): the 10-session EMA of advancers / (advancers + decliners) rises from below 0.40 to above 0.615 within 10 sessions.",
};

const CHART_SESSIONS = 60;
export const inRange = (d: string, from: string, to: string) => d >= from && d <= to;
export const dir = (d: "up" | "down") => (d === "up" ? "above" : "below");

export function lineChart(
  title: string,
  labels: string[],
  series: { name: string; values: (number | null)[]; style?: "dashed" }[],
  reference: number[],
): ChartSpec {
  const n = Math.max(0, labels.length - CHART_SESSIONS);
  return {
    kind: "line",
    title,
    labels: labels.slice(n),
    series: series.map((s) => ({ ...s, values: s.values.slice(n) })),
    reference: reference.map((value) => ({ value, axis: "left" as const })),
    width: 600,
    height: 300,
  };
}
