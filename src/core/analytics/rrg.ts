/**
 * Relative rotation, RRG-style, with the open approximation of the analytics guide (the JdK
 * RS-Ratio and RS-Momentum formulas are proprietary; these are not them):
 *
 *   weekly close  = the last close of each Monday-to-Sunday week (the current week: its latest close)
 *   RS            = 100 x close / benchmark close, on dates both have a close
 *   RS-Ratio      = 100 x RS / SMA(RS, n)              (n = 12 weeks)
 *   RS-Momentum   = 100 x RS-Ratio / SMA(RS-Ratio, m)  (m = 5 weeks)
 *
 * Quadrants: Leading (>100, >100), Weakening (>100, <100), Lagging (<100, <100), Improving (<100, >100).
 */
import { addDays, weekday } from "../market/time.ts";
import type { Bar } from "../ports.ts";
import { alignByDate } from "./returns.ts";

export interface RrgOptions {
  /** Weeks in the RS average (n). */
  ratioWeeks: number;
  /** Weeks in the RS-Ratio average (m). */
  momentumWeeks: number;
  /** Weekly points kept, the latest last (the tail drawn on the chart). */
  tail: number;
}

export const RRG_DEFAULTS: RrgOptions = { ratioWeeks: 12, momentumWeeks: 5, tail: 5 };

export type Quadrant = "Leading" | "Weakening" | "Lagging" | "Improving" | "On a 100 line";

/** Chart labels, clockwise from the top right, as the chart spec's `quadrants.labels` wants them. */
export const QUADRANT_LABELS: [string, string, string, string] = [
  "Leading",
  "Weakening",
  "Lagging",
  "Improving",
];

export interface WeeklyClose {
  /** The session date of the week's last close. */
  date: string;
  close: number;
}

export interface RrgPoint {
  /** Session date of the weekly close. */
  date: string;
  rs: number;
  rsRatio: number;
  rsMomentum: number;
  quadrant: Quadrant;
}

/** The Monday of the week holding `date`. */
export function weekOf(date: string): string {
  return addDays(date, -((weekday(date) + 6) % 7));
}

/** The last close of each week, ascending. Bars must be ascending. */
export function weeklyCloses(bars: readonly { date: string; close: number }[]): WeeklyClose[] {
  const out: WeeklyClose[] = [];
  let week = "";
  for (const bar of bars) {
    const w = weekOf(bar.date);
    if (w === week) out[out.length - 1] = { date: bar.date, close: bar.close };
    else out.push({ date: bar.date, close: bar.close });
    week = w;
  }
  return out;
}

/**
 * Quadrant of a point, judged on the values as shown (2 decimals), so the label never contradicts
 * the printed figures; a point exactly on a 100 line is in no quadrant.
 */
export function quadrantOf(rsRatio: number, rsMomentum: number): Quadrant {
  const x = Math.round(rsRatio * 100) / 100;
  const y = Math.round(rsMomentum * 100) / 100;
  if (x === 100 || y === 100) return "On a 100 line";
  if (x > 100) return y > 100 ? "Leading" : "Weakening";
  return y > 100 ? "Improving" : "Lagging";
}

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Weeks of common closes the first RRG point needs: n for the first RS-Ratio, m - 1 more for its average. */
export function weeksForPoint(options: RrgOptions = RRG_DEFAULTS): number {
  return options.ratioWeeks + options.momentumWeeks - 1;
}

/** Weeks of common closes an RRG tail of `options.tail` points needs. */
export function weeksNeeded(options: RrgOptions = RRG_DEFAULTS): number {
  return options.ratioWeeks + options.momentumWeeks - 1 + options.tail - 1;
}

/**
 * Every weekly RRG point of `asset` against `benchmark` up to `endDate` (inclusive) for which both
 * averages are complete, ascending. Empty when there are too few common weeks.
 */
export function rrgPoints(
  asset: readonly Bar[],
  benchmark: readonly Bar[],
  endDate: string,
  options: RrgOptions = RRG_DEFAULTS,
): RrgPoint[] {
  // RS on each common date, then its last value of each week (= the ratio of the weekly closes).
  const daily = alignByDate(asset, benchmark)
    .filter((p) => p.date <= endDate)
    .map((p) => ({ date: p.date, close: (100 * p.a) / p.b }));
  const weekly = weeklyCloses(daily).map((w) => ({ date: w.date, rs: w.close }));
  const n = options.ratioWeeks;
  const m = options.momentumWeeks;
  const rs = weekly.map((w) => w.rs);
  const ratio: (number | undefined)[] = rs.map((v, i) =>
    i >= n - 1 ? (100 * v) / mean(rs.slice(i - n + 1, i + 1)) : undefined,
  );
  const points: RrgPoint[] = [];
  for (let i = n + m - 2; i < weekly.length; i++) {
    const window = ratio.slice(i - m + 1, i + 1) as number[];
    const rsRatio = ratio[i] as number;
    const rsMomentum = (100 * rsRatio) / mean(window);
    const w = weekly[i] as { date: string; rs: number };
    points.push({ date: w.date, rs: w.rs, rsRatio, rsMomentum, quadrant: quadrantOf(rsRatio, rsMomentum) });
  }
  return points;
}

/** The latest `options.tail` points (fewer when the data is short; empty when it is too short). */
export function rrgTail(
  asset: readonly Bar[],
  benchmark: readonly Bar[],
  endDate: string,
  options: RrgOptions = RRG_DEFAULTS,
): RrgPoint[] {
  return rrgPoints(asset, benchmark, endDate, options).slice(-options.tail);
}
