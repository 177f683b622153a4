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

import type { DatedBp } from "../analytics/events.ts";

export {
  type DatedBp,
  fiftyCross,
  LINE_AVERAGE_SESSIONS,
  type LineReading,
  lineCross,
  lineReadings,
  rollingSpreads,
} from "../analytics/events.ts";

/** Sessions in the one-year range. */
export const YEAR_RANGE_SESSIONS = 252;

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
