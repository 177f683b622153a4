/** What both halves of the cache (history, quotes) are built from. */
import { errorMessage } from "../../core/errors.ts";
import type { Clock, Logger, MarketData, Store } from "../../core/ports.ts";
import type { CacheEntry, CachePolicy } from "./freshness.ts";

export interface CacheDeps {
  inner: MarketData;
  store: Store;
  clock: Clock;
  logger: Logger;
  policy: CachePolicy;
}

/** A Store failure costs a cache miss, never an answer. */
export async function readEntry<T>(
  deps: CacheDeps,
  namespace: string,
  key: string,
): Promise<CacheEntry<T> | undefined> {
  try {
    return await deps.store.get<CacheEntry<T>>(namespace, key);
  } catch (err) {
    deps.logger.warn({ namespace, key, error: errorMessage(err) }, "cache read failed");
    return undefined;
  }
}

export async function writeEntry<T>(
  deps: CacheDeps,
  namespace: string,
  key: string,
  entry: CacheEntry<T>,
  ttlMs: number,
): Promise<void> {
  try {
    await deps.store.set(namespace, key, entry, ttlMs);
  } catch (err) {
    deps.logger.warn({ namespace, key, error: errorMessage(err) }, "cache write failed");
  }
}
