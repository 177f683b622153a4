/**
 * Period returns over daily closes. Base = the last close strictly before the period starts
 * (for N-session periods, the close N sessions before the end).
 */
import { isTradingDay } from "../market/calendar.ts";
import type { Bar } from "../ports.ts";
import { type Period, periodEnd, periodStart } from "./periods.ts";

export interface PeriodReturn {
  baseDate: string;
  baseClose: number;
  endDate: string;
  endClose: number;
  /** Fraction: 0.0512 = +5.12%. */
  value: number;
}

/** Index of the last bar dated on or before `date`, or -1. Bars ascending. */
export function lastIndexOnOrBefore(bars: readonly Bar[], date: string): number {
  let lo = 0;
  let hi = bars.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((bars[mid] as Bar).date <= date) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Index of the last bar dated strictly before `date`, or -1. */
export function lastIndexBefore(bars: readonly Bar[], date: string): number {
  const i = lastIndexOnOrBefore(bars, date);
  return i >= 0 && (bars[i] as Bar).date === date ? i - 1 : i;
}

/** The calendar is asked once per date: thousands of member series share the answers. */
const tradingDays = new Map<string, boolean>();
function trades(date: string): boolean {
  let open = tradingDays.get(date);
  if (open === undefined) {
    open = isTradingDay(date);
    tradingDays.set(date, open);
  }
  return open;
}

/**
 * The bars dated on NYSE sessions. A bar a series carries on an exchange holiday (some volatility
 * and rate series have one on Martin Luther King Day) is never a base or an end: every series'
 * "previous session" is the previous NYSE session. The same array when there is nothing to drop.
 */
export function sessionBars(bars: readonly Bar[]): readonly Bar[] {
  return bars.every((b) => trades(b.date)) ? bars : bars.filter((b) => trades(b.date));
}

/**
 * The return of a series over a period ending at `asOf`; undefined when the data does not cover it.
 * Only bars on NYSE sessions count (see sessionBars). `endAt` ends it at an earlier session, with
 * the base still chosen for the period as at `asOf` (YTD keeps its year): for a common window.
 */
export function periodReturn(
  all: readonly Bar[],
  period: Period,
  asOf: string,
  endAt?: string,
): PeriodReturn | undefined {
  const bars = sessionBars(all);
  const limit = periodEnd(period, asOf);
  const endIdx = lastIndexOnOrBefore(bars, endAt !== undefined && endAt < limit ? endAt : limit);
  if (endIdx < 0) return undefined;
  let baseIdx: number;
  if (period.kind === "sessions") baseIdx = endIdx - period.sessions;
  else baseIdx = lastIndexBefore(bars, periodStart(period, asOf) as string);
  if (baseIdx < 0 || baseIdx >= endIdx) return undefined;
  const base = bars[baseIdx] as Bar;
  const end = bars[endIdx] as Bar;
  return {
    baseDate: base.date,
    baseClose: base.close,
    endDate: end.date,
    endClose: end.close,
    value: end.close / base.close - 1,
  };
}

/** Simple mean of the last `n` values; undefined when fewer. */
export function smaLast(values: readonly number[], n: number): number | undefined {
  if (values.length < n || n <= 0) return undefined;
  let sum = 0;
  for (let i = values.length - n; i < values.length; i++) sum += values[i] as number;
  return sum / n;
}

/** Joins two series on their common dates (ascending). */
export function alignByDate(a: readonly Bar[], b: readonly Bar[]): { date: string; a: number; b: number }[] {
  const byDate = new Map(b.map((bar) => [bar.date, bar.close]));
  const out: { date: string; a: number; b: number }[] = [];
  for (const bar of a) {
    const other = byDate.get(bar.date);
    if (other !== undefined) out.push({ date: bar.date, a: bar.close, b: other });
  }
  return out;
}

/** Closes from `baseDate` to `endDate` rebased to 100 at the base; null where a date is missing. */
export function rebasedOn(
  bars: readonly Bar[],
  dates: readonly string[],
  baseDate: string,
): (number | null)[] {
  const byDate = new Map(bars.map((bar) => [bar.date, bar.close]));
  const base = byDate.get(baseDate);
  return dates.map((d) => {
    const c = byDate.get(d);
    return base === undefined || c === undefined ? null : (c / base) * 100;
  });
}
