/**
 * One window per comparison: a spread, ratio or ranking compares returns over the same dates. When
 * a series lacks the end session (a late file, a null bar) or its base session, every series is
 * measured over the common window (end = the last session all have; base = the last common close at
 * or before the earliest of their own bases) and the comparison says why; when there is no common
 * window it is withheld with the reason. A return to 12 Jan is never set against one to 13 Jan.
 */
import { formatShortDate } from "../market/time.ts";
import type { Bar } from "../ports.ts";
import type { Period } from "./periods.ts";
import { lastIndexOnOrBefore, type PeriodReturn, periodReturn, sessionBars } from "./returns.ts";

export interface Named {
  symbol: string;
  bars: readonly Bar[];
}

export interface Window {
  baseDate: string;
  endDate: string;
}

export type CommonReturns =
  | {
      ok: true;
      window: Window;
      /** In the order given, all over `window`. */
      returns: PeriodReturn[];
      /** Set when the window is not every series' own: "^RUT has no close on 13 Jan 2026". */
      why?: string;
    }
  | { ok: false; reason: string };

export function sameWindow(a: Window, b: Window): boolean {
  return a.baseDate === b.baseDate && a.endDate === b.endDate;
}

/** The return between two exact sessions, or undefined when the series lacks either close. */
export function returnBetween(bars: readonly Bar[], window: Window): PeriodReturn | undefined {
  const own = sessionBars(bars);
  const b = own[lastIndexOnOrBefore(own, window.baseDate)];
  const e = own[lastIndexOnOrBefore(own, window.endDate)];
  if (!b || !e || b.date !== window.baseDate || e.date !== window.endDate || b.date >= e.date)
    return undefined;
  return {
    baseDate: b.date,
    baseClose: b.close,
    endDate: e.date,
    endClose: e.close,
    value: e.close / b.close - 1,
  };
}

/** "^RUT has no close on 13 Jan 2026"; "^RUT and ^NDX have no close on ...". */
function lacking(list: readonly Named[], dates: readonly Set<string>[], date: string): string {
  const who = list.filter((_, i) => !dates[i]?.has(date)).map((s) => s.symbol);
  return `${who.join(" and ")} ${who.length === 1 ? "has" : "have"} no close on ${formatShortDate(date)}`;
}

/** The returns of every series over one window for `period` as at `asOf` (see the file comment). */
export function commonWindowReturns(list: readonly Named[], period: Period, asOf: string): CommonReturns {
  const own: PeriodReturn[] = [];
  for (const s of list) {
    const r = periodReturn(s.bars, period, asOf);
    if (!r) return { ok: false, reason: `${s.symbol} has too few closes for the period` };
    own.push(r);
  }
  const first = own[0];
  if (!first) return { ok: false, reason: "nothing to compare" };
  if (own.every((r) => sameWindow(r, first))) return { ok: true, window: windowOf(first), returns: own };
  const dates = list.map((s) => new Set(sessionBars(s.bars).map((b) => b.date)));
  const latestEnd = own
    .map((r) => r.endDate)
    .sort()
    .at(-1) as string;
  const end = lastCommon(list, dates, latestEnd);
  if (end === undefined) return { ok: false, reason: "the series have no session in common" };
  const why: string[] = [];
  if (end < latestEnd) why.push(lacking(list, dates, latestEnd));
  // Each series' own base for the period ending at the common end; the window starts at or before all.
  const bases: string[] = [];
  for (const s of list) {
    const r = periodReturn(s.bars, period, asOf, end);
    if (!r) return { ok: false, reason: `${s.symbol} has too few closes before ${formatShortDate(end)}` };
    bases.push(r.baseDate);
  }
  const sorted = [...new Set(bases)].sort();
  const base = lastCommon(list, dates, sorted[0] as string);
  if (base === undefined || base >= end)
    return { ok: false, reason: "the series have no base session in common for the period" };
  for (const d of sorted) if (d > base) why.push(lacking(list, dates, d));
  const window = { baseDate: base, endDate: end };
  const returns = list.map((s) => returnBetween(s.bars, window) as PeriodReturn);
  return { ok: true, window, returns, ...(why.length > 0 ? { why: why.join("; ") } : {}) };
}

/** The latest session on or before `date` that every series has a close for. */
function lastCommon(list: readonly Named[], dates: readonly Set<string>[], date: string): string | undefined {
  const firstBars = sessionBars(list[0]?.bars ?? []);
  for (let i = lastIndexOnOrBefore(firstBars, date); i >= 0; i--) {
    const d = (firstBars[i] as Bar).date;
    if (dates.every((set) => set.has(d))) return d;
  }
  return undefined;
}

function windowOf(r: PeriodReturn): Window {
  return { baseDate: r.baseDate, endDate: r.endDate };
}

/** "31 Dec 2025 to 12 Jan 2026" */
export function windowText(w: Window): string {
  return `${formatShortDate(w.baseDate)} to ${formatShortDate(w.endDate)}`;
}

/**
 * The window a ranking is over: the one most of the series' own returns share (ties: the later
 * end, then the later base). A series off it is ranked over it when it has both closes, else not
 * ranked (see rankOnWindow).
 */
export function rankingWindow(returns: readonly PeriodReturn[]): Window | undefined {
  const counts = new Map<string, { w: Window; n: number }>();
  for (const r of returns) {
    const key = `${r.baseDate}|${r.endDate}`;
    const c = counts.get(key) ?? { w: windowOf(r), n: 0 };
    c.n++;
    counts.set(key, c);
  }
  let best: { w: Window; n: number } | undefined;
  for (const c of counts.values())
    if (
      !best ||
      c.n > best.n ||
      (c.n === best.n && `${c.w.endDate}|${c.w.baseDate}` > `${best.w.endDate}|${best.w.baseDate}`)
    )
      best = c;
  return best?.w;
}

/**
 * A series' return over the ranking's window: its own when that is the window, else over the
 * window's exact dates, else the reason it cannot be ranked ("no close on 13 Jan 2026").
 */
export function rankOnWindow(
  bars: readonly Bar[],
  own: PeriodReturn,
  window: Window,
): { ret: PeriodReturn } | { reason: string } {
  if (sameWindow(own, window)) return { ret: own };
  const ret = returnBetween(bars, window);
  if (ret) return { ret };
  const dates = new Set(sessionBars(bars).map((b) => b.date));
  const missing = [window.endDate, window.baseDate].filter((d) => !dates.has(d));
  return {
    reason: `no close on ${missing.map(formatShortDate).join(" or ")}, so not over the same dates as the rest`,
  };
}
