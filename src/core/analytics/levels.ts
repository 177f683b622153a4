/**
 * Changes in levels rather than returns: yields (quoted in percent, 4.25 = 4.25%) change by
 * percentage points, written in basis points (1 pp = 100 bp); volatility indexes by index points.
 * Base and end are chosen exactly as for period returns (base = last close before the period).
 */
import type { Bar } from "../ports.ts";
import type { Period } from "./periods.ts";
import { alignByDate, periodReturn } from "./returns.ts";

export interface LevelChange {
  baseDate: string;
  base: number;
  endDate: string;
  end: number;
  /** end - base, in the series' own unit. */
  change: number;
}

export function levelChange(bars: readonly Bar[], period: Period, asOf: string): LevelChange | undefined {
  const r = periodReturn(bars, period, asOf);
  if (!r) return undefined;
  return {
    baseDate: r.baseDate,
    base: r.baseClose,
    endDate: r.endDate,
    end: r.endClose,
    change: r.endClose - r.baseClose,
  };
}

/** Percentage points to whole basis points: 0.15 -> 15 (never "-0"). */
export function ppToBp(pp: number): number {
  const v = Math.round(pp * 100);
  return v === 0 ? 0 : v;
}

/** a - b on the dates both have a close, e.g. the 10y - 3m slope from ^TNX and ^IRX. */
export function differenceSeries(a: readonly Bar[], b: readonly Bar[]): Bar[] {
  return alignByDate(a, b).map((p) => ({ date: p.date, close: p.a - p.b }));
}
