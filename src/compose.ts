/**
 * The composition root's building blocks: turns a Config into the ports the core needs.
 * Used by main.ts, the terminal, the benchmarks and the end-to-end tests alike.
 */
import type { Config } from "./config.ts";
import type { Services } from "./core/dispatch.ts";
import { type Clock, type Logger, type MarketData, type Store, systemClock } from "./core/ports.ts";
import { commands } from "./commands/index.ts";
import { type Metrics, noMetrics } from "./core/metrics.ts";
import { measuredFetch } from "./adapters/metrics/measured-fetch.ts";
import { CachedMarketData } from "./adapters/cache/cached-market-data.ts";
import { createChartRenderer } from "./adapters/charts/index.ts";
import { CsvMarketData } from "./adapters/csv/csv-market-data.ts";
import { createMemberLists } from "./adapters/members/index.ts";
import { urlCredentialsFetch } from "./adapters/http/url-credentials.ts";
import { createStore } from "./adapters/store/create-store.ts";
import { YahooMarketData } from "./adapters/yahoo/yahoo-market-data.ts";

export interface Built extends Services {
  close(): Promise<void>;
}

/** The store the settings name: Redis with REDIS_URL, else the SQLite file. Throws StoreOpenError. */
export function openConfiguredStore(config: Config, logger: Logger): Promise<Store> {
  return createStore(
    config.redisUrl ? { redisUrl: config.redisUrl } : { sqlitePath: config.storePath },
    logger.child({ component: "store" }),
  );
}

export async function buildServices(
  config: Config,
  logger: Logger,
  /** store: one already opened (e.g. the terminal's in-memory fallback); it is closed with the rest. */
  overrides: { clock?: Clock; fetch?: typeof fetch; metrics?: Metrics; store?: Store } = {},
): Promise<Built> {
  const clock = overrides.clock ?? systemClock;
  const metrics = overrides.metrics ?? noMetrics;
  // user:password@ in YAHOO_BASE_URL or a HOLDINGS_URL is sent as Basic authentication.
  const baseFetch = urlCredentialsFetch(overrides.fetch);
  const store = overrides.store ?? (await openConfiguredStore(config, logger));
  let market: MarketData;
  if (config.marketData.kind === "csv") {
    // A folder of closes is already local: no cache in front of it.
    market = new CsvMarketData({
      dir: config.marketData.dir,
      clock,
      ...(config.asOf ? { asOf: config.asOf } : {}),
    });
  } else {
    const yahoo = new YahooMarketData({
      ...config.yahoo,
      ...(config.yahooBaseUrl ? { baseUrl: config.yahooBaseUrl } : {}),
      fetch: measuredFetch(baseFetch, "yahoo", metrics),
      logger: logger.child({ component: "yahoo" }),
      clock,
    });
    market = new CachedMarketData(yahoo, store, clock, logger.child({ component: "cache" }), {}, metrics);
  }
  const charts = createChartRenderer(config.charts);
  const members = createMemberLists(
    {
      urls: config.holdings,
      files: config.membersFiles,
      ...(config.marketData.kind === "csv" ? { csvDir: config.marketData.dir } : {}),
    },
    {
      store,
      clock,
      logger: logger.child({ component: "members" }),
      fetch: measuredFetch(baseFetch, "holdings", metrics),
    },
  );
  return {
    commands,
    market,
    members,
    store,
    clock,
    logger,
    charts,
    deadlineMs: config.deadlines.commandMs,
    longDeadlineMs: config.deadlines.longMs,
    metrics,
    ...(config.asOf ? { asOf: config.asOf } : {}),
    close: async () => {
      if (market instanceof CachedMarketData) await market.flush();
      await store.close();
    },
  };
}
