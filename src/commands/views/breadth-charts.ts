/**
 * The breadth charts, as ChartSpecs: a panel of the index's measures, the same measures by sector,
 * and the history (A/D line with the McClellan oscillator on its own axis). Sized and labelled to
 * stay readable as a chat thumbnail: few series, horizontal bars, percent axes fixed at 0-100.
 */
import type { BreadthSnapshot, SectorBreadth } from "../../core/analytics/breadth.ts";
import type { BreadthHistory } from "../../core/analytics/breadth-history.ts";
import type { ChartSpec } from "../../core/chart-spec.ts";
import { count } from "../../core/format.ts";
import { formatShortDate } from "../../core/market/time.ts";
import { pct1, percentValue } from "./coverage.ts";

const PERCENT_AXIS = { title: "% of members counted", suffix: "%", min: 0, max: 100 };

/**
 * Advancers vs decliners, above 50/200-day, 52-week highs vs lows: one bar each, in percent. Each
 * label carries its figure, so a thumbnail still reads, and a 0% bar is told from an n/a one.
 */
export function breadthPanel(name: string, s: BreadthSnapshot, subtitle: string): ChartSpec {
  const direction = { count: 0, of: s.directionOf };
  const values = [
    percentValue({ ...direction, count: s.advancing }, s.members),
    percentValue({ ...direction, count: s.declining }, s.members),
    percentValue(s.above50, s.members),
    percentValue(s.above200, s.members),
    percentValue(s.highs, s.members),
    percentValue(s.lows, s.members),
  ];
  const names = ["Advancing", "Declining", "Above 50-day", "Above 200-day", "52-week highs", "52-week lows"];
  return {
    kind: "bar",
    title: `${name} breadth, ${formatShortDate(s.date)}`,
    subtitle,
    labels: names.map((label, i) => {
      const v = values[i] ?? null;
      return `${label} ${v === null ? "n/a" : pct1(v)}`;
    }),
    series: [{ name: "% of members counted", values }],
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
    // The member count says how much a sector's percentages rest on.
    labels: sectors.map((x) => `${x.sector} (${count(x.members)})`),
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

const AXIS_STEPS = 8;

/** The smallest 1, 2, 2.5 or 5 times a power of ten that is at least `x` (> 0). */
export function niceStep(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  const k = [1, 2, 2.5, 5, 10].find((m) => m * power >= x * (1 - 1e-9)) as number;
  return k * power;
}

const round = (x: number) => Number(x.toPrecision(12));

/**
 * Ranges for axes that share one zero line: each spans AXIS_STEPS round steps of its own, with as
 * many steps below zero on every axis, chosen so the series fill as much of the height as they can.
 */
export function zeroAlignedAxes(
  series: readonly (readonly (number | null)[])[],
): { min: number; max: number }[] {
  const extents = series.map((values) => {
    const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
    return { neg: Math.max(0, -Math.min(0, ...xs)), pos: Math.max(0, ...xs) };
  });
  let best: { filled: number; axes: { min: number; max: number }[] } | undefined;
  for (let below = 0; below <= AXIS_STEPS; below++) {
    const above = AXIS_STEPS - below;
    if (extents.some((e) => (e.neg > 0 && below === 0) || (e.pos > 0 && above === 0))) continue;
    let filled = 0;
    const axes = extents.map(({ neg, pos }) => {
      const need = Math.max(below > 0 ? neg / below : 0, above > 0 ? pos / above : 0);
      const step = need > 0 ? niceStep(need) : 1;
      filled += (neg + pos) / (AXIS_STEPS * step);
      return { min: round(-below * step) || 0, max: round(above * step) };
    });
    if (!best || filled > best.filled) best = { filled, axes };
  }
  return best?.axes ?? series.map(() => ({ min: -1, max: 1 }));
}

/**
 * The A/D line (left axis) and the McClellan oscillator (right axis). The two axes share their zero
 * line, so above it is positive for either series and a crossing means the same on both.
 */
export function historyChart(name: string, h: BreadthHistory): ChartSpec {
  const first = h.dates[0] ?? "";
  const last = h.dates.at(-1) ?? "";
  const [left, right] = zeroAlignedAxes([h.adLine, h.mcclellan]);
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
    left: { title: "A/D line", ...left },
    right: { title: "McClellan oscillator", ...right },
    reference: [{ value: 0, axis: "right", label: "0" }],
  };
}
