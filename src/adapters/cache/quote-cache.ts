/**
 * Quotes through the cache: one entry per symbol, so a request for [A, B] with A fresh asks the
 * source for B only. Symbols the source cannot price are remembered briefly in process, not stored.
 * Fresh entries held in process memory (EntryMemory) need no Store at all; the rest are read in
 * one Store getMany, and what the source answers is written in one setMany (and to memory).
 */
import {
  BadDataError,
  DataUnavailableError,
  errorMessage,
  SymbolNotFoundError,
  userTextOf,
} from "../../core/errors.ts";
import type {
  CallOptions,
  Quote,
  QuoteBatchProgress,
  QuotesOptions,
  QuotesResult,
} from "../../core/ports.ts";
import { type CacheDeps, readEntries, writeEntries } from "./cache-deps.ts";
import { EntryMemory } from "./entry-memory.ts";
import { type CacheEntry, quoteFreshUntil } from "./freshness.ts";
import { MissMemo } from "./miss-memo.ts";
import { SingleFlight } from "./single-flight.ts";

export const QUOTE_NAMESPACE = "md.quote.v1";

type Progress = (p: QuoteBatchProgress) => void;

export class QuoteCache {
  private readonly deps: CacheDeps;
  private readonly flights = new SingleFlight<QuotesResult>();
  private readonly misses = new MissMemo();
  private readonly memory: EntryMemory<Quote>;
  /** Store writes still in flight: the answer does not wait for them (memory already holds it). */
  private readonly pending = new Set<Promise<void>>();

  constructor(deps: CacheDeps) {
    this.deps = deps;
    this.memory = new EntryMemory<Quote>({ maxEntries: deps.policy.memoryQuotes });
  }

  private key(symbol: string): string {
    return `${this.deps.inner.name}:${symbol.toUpperCase()}`;
  }

  async get(symbols: string[], options?: QuotesOptions): Promise<QuotesResult> {
    const { inner, clock, logger } = this.deps;
    const now = clock.now();
    const wanted = [...new Set(symbols)];
    const entries = await this.read(
      wanted.map((s) => this.key(s)),
      now,
    );

    const fresh = new Map<string, CacheEntry<Quote>>();
    const stale = new Map<string, CacheEntry<Quote>>();
    const knownMissing = new Map<string, string>();
    const toFetch: string[] = [];
    for (const [i, symbol] of wanted.entries()) {
      const entry = entries[i];
      const miss = this.misses.get(this.key(symbol), now);
      if (entry && now < entry.freshUntil) fresh.set(symbol, entry);
      else if (miss !== undefined) knownMissing.set(symbol, miss);
      else {
        toFetch.push(symbol);
        if (entry) stale.set(symbol, entry);
      }
    }

    const { onProgress: _ignored, ...call } = options ?? {};
    const answered = fresh.size + knownMissing.size;
    this.deps.metrics?.cache({ kind: "quote", hits: answered, misses: toFetch.length });
    let lastDone = answered;
    const onProgress = options?.onProgress;
    const progress: Progress | undefined = onProgress
      ? (p) => {
          lastDone = answered + p.done;
          onProgress({ done: lastDone, total: wanted.length });
        }
      : undefined;

    let fetched: QuotesResult | undefined;
    let failure: unknown;
    if (toFetch.length > 0) {
      // The same set of uncached symbols, asked concurrently, is one upstream call.
      const flightKey = toFetch
        .map((s) => s.toUpperCase())
        .sort()
        .join(",");
      try {
        fetched = await this.flights.run(flightKey, () => this.fetch(toFetch, now, progress, call));
      } catch (err) {
        if (err instanceof SymbolNotFoundError) throw err;
        failure = err;
      }
    }

    const byUpper = new Map((fetched?.quotes ?? []).map((q) => [q.symbol.toUpperCase(), q]));
    const missByUpper = new Map((fetched?.missing ?? []).map((m) => [m.symbol.toUpperCase(), m.reason]));
    const quotes: Quote[] = [];
    const missing: QuotesResult["missing"] = [];
    let oldest = Number.POSITIVE_INFINITY;
    let staleAgeMs: number | undefined;
    for (const symbol of wanted) {
      const hit = fresh.get(symbol);
      const fallback = stale.get(symbol);
      const got = byUpper.get(symbol.toUpperCase());
      if (hit) {
        quotes.push(hit.value);
        oldest = Math.min(oldest, hit.fetchedAt);
      } else if (knownMissing.has(symbol)) {
        missing.push({ symbol, reason: knownMissing.get(symbol) as string });
      } else if (got) {
        quotes.push(got);
        oldest = Math.min(oldest, now);
      } else if (fetched) {
        missing.push({
          symbol,
          reason: missByUpper.get(symbol.toUpperCase()) ?? "not returned by the source",
        });
      } else if (fallback) {
        quotes.push(fallback.value);
        oldest = Math.min(oldest, fallback.fetchedAt);
        staleAgeMs = Math.max(staleAgeMs ?? 0, now - fallback.fetchedAt);
      } else {
        missing.push({ symbol, reason: failureReason(inner.name, failure) });
      }
    }

    if (failure !== undefined) {
      if (quotes.length === 0) throw failure;
      logger.warn(
        { symbols: toFetch.length, servedStale: stale.size, staleAgeMs, error: errorMessage(failure) },
        "quote source failed; serving what the cache holds",
      );
    }
    if (onProgress && lastDone < wanted.length) onProgress({ done: wanted.length, total: wanted.length });
    return {
      quotes,
      missing,
      source: inner.name,
      fetchedAt: Number.isFinite(oldest) ? oldest : now,
      ...(staleAgeMs === undefined ? {} : { staleAgeMs }),
    };
  }

  /**
   * The cached entry of each key, fresh or stale: fresh ones from memory, the others in one Store
   * read. When both hold one, the newer wins (another process may have fetched since).
   */
  private async read(keys: string[], now: number): Promise<(CacheEntry<Quote> | undefined)[]> {
    const entries = keys.map((key) => this.memory.get(key, now));
    const ask = keys.flatMap((key, i) => {
      const held = entries[i];
      return held && now < held.freshUntil ? [] : [{ key, i }];
    });
    const stored = await readEntries<Quote>(
      this.deps,
      QUOTE_NAMESPACE,
      ask.map((a) => a.key),
    );
    for (const [j, { key, i }] of ask.entries()) {
      const found = stored[j];
      const held = entries[i];
      if (!found || (held && held.fetchedAt > found.fetchedAt)) continue;
      entries[i] = found;
      this.memory.set(key, found, found.fetchedAt + this.deps.policy.keepMs);
    }
    return entries;
  }

  private async fetch(
    symbols: string[],
    now: number,
    onProgress: Progress | undefined,
    call: CallOptions,
  ): Promise<QuotesResult> {
    const { inner, policy } = this.deps;
    const result = await inner.quotes(symbols, { ...call, ...(onProgress ? { onProgress } : {}) });
    const freshUntil = quoteFreshUntil(now, policy);
    // One entry per key (the last answer wins), so the batch never writes a key twice.
    const byKey = new Map<string, CacheEntry<Quote>>();
    for (const q of result.quotes) byKey.set(this.key(q.symbol), { value: q, fetchedAt: now, freshUntil });
    for (const [key, entry] of byKey) this.memory.set(key, entry, now + policy.keepMs);
    // Write behind: ~2,000 quotes take tens of ms to store, which the answer need not wait for.
    // Failures are logged by writeEntries; flush() lets shutdown wait for what is in flight.
    const write = writeEntries<Quote>(
      this.deps,
      QUOTE_NAMESPACE,
      [...byKey].map(([key, entry]) => ({ key, entry })),
      policy.keepMs,
    );
    this.pending.add(write);
    void write.finally(() => this.pending.delete(write));
    // A miss is asked again soon, even over a weekend when quotes stay fresh for days.
    const missUntil = Math.min(now + policy.quoteMissMs, freshUntil);
    for (const m of result.missing) this.misses.set(this.key(m.symbol), m.reason, missUntil, now);
    return result;
  }

  /** Resolves once every Store write started so far has settled. */
  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}

/** What a user reads about a symbol the source failed on: our sentence, never a library's. */
function failureReason(source: string, failure: unknown): string {
  if (failure instanceof DataUnavailableError || failure instanceof BadDataError)
    return userTextOf(failure, false);
  return `${source} unavailable`;
}
