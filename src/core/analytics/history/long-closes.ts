/**
 * Long daily histories for the history figures. One request window per symbol from HISTORY_FROM to
 * the as-of session, the same window the record figures ask for, so the cache holds one entry per
 * symbol for both and keeps it until the next session (see the history cache's freshness).
 */
import { fetchHistories, type SeriesSet } from "../../fetch-series.ts";
import type { MarketData } from "../../ports.ts";

/** Early enough for every series we compare (the Russell 2000 begins in 1987 on Yahoo). */
export const HISTORY_FROM = "1980-01-01";

export function fetchLongHistories(
  market: MarketData,
  symbols: readonly string[],
  asOf: string,
): Promise<SeriesSet> {
  return fetchHistories(market, symbols, { from: HISTORY_FROM, to: asOf });
}
