/**
 * Daily history through the cache. One entry per symbol holds a generous window (at least
 * `lookbackDays` back, up to today), so 1d, 5d, ytd and 1y are slices of one upstream call.
 * A usable entry held in process memory (EntryMemory, bounded by bars) needs no Store read.
 */
import { errorMessage, SymbolNotFoundError } from "../../core/errors.ts";
import { addDays, nyDate } from "../../core/market/time.ts";
import type { Bar, CallOptions, DailySeries, HistoryRequest } from "../../core/ports.ts";
import { type CacheDeps, readEntry, writeEntry } from "./cache-deps.ts";
import { EntryMemory } from "./entry-memory.ts";
import { type CacheEntry, historyFreshUntil, isFinalThrough, sessionOnOrBefore } from "./freshness.ts";
import { MissMemo } from "./miss-memo.ts";
import { SingleFlight } from "./single-flight.ts";

export const HISTORY_NAMESPACE = "md.history.v1";

/** The window asked of the source, and what it answered. */
export interface HistoryWindow {
  from: string;
  to: string;
  source: string;
  bars: Bar[];
}

/** ISO dates compare as strings. */
function earlierDate(a: string, b: string): string {
  if (a < b) return a;
  return b;
}

interface Loaded {
  entry: CacheEntry<HistoryWindow>;
  staleAgeMs?: number;
}

export class HistoryCache {
  private readonly deps: CacheDeps;
  private readonly flights = new SingleFlight<Loaded>();
  private readonly notFound = new MissMemo();
  private readonly memory: EntryMemory<HistoryWindow>;

  constructor(deps: CacheDeps) {
    this.deps = deps;
    // Weighed in bars (+1, so empty windows count too): one deep window outweighs many short ones.
    this.memory = new EntryMemory<HistoryWindow>(
      { maxEntries: deps.policy.memoryHistoryBars, maxWeight: deps.policy.memoryHistoryBars },
      (entry) => entry.value.bars.length + 1,
    );
  }

  async get(symbol: string, request: HistoryRequest, options?: CallOptions): Promise<DailySeries> {
    const now = this.deps.clock.now();
    const floor = addDays(nyDate(now), -this.deps.policy.lookbackDays);
    const windowFrom = earlierDate(request.from, floor);
    // Requests that differ only in `from` (1d, 5d, ytd, 1y) share this key and so one flight.
    const flightKey = `${symbol}|${windowFrom}|${request.to}`;
    const loaded = await this.flights.run(flightKey, () =>
      this.load(symbol, windowFrom, request.to, now, options),
    );
    const { value, fetchedAt } = loaded.entry;
    return {
      symbol,
      source: value.source,
      fetchedAt,
      bars: value.bars.filter((b) => b.date >= request.from && b.date <= request.to),
      ...(loaded.staleAgeMs === undefined ? {} : { staleAgeMs: loaded.staleAgeMs }),
    };
  }

  private key(symbol: string): string {
    return `${this.deps.inner.name}:${symbol.toUpperCase()}`;
  }

  /** Usable without asking the source: covers the window, and is fresh or final through `to`. */
  private usable(entry: CacheEntry<HistoryWindow>, windowFrom: string, to: string, now: number): boolean {
    if (entry.value.from > windowFrom) return false;
    if (now < entry.freshUntil) return true;
    return entry.value.to >= sessionOnOrBefore(to) && isFinalThrough(entry.fetchedAt, to, this.deps.policy);
  }

  private hit(loaded: Loaded): Loaded {
    this.deps.metrics?.cache({ kind: "history", hits: 1, misses: 0 });
    return loaded;
  }

  private async load(
    symbol: string,
    windowFrom: string,
    to: string,
    now: number,
    options?: CallOptions,
  ): Promise<Loaded> {
    const { inner, logger, policy } = this.deps;
    const key = this.key(symbol);
    const missing = this.notFound.get(key, now);
    if (missing !== undefined) throw new SymbolNotFoundError(symbol, missing);

    const held = this.memory.get(key, now);
    if (held && this.usable(held, windowFrom, to, now)) return this.hit({ entry: held });
    // Not usable from memory: the Store may hold better (a deeper window, another process's fetch).
    const stored = await readEntry<HistoryWindow>(this.deps, HISTORY_NAMESPACE, key);
    if (stored) this.memory.set(key, stored, stored.fetchedAt + policy.keepMs);
    const cached = held && (!stored || held.fetchedAt > stored.fetchedAt) ? held : stored;
    if (cached && this.usable(cached, windowFrom, to, now)) return this.hit({ entry: cached });
    this.deps.metrics?.cache({ kind: "history", hits: 0, misses: 1 });

    const today = nyDate(now);
    // Never shrink a window already held: a back-test's deep history keeps serving later requests.
    let from = cached ? earlierDate(cached.value.from, windowFrom) : windowFrom;
    if (held) from = earlierDate(held.value.from, from);
    const fetchTo = earlierDate(to, today) === to ? today : to;
    let series: DailySeries;
    try {
      series = await inner.history(symbol, { from, to: fetchTo }, options);
    } catch (err) {
      if (err instanceof SymbolNotFoundError) {
        this.notFound.set(key, err.message, now + policy.notFoundMs, now);
        throw err;
      }
      if (cached && cached.value.from <= windowFrom) {
        const staleAgeMs = now - cached.fetchedAt;
        logger.warn(
          { symbol, staleAgeMs, source: inner.name, error: errorMessage(err) },
          "history source failed; serving cached bars",
        );
        return { entry: cached, staleAgeMs };
      }
      throw err;
    }

    const entry: CacheEntry<HistoryWindow> = {
      value: { from, to: fetchTo, source: series.source, bars: series.bars },
      fetchedAt: now,
      freshUntil: historyFreshUntil(now, policy),
    };
    const ttl = to < today ? policy.asOfKeepMs : policy.keepMs;
    this.memory.set(key, entry, now + ttl);
    await writeEntry(this.deps, HISTORY_NAMESPACE, key, entry, ttl);
    return { entry };
  }
}
