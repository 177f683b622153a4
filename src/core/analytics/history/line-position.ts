/**
 * Where a relative-strength line (A close / B close, e.g. IWM/SPY) sits: in its 52-week range
 * (the last 252 sessions, today included: 0 = at the low, 1 = at the high) and against its
 * 200-session simple average. Undefined parts mean the history is too short, never a guess.
 */
import type { AlignedCloses } from "./aligned.ts";
import { YEAR_SESSIONS } from "./streak.ts";

export const LINE_AVERAGE_SESSIONS = 200;

export interface LinePosition {
  endDate: string;
  value: number;
  /** Over the last 252 sessions (or fewer: see `rangeSessions`). */
  rangeLow: number;
  rangeHigh: number;
  /** 0..1 within the range; undefined when high = low. */
  inRange?: number;
  rangeSessions: number;
  /** The 200-session simple average, when 200 sessions exist. */
  average?: number;
  /** value / average - 1. */
  vsAverage?: number;
}

export function linePosition(closes: AlignedCloses): LinePosition | undefined {
  const n = closes.dates.length;
  if (n === 0) return undefined;
  const line = (i: number) => (closes.a[i] as number) / (closes.b[i] as number);
  const value = line(n - 1);
  const start = Math.max(0, n - YEAR_SESSIONS);
  let rangeLow = Number.POSITIVE_INFINITY;
  let rangeHigh = Number.NEGATIVE_INFINITY;
  for (let i = start; i < n; i++) {
    const v = line(i);
    rangeLow = Math.min(rangeLow, v);
    rangeHigh = Math.max(rangeHigh, v);
  }
  const out: LinePosition = {
    endDate: closes.dates[n - 1] as string,
    value,
    rangeLow,
    rangeHigh,
    rangeSessions: n - start,
  };
  if (rangeHigh > rangeLow) out.inRange = (value - rangeLow) / (rangeHigh - rangeLow);
  if (n >= LINE_AVERAGE_SESSIONS) {
    let sum = 0;
    for (let i = n - LINE_AVERAGE_SESSIONS; i < n; i++) sum += line(i);
    out.average = sum / LINE_AVERAGE_SESSIONS;
    out.vsAverage = value / out.average - 1;
  }
  return out;
}
