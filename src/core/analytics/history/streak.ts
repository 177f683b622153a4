/**
 * Streaks as ANALYTICS.md defines them: consecutive sessions, ending at the last one, on which A's
 * daily return beat B's (strictly; a tie ends a streak). Also the longest such run within the last
 * year (252 sessions), so "6 sessions in a row" has its yardstick.
 */
import type { AlignedCloses } from "./aligned.ts";

export const YEAR_SESSIONS = 252;

export interface Streak {
  /** Sessions in a row, ending at `endDate`, on which A beat B (0 when it did not on the last one). */
  current: number;
  /** Sessions in a row on which B beat or tied A, ending at `endDate` (0 when A beat B on the last one). */
  currentLosing: number;
  /** The longest run of A beating B among the last `YEAR_SESSIONS` daily returns. */
  longestInYear: number;
  /** How many daily returns the year figure rests on (fewer than 252 near the data's start). */
  yearReturns: number;
  endDate: string;
}

function beats(c: AlignedCloses, i: number): boolean {
  const ra = (c.a[i] as number) / (c.a[i - 1] as number) - 1;
  const rb = (c.b[i] as number) / (c.b[i - 1] as number) - 1;
  return ra > rb;
}

export function winStreak(closes: AlignedCloses): Streak | undefined {
  const last = closes.dates.length - 1;
  if (last < 1) return undefined;
  let current = 0;
  for (let i = last; i >= 1 && beats(closes, i); i--) current++;
  let currentLosing = 0;
  for (let i = last; i >= 1 && !beats(closes, i); i--) currentLosing++;
  const first = Math.max(1, last - YEAR_SESSIONS + 1);
  let longestInYear = 0;
  let run = 0;
  for (let i = first; i <= last; i++) {
    run = beats(closes, i) ? run + 1 : 0;
    longestInYear = Math.max(longestInYear, run);
  }
  return {
    current,
    currentLosing,
    longestInYear,
    yearReturns: last - first + 1,
    endDate: closes.dates[last] as string,
  };
}
