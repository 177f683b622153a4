/**
 * The in-process layer in front of the Store: decoded cache entries, keyed like the Store keys, so
 * a warm read costs a Map lookup instead of a Store round trip and a JSON parse. Bounded: the
 * least recently used entries go first once there are more than `maxEntries` or their weights
 * (e.g. history bars) add up to more than `maxWeight`.
 *
 * Entries keep their fetchedAt/freshUntil, and the caches only serve one from here while it is
 * fresh (or final): freshness rules do not change. With several processes on one Redis, each has
 * its own memory; a process sees another's newer write once its own entry goes stale (at most one
 * freshness period, 60 s while the session trades), exactly as if it had fetched that entry
 * itself. Nothing here is ever newer than the Store would be, so no invalidation is needed.
 *
 * Entries are frozen: callers share them, and a mutation would otherwise leak into later answers.
 */
import type { CacheEntry } from "./freshness.ts";

export interface EntryMemoryLimits {
  maxEntries: number;
  /** Largest sum of weights; unbounded when absent. */
  maxWeight?: number;
}

interface Held<T> {
  entry: CacheEntry<T>;
  /** Forgotten from then on, as the Store forgets it (its TTL). */
  expiresAt: number;
  weight: number;
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
  return value;
}

export class EntryMemory<T> {
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
  private readonly held = new Map<string, Held<T>>();
  private readonly limits: EntryMemoryLimits;
  private readonly weigh: (entry: CacheEntry<T>) => number;
  private totalWeight = 0;

  constructor(limits: EntryMemoryLimits, weigh: (entry: CacheEntry<T>) => number = () => 1) {
    this.limits = limits;
    this.weigh = weigh;
  }

  get size(): number {
    return this.held.size;
  }

  /** The entry held for `key`, fresh or not, unless it outlived its Store TTL. */
  get(key: string, now: number): CacheEntry<T> | undefined {
    const held = this.held.get(key);
    if (!held) return undefined;
    this.held.delete(key);
    if (now >= held.expiresAt) {
      this.totalWeight -= held.weight;
      return undefined;
    }
    this.held.set(key, held);
    return held.entry;
  }

  /**
   * Holds `entry` until `expiresAt`, unless what is held already is newer (a Store read can
   * answer an older entry than this process last fetched, when the write to the Store failed).
   */
  set(key: string, entry: CacheEntry<T>, expiresAt: number): void {
    const old = this.held.get(key);
    if (old && old.entry.fetchedAt > entry.fetchedAt) return;
    const weight = this.weigh(entry);
    if (this.limits.maxEntries < 1 || weight > (this.limits.maxWeight ?? Number.POSITIVE_INFINITY)) {
      if (old) this.forget(key, old);
      return;
    }
    if (old) this.forget(key, old);
    this.held.set(key, { entry: deepFreeze(entry), expiresAt, weight });
    this.totalWeight += weight;
    this.evict();
  }

  private forget(key: string, held: Held<T>): void {
    this.held.delete(key);
    this.totalWeight -= held.weight;
  }

  private evict(): void {
    const maxWeight = this.limits.maxWeight ?? Number.POSITIVE_INFINITY;
    for (const [key, held] of this.held) {
      if (this.held.size <= this.limits.maxEntries && this.totalWeight <= maxWeight) return;
      this.forget(key, held);
    }
  }
}
