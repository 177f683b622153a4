/**
 * Fetches the daily series of several symbols at once. Symbols that fail are listed with the
 * reason; the rest are still answered. Only when nothing at all arrives because the source is
 * unreachable does the outage propagate (so the user gets an honest "unavailable").
 */
import { BadDataError, DataUnavailableError, SymbolNotFoundError, userTextOf } from "./errors.ts";
import type { DailySeries, HistoryRequest, MarketData } from "./ports.ts";

export interface Missing {
  symbol: string;
  reason: string;
}

export interface SeriesSet {
  series: Map<string, DailySeries>;
  missing: Missing[];
  /** Largest cache age among series served stale after an upstream failure. */
  staleAgeMs?: number;
  /** Latest fetch time among the series. */
  fetchedAt: number;
}

export async function fetchHistories(
  market: MarketData,
  symbols: readonly string[],
  request: HistoryRequest,
): Promise<SeriesSet> {
  const settled = await Promise.allSettled(symbols.map((s) => market.history(s, request)));
  const series = new Map<string, DailySeries>();
  const missing: Missing[] = [];
  let outage: DataUnavailableError | undefined;
  let unreadable: BadDataError | undefined;
  let unreadableCount = 0;
  let staleAgeMs: number | undefined;
  let fetchedAt = 0;
  settled.forEach((result, i) => {
    const symbol = symbols[i] as string;
    if (result.status === "fulfilled") {
      const s = result.value;
      if (s.bars.length === 0) {
        missing.push({ symbol, reason: "no closes in the period" });
        return;
      }
      series.set(symbol, s);
      fetchedAt = Math.max(fetchedAt, s.fetchedAt);
      if (s.staleAgeMs !== undefined) staleAgeMs = Math.max(staleAgeMs ?? 0, s.staleAgeMs);
      return;
    }
    const err = result.reason;
    if (err instanceof SymbolNotFoundError) missing.push({ symbol, reason: "not found" });
    else if (err instanceof BadDataError) {
      unreadable ??= err;
      unreadableCount++;
      missing.push({ symbol, reason: userTextOf(err, false) });
    } else if (err instanceof DataUnavailableError) {
      outage = err;
      missing.push({ symbol, reason: `${err.source} unavailable` });
    } else throw err;
  });
  if (series.size === 0 && outage) throw outage;
  // Nothing readable at all: an honest "unreadable data" answer rather than "no closes".
  if (series.size === 0 && unreadable && unreadableCount === missing.length) throw unreadable;
  return { series, missing, fetchedAt, ...(staleAgeMs === undefined ? {} : { staleAgeMs }) };
}

/** "IWM (not found), ^RUT (Yahoo Finance sent an incomplete answer)" */
export function describeMissing(missing: readonly Missing[]): string {
  return missing.map((m) => `${m.symbol} (${m.reason})`).join(", ");
}
