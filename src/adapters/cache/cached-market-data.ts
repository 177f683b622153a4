/**
 * MarketData with a memory: wraps any source (Yahoo, CSV) and keeps what it answered in the
 * Store, fresh for as long as the market state allows, stale but honest (staleAgeMs) when the
 * source fails. Concurrent identical requests share one upstream call. A bounded in-process memory
 * of decoded entries sits in front of the Store (see entry-memory.ts for how it stays correct with
 * several processes on one Redis): warm reads cost neither a round trip nor a JSON parse.
 */

import { type Metrics, noMetrics } from "../../core/metrics.ts";
import type {
  CallOptions,
  Clock,
  DailySeries,
  HistoryRequest,
  Logger,
  MarketData,
  QuotesOptions,
  QuotesResult,
  Store,
} from "../../core/ports.ts";
import { type CachePolicy, DEFAULT_CACHE_POLICY } from "./freshness.ts";
import { HistoryCache } from "./history-cache.ts";
import { QuoteCache } from "./quote-cache.ts";

export class CachedMarketData implements MarketData {
  readonly name: string;
  private readonly historyCache: HistoryCache;
  private readonly quoteCache: QuoteCache;

  constructor(
    inner: MarketData,
    store: Store,
    clock: Clock,
    logger: Logger,
    policy: Partial<CachePolicy> = {},
    metrics: Metrics = noMetrics,
  ) {
    this.name = inner.name;
    const deps = {
      inner,
      store,
      clock,
      logger: logger.child({ component: "market-cache", source: inner.name }),
      policy: { ...DEFAULT_CACHE_POLICY, ...policy },
      metrics,
    };
    this.historyCache = new HistoryCache(deps);
    this.quoteCache = new QuoteCache(deps);
  }

  /**
   * Concurrent identical requests share one upstream call, made with the options (signal,
   * deadline) of the caller that started it; when it fails, each caller gets what the cache holds.
   */
  history(symbol: string, request: HistoryRequest, options?: CallOptions): Promise<DailySeries> {
    return this.historyCache.get(symbol, request, options);
  }

  quotes(symbols: string[], options?: QuotesOptions): Promise<QuotesResult> {
    return this.quoteCache.get(symbols, options);
  }

  /** Waits for cache writes still in flight (call before closing the Store). */
  flush(): Promise<void> {
    return this.quoteCache.flush();
  }
}
