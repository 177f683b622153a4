/**
 * The breadth charts, as ChartSpecs: a panel of the index's measures, the same measures by sector,
 * and the history (A/D line with the McClellan oscillator on its own axis). Sized and labelled to
 * stay readable as a chat thumbnail: few series, horizontal bars, percent axes fixed at 0-100.
 */
import type { BreadthSnapshot, SectorBreadth } from "../../core/analytics/breadth.ts";
import type { BreadthHistory } from "../../core/analytics/breadth-history.ts";
import type { ChartSpec } from "../../core/chart-spec.ts";
import { formatShortDate } from "../../core/market/time.ts";
import { percentValue } from "./coverage.ts";

const PERCENT_AXIS = { title: "% of members counted", suffix: "%", min: 0, max: 100 };

/** Advancers vs decliners, above 50/200-day, 52-week highs vs lows: one bar each, in percent. */
export function breadthPanel(name: string, s: BreadthSnapshot, subtitle: string): ChartSpec {
  const direction = { count: 0, of: s.directionOf };
  return {
    kind: "bar",
    title: `${name} breadth, ${formatShortDate(s.date)}`,
    subtitle,
    labels: ["Advancing", "Declining", "Above 50-day", "Above 200-day", "52-week highs", "52-week lows"],
    series: [
      {
        name: "% of members counted",
        values: [
          percentValue({ ...direction, count: s.advancing }, s.members),
          percentValue({ ...direction, count: s.declining }, s.members),
          percentValue(s.above50, s.members),
          percentValue(s.above200, s.members),
          percentValue(s.highs, s.members),
          percentValue(s.lows, s.members),
        ],
      },
    ],
    horizontal: true,
    width: 800,
    height: 420,
    left: PERCENT_AXIS,
    reference: [{ value: 50, label: "50%" }],
  };
}

/** % advancing and % above the 50-day average per sector, strongest first. */
export function sectorPanel(name: string, date: string, sectors: readonly SectorBreadth[]): ChartSpec {
  const direction = (x: SectorBreadth) => ({ count: x.advancing, of: x.directionOf });
  return {
    kind: "bar",
    title: `${name} breadth by sector, ${formatShortDate(date)}`,
    subtitle: "Share of each sector's members advancing and above their 50-day average",
    labels: sectors.map((x) => x.sector),
    series: [
      { name: "% advancing", values: sectors.map((x) => percentValue(direction(x), x.members)) },
      { name: "% above 50-day", values: sectors.map((x) => percentValue(x.above50, x.members)) },
    ],
    horizontal: true,
    width: 800,
    // Room for every sector's label: the category axis skips labels that would touch.
    height: Math.max(400, 140 + (sectors.length + 2) * 40),
    left: PERCENT_AXIS,
    reference: [{ value: 50, label: "50%" }],
  };
}

/** The A/D line (left axis) and the McClellan oscillator (right axis, around zero). */
export function historyChart(name: string, h: BreadthHistory): ChartSpec {
  const first = h.dates[0] ?? "";
  const last = h.dates.at(-1) ?? "";
  return {
    kind: "line",
    title: `${name} breadth history, ${formatShortDate(first)} to ${formatShortDate(last)}`,
    subtitle: "A/D line (cumulative net advances) and McClellan oscillator (right axis)",
    labels: h.dates,
    series: [
      { name: "A/D line", values: h.adLine },
      { name: "McClellan oscillator (right)", values: h.mcclellan, axis: "right", style: "dashed" },
    ],
    width: 800,
    height: 420,
    left: { title: "A/D line" },
    right: { title: "McClellan oscillator" },
    reference: [{ value: 0, axis: "right", label: "0" }],
  };
}
