/**
 * Best and worst members of an index over a period, by price return of daily closes (base = the
 * last close before the period, as in returns.ts). A member is ranked only when its last close is
 * on the evaluation session: a halted or delisted member's stale close would rank a different
 * period from everyone else's.
 */
import type { Bar } from "../ports.ts";
import type { BreadthMember, NotPriced } from "./breadth.ts";
import { rankingWindow, rankOnWindow } from "./common-window.ts";
import type { Period } from "./periods.ts";
import { type PeriodReturn, periodReturn } from "./returns.ts";

export interface MemberReturn extends PeriodReturn {
  symbol: string;
  name?: string;
  sector?: string;
}

export interface Leaders {
  /** Best first. */
  best: MemberReturn[];
  /** Worst first; never repeats a member of `best`. */
  worst: MemberReturn[];
  /** Every ranked member, best first. */
  ranked: MemberReturn[];
  notPriced: NotPriced[];
}

/** Period returns of members ending on session `end`. */
export function memberReturns(
  members: readonly BreadthMember[],
  bars: ReadonlyMap<string, readonly Bar[]>,
  period: Period,
  end: string,
  missing: ReadonlyMap<string, string> = new Map(),
): { returns: MemberReturn[]; notPriced: NotPriced[] } {
  const returns: MemberReturn[] = [];
  const notPriced: NotPriced[] = [];
  for (const m of members) {
    const series = bars.get(m.symbol);
    if (!series) {
      notPriced.push({ symbol: m.symbol, reason: missing.get(m.symbol) ?? "no closes" });
      continue;
    }
    const r = periodReturn(series, period, end);
    if (!r) {
      notPriced.push({ symbol: m.symbol, reason: "not enough closes for the period" });
      continue;
    }
    if (r.endDate !== end) {
      notPriced.push({ symbol: m.symbol, reason: `no close on ${end} (last ${r.endDate})` });
      continue;
    }
    returns.push({
      symbol: m.symbol,
      ...(m.name ? { name: m.name } : {}),
      ...(m.sector ? { sector: m.sector } : {}),
      ...r,
    });
  }
  // One window for the whole ranking: a member lacking the base close most have (a null bar) is
  // ranked over those dates when it has them, else named as not priced, never over other dates.
  const window = rankingWindow(returns);
  if (!window) return { returns, notPriced };
  const ranked: MemberReturn[] = [];
  for (const r of returns) {
    const on = rankOnWindow(bars.get(r.symbol) ?? [], r, window);
    if ("ret" in on) ranked.push({ ...r, ...on.ret });
    else notPriced.push({ symbol: r.symbol, reason: on.reason });
  }
  return { returns: ranked, notPriced };
}

/** Ranks by return (ties by symbol, so the order is stable) and takes the `n` best and worst. */
export function rankLeaders(
  returns: readonly MemberReturn[],
  n: number,
  notPriced: NotPriced[] = [],
): Leaders {
  const ranked = [...returns].sort((a, b) => b.value - a.value || a.symbol.localeCompare(b.symbol));
  const best = ranked.slice(0, Math.min(n, ranked.length));
  const rest = ranked.length - best.length;
  const worst = ranked.slice(ranked.length - Math.min(n, rest)).reverse();
  return { best, worst, ranked, notPriced };
}

/** How many of `list` fall in each sector, most first: "Health Care 4, Industrials 3". */
export function sectorMix(list: readonly MemberReturn[]): { sector: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of list)
    counts.set(r.sector ?? "Unclassified", (counts.get(r.sector ?? "Unclassified") ?? 0) + 1);
  return [...counts.entries()]
    .map(([sector, count]) => ({ sector, count }))
    .sort((a, b) => b.count - a.count || a.sector.localeCompare(b.sector));
}

/** Median of the values, or undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
