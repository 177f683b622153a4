/** What both halves of the cache (history, quotes) are built from. */
import { errorMessage } from "../../core/errors.ts";
import type { Metrics } from "../../core/metrics.ts";
import type { Clock, Logger, MarketData, Store } from "../../core/ports.ts";
import type { CacheEntry, CachePolicy } from "./freshness.ts";

export interface CacheDeps {
  inner: MarketData;
  store: Store;
  clock: Clock;
  logger: Logger;
  policy: CachePolicy;
  /** Hits and misses are reported here when set. */
  metrics?: Metrics;
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

/** One Store round trip for many keys; a Store failure costs misses, never an answer. */
export async function readEntries<T>(
  deps: CacheDeps,
  namespace: string,
  keys: string[],
): Promise<(CacheEntry<T> | undefined)[]> {
  if (keys.length === 0) return [];
  try {
    return await deps.store.getMany<CacheEntry<T>>(namespace, keys);
  } catch (err) {
    deps.logger.warn({ namespace, keys: keys.length, error: errorMessage(err) }, "cache read failed");
    return keys.map(() => undefined);
  }
}

/** One Store round trip for many entries, all with the same TTL. */
export async function writeEntries<T>(
  deps: CacheDeps,
  namespace: string,
  entries: { key: string; entry: CacheEntry<T> }[],
  ttlMs: number,
): Promise<void> {
  if (entries.length === 0) return;
  try {
    await deps.store.setMany(
      namespace,
      entries.map(({ key, entry }) => ({ key, value: entry, ttlMs })),
    );
  } catch (err) {
    deps.logger.warn({ namespace, keys: entries.length, error: errorMessage(err) }, "cache write failed");
  }
}
