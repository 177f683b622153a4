/**
 * The Store the bot runs on: a SQLite file by default, Redis when several processes share state.
 */
import type { Logger, Store } from "../../core/ports.ts";
import { openRedisStore } from "./redis.ts";
import { openSqliteStore } from "./sqlite.ts";

export type StoreOptions =
  | { sqlitePath: string }
  /** connectTimeoutMs: how long to wait for Redis at start (default 5 s). */
  | { redisUrl: string; connectTimeoutMs?: number };

/** Opens and checks the connection; throws a clear Error (never carrying the Redis password). */
export function createStore(options: StoreOptions, logger: Logger): Promise<Store> {
  const log = logger.child({ component: "store" });
  if ("redisUrl" in options) return openRedisStore(options.redisUrl, log, options.connectTimeoutMs);
  return openSqliteStore(options.sqlitePath, log);
}
