/**
 * How long cached market data stays fresh, from the NYSE session state at the moment it was
 * fetched. Prices only move while something trades, so a quote fetched on Friday night is as good
 * as new until Monday's pre-market.
 */
import {
  isTradingDay,
  lastCompletedSession,
  marketState,
  nextOpen,
  nextTradingDay,
  previousTradingDay,
  sessionTimes,
} from "../../core/market/calendar.ts";
import { nyDate, nyWallTime } from "../../core/market/time.ts";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const PRE_MARKET_MINUTES = 4 * 60;

export interface CachePolicy {
  /** Lifetime of quotes and of daily history while the session trades. */
  liveMs: number;
  /** Lifetime of quotes in pre-market and after-hours. */
  extendedHoursMs: number;
  /** After a close, Yahoo settles the official closing prints for a while: poll history meanwhile. */
  settleMs: number;
  /** Quote symbols the source could not price are asked again after this. */
  quoteMissMs: number;
  /** Symbols the source does not know are asked again after this. */
  notFoundMs: number;
  /** Store TTL of every entry: stale entries are kept this long to answer when the source fails. */
  keepMs: number;
  /** Store TTL of a history entry fetched for an as-of request (immutable history). */
  asOfKeepMs: number;
  /** History is fetched at least this many calendar days back, so 1d..1y share one upstream call. */
  lookbackDays: number;
  /** Quotes kept decoded in process memory in front of the Store (~1 KB each); 0 turns it off. */
  memoryQuotes: number;
  /**
   * Daily bars kept decoded in process memory in front of the Store, summed over the held
   * histories (~0.2 KB a bar; a full lookback window is ~550 bars); 0 turns it off.
   */
  memoryHistoryBars: number;
}

export const DEFAULT_CACHE_POLICY: CachePolicy = {
  liveMs: MINUTE,
  extendedHoursMs: 5 * MINUTE,
  settleMs: 20 * MINUTE,
  quoteMissMs: 5 * MINUTE,
  notFoundMs: 30 * MINUTE,
  keepMs: 7 * DAY,
  asOfKeepMs: 90 * DAY,
  lookbackDays: 800,
  // A Russell 3000 + S&P 500 + Nasdaq-100 universe is ~3,600 symbols: all of it, ~5 MB.
  memoryQuotes: 5_000,
  // ~60 MB: ~550 full windows (ETFs, sectors, an S&P 500 as-of read), not a Russell 2000 one.
  memoryHistoryBars: 300_000,
};

/** The next start of pre-market (04:00 New York on a trading day), strictly after `t`. */
export function nextPreMarket(t: number): number {
  const today = nyDate(t);
  if (isTradingDay(today)) {
    const start = nyWallTime(today, PRE_MARKET_MINUTES);
    if (start > t) return start;
  }
  return nyWallTime(nextTradingDay(today), PRE_MARKET_MINUTES);
}

/** Until when a quote fetched at `t` is fresh. */
export function quoteFreshUntil(t: number, policy: CachePolicy = DEFAULT_CACHE_POLICY): number {
  switch (marketState(t)) {
    case "open":
      return t + policy.liveMs;
    case "pre-market":
      // The regular session's first price replaces the previous close at the open.
      return Math.min(t + policy.extendedHoursMs, nextOpen(t));
    case "after-hours":
      return t + policy.extendedHoursMs;
    case "closed":
      return nextPreMarket(t);
  }
}

/**
 * Until when daily history fetched at `t` is fresh. While the session trades the latest bar is
 * live; shortly after a close the final prints are still settling; otherwise nothing changes
 * until the next open, when today's live bar appears.
 */
export function historyFreshUntil(t: number, policy: CachePolicy = DEFAULT_CACHE_POLICY): number {
  if (marketState(t) === "open") return t + policy.liveMs;
  const lastClose = sessionTimes(lastCompletedSession(t)).close;
  if (t < lastClose + policy.settleMs)
    return Math.min(t + policy.extendedHoursMs, lastClose + policy.settleMs);
  return nextOpen(t);
}

/** The last trading day on or before `date`. */
export function sessionOnOrBefore(date: string): string {
  return isTradingDay(date) ? date : previousTradingDay(date);
}

/**
 * True when history fetched at `fetchedAt` already held the final close of every session up to
 * `to`: such a slice never changes (as-of requests, back-tests).
 */
export function isFinalThrough(
  fetchedAt: number,
  to: string,
  policy: CachePolicy = DEFAULT_CACHE_POLICY,
): boolean {
  const session = sessionOnOrBefore(to);
  return fetchedAt >= sessionTimes(session).close + policy.settleMs;
}

/** What the cache keeps per key: the value, when it was fetched, and until when it is fresh. */
export interface CacheEntry<T> {
  value: T;
  fetchedAt: number;
  freshUntil: number;
}
