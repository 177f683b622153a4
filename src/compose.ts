/**
 * The composition root's building blocks: turns a Config into the ports the core needs.
 * Used by main.ts, the terminal, the benchmarks and the end-to-end tests alike.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Config } from "./config.ts";
import type { Services } from "./core/dispatch.ts";
import { type Clock, type Logger, type MarketData, type Store, systemClock } from "./core/ports.ts";
import { commands } from "./commands/index.ts";
import { type Metrics, noMetrics } from "./core/metrics.ts";
import { measuredFetch } from "./adapters/metrics/measured-fetch.ts";
import { CachedMarketData } from "./adapters/cache/cached-market-data.ts";
import { createChartRenderer, QuickChartRenderer } from "./adapters/charts/index.ts";
import { RecordingChartRenderer, RecordingMarketData } from "./adapters/health/recording.ts";
import { MemorySourceHealth } from "./adapters/health/source-health.ts";
import type { BotStatus } from "./core/status/port.ts";
import { CsvMarketData } from "./adapters/csv/csv-market-data.ts";
import { createMemberLists } from "./adapters/members/index.ts";
import { urlCredentialsFetch } from "./adapters/http/url-credentials.ts";
import { createStore } from "./adapters/store/create-store.ts";
import { YahooMarketData } from "./adapters/yahoo/yahoo-market-data.ts";

/** The bot's version, from its package.json. */
const VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
})();

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
  const health = new MemorySourceHealth(clock);
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
    // Below the cache, so only real requests to Yahoo are recorded.
    const recorded = new RecordingMarketData(yahoo, health, "yahoo");
    market = new CachedMarketData(recorded, store, clock, logger.child({ component: "cache" }), {}, metrics);
  }
  const renderer = createChartRenderer(config.charts);
  const charts =
    renderer instanceof QuickChartRenderer
      ? new RecordingChartRenderer(renderer, health, "quickchart", renderer.service)
      : renderer;
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
      health,
    },
  );
  const status: BotStatus = {
    version: VERSION,
    startedAt: clock.now(),
    health,
    // Never the folder's full path: /status shows no server paths.
    marketData:
      config.marketData.kind === "csv" ? `CSV folder ${basename(config.marketData.dir)}` : market.name,
    charts: renderer instanceof QuickChartRenderer ? renderer.service : "drawn locally (chart.js)",
    store: overrides.store ? "in memory (this process only)" : config.redisUrl ? "Redis" : "SQLite file",
    ...(config.marketData.kind === "csv" ? {} : { cache: "in the store, with an in-memory layer" }),
    pingStore: async () => {
      await store.get("status.v1", "ping");
    },
    memberLists: () => members.known(),
    scheduler: "none",
  };
  return {
    commands,
    market,
    members,
    store,
    clock,
    logger,
    charts,
    status,
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
