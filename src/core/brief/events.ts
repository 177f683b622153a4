/**
 * The events a morning brief gives a line to, each from closes with a stated rule:
 * - a record close: the session's close is above every earlier close in the data;
 * - the IWM/SPY line crossing its 50-session simple average: above (line > average) on the session
 *   and not on the session before, or the reverse;
 * - % of members above their 50-day average crossing 50: above 50% on one session and at or
 *   below it on the other;
 * - a spread at an extreme of its one-year range: the n-session spread on the session is at or
 *   beyond the highest (lowest) value it took on any of the 252 sessions ending that day.
 */

import { alignByDate, smaLast } from "../analytics/returns.ts";
import { spreadBp } from "../format.ts";
import type { Bar } from "../ports.ts";

/** Sessions in the one-year range. */
export const YEAR_RANGE_SESSIONS = 252;
/** Sessions of the IWM/SPY line's average. */
export const LINE_AVERAGE_SESSIONS = 50;

export interface LineReading {
  date: string;
  /** IWM / SPY closes. */
  ratio: number;
  /** Simple average of the ratio over the 50 sessions ending on `date`. */
  average: number;
  above: boolean;
}

/** The IWM/SPY line against its average on the last common session up to `date` and the one before. */
export function lineReadings(
  a: readonly Bar[],
  b: readonly Bar[],
  date: string,
  sessions = LINE_AVERAGE_SESSIONS,
): { latest?: LineReading; previous?: LineReading } {
  const joined = alignByDate(a, b).filter((p) => p.date <= date);
  const ratios = joined.map((p) => p.a / p.b);
  const at = (end: number): LineReading | undefined => {
    const average = smaLast(ratios.slice(0, end + 1), sessions);
    const point = joined[end];
    if (average === undefined || !point) return undefined;
    const ratio = ratios[end] as number;
    return { date: point.date, ratio, average, above: ratio > average };
  };
  const latest = at(joined.length - 1);
  const previous = at(joined.length - 2);
  return { ...(latest ? { latest } : {}), ...(previous ? { previous } : {}) };
}

/** "up" when the line moved above its average on the latest session, "down" when below. */
export function lineCross(r: { latest?: LineReading; previous?: LineReading }): "up" | "down" | undefined {
  if (!r.latest || !r.previous || r.latest.above === r.previous.above) return undefined;
  return r.latest.above ? "up" : "down";
}

/** "up" when a percentage moved above 50 between two sessions, "down" when to 50 or below. */
export function fiftyCross(
  previous: number | undefined,
  latest: number | undefined,
): "up" | "down" | undefined {
  if (previous === undefined || latest === undefined) return undefined;
  if (previous <= 50 && latest > 50) return "up";
  if (previous > 50 && latest <= 50) return "down";
  return undefined;
}

export interface DatedBp {
  date: string;
  bp: number;
}

/** The n-session spread A - B in whole bp on each common session, from the n-th on, up to `end`. */
export function rollingSpreads(
  a: readonly Bar[],
  b: readonly Bar[],
  sessions: number,
  end: string,
): DatedBp[] {
  const joined = alignByDate(a, b).filter((p) => p.date <= end);
  const out: DatedBp[] = [];
  for (let i = sessions; i < joined.length; i++) {
    const now = joined[i] as { date: string; a: number; b: number };
    const base = joined[i - sessions] as { a: number; b: number };
    out.push({ date: now.date, bp: spreadBp(now.a / base.a - 1, now.b / base.b - 1) });
  }
  return out;
}

export interface YearExtreme {
  date: string;
  bp: number;
  /** "high": at or above every value of the range; "low": at or below every one. */
  side: "high" | "low";
  /** The range over the 252 sessions ending on `date`, the latest included. */
  min: number;
  max: number;
}

/**
 * Whether the last value of a rolling spread is at an extreme of the year ending with it;
 * undefined when it is not, or when fewer than 252 values are known (then `short` says so).
 */
export function yearExtreme(
  values: readonly DatedBp[],
  date: string,
  sessions = YEAR_RANGE_SESSIONS,
): { extreme?: YearExtreme; short: boolean } {
  const last = values.at(-1);
  if (!last || last.date !== date || values.length < sessions) return { short: true };
  const window = values.slice(-sessions).map((v) => v.bp);
  const min = Math.min(...window);
  const max = Math.max(...window);
  // A flat year has no extreme worth a line.
  if (min === max) return { short: false };
  const side = last.bp >= max ? "high" : last.bp <= min ? "low" : undefined;
  return side ? { extreme: { date, bp: last.bp, side, min, max }, short: false } : { short: false };
}
