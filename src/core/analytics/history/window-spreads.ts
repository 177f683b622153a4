/**
 * Every N-session spread in a history: for each session i with a close N sessions earlier, A's return
 * minus B's over (i-N, i], as fractions (not rounded: rounding to whole bp would create ties that
 * the data does not have). Overlapping windows, one ending on every session, as ANALYTICS.md says.
 */
import type { AlignedCloses } from "./aligned.ts";

export interface WindowSpreads {
  /** The session each window ends on. */
  endDates: string[];
  /** A's return minus B's over the window, a fraction (0.0436 = +436 bp). */
  spreads: number[];
}

export function windowSpreads(closes: AlignedCloses, n: number): WindowSpreads {
  const out: WindowSpreads = { endDates: [], spreads: [] };
  if (!Number.isInteger(n) || n < 1) return out;
  const { a, b, dates } = closes;
  for (let i = n; i < dates.length; i++) {
    const ra = (a[i] as number) / (a[i - n] as number) - 1;
    const rb = (b[i] as number) / (b[i - n] as number) - 1;
    out.endDates.push(dates[i] as string);
    out.spreads.push(ra - rb);
  }
  return out;
}

/** The number of sessions from `baseDate` to `endDate` in the aligned history (the period's length), or undefined. */
export function sessionsBetween(
  closes: AlignedCloses,
  baseDate: string,
  endDate: string,
): number | undefined {
  const i = closes.dates.indexOf(baseDate);
  const j = closes.dates.indexOf(endDate);
  return i >= 0 && j > i ? j - i : undefined;
}
