/**
 * Decorators that report each request's outcome to SourceHealth: around the live market-data
 * source (below the cache, so only real requests count) and around a remote chart renderer.
 * A request the caller stopped waiting for is not counted: it says nothing about the source.
 */
import { BadDataError, DataUnavailableError, SymbolNotFoundError, userTextOf } from "../../core/errors.ts";
import type {
  CallOptions,
  ChartRenderer,
  DailySeries,
  HistoryRequest,
  MarketData,
  QuotesOptions,
  QuotesResult,
} from "../../core/ports.ts";
import type { ChartSpec } from "../../core/chart-spec.ts";
import type { ChartImage } from "../../core/reply.ts";
import type { SourceHealth } from "../../core/status/source-health.ts";
import { networkReason } from "./network-reason.ts";

/** Our sentence for a failed market-data request (the adapters' own user text, else a plain one). */
export function marketSentence(source: string, err: unknown): string {
  if (err instanceof DataUnavailableError && !err.userText && !err.timedOut)
    return `cannot reach ${source}: ${networkReason(err.cause ?? err)}`;
  if (err instanceof DataUnavailableError || err instanceof BadDataError) return userTextOf(err, false);
  return `a request to ${source} failed`;
}

export class RecordingMarketData implements MarketData {
  readonly name: string;
  readonly quotesAsOfClose?: boolean;
  readonly #inner: MarketData;
  readonly #health: SourceHealth;
  readonly #id: string;

  constructor(inner: MarketData, health: SourceHealth, id: string) {
    this.#inner = inner;
    this.#health = health;
    this.#id = id;
    this.name = inner.name;
    if (inner.quotesAsOfClose !== undefined) this.quotesAsOfClose = inner.quotesAsOfClose;
    health.register(id, inner.name);
  }

  async history(symbol: string, request: HistoryRequest, options?: CallOptions): Promise<DailySeries> {
    try {
      const series = await this.#inner.history(symbol, request, options);
      this.#health.succeeded(this.#id);
      return series;
    } catch (err) {
      this.#failed(err, options);
      throw err;
    }
  }

  async quotes(symbols: string[], options?: QuotesOptions): Promise<QuotesResult> {
    try {
      const result = await this.#inner.quotes(symbols, options);
      // Some batches may have failed; the source answered the others, so it works.
      if (result.quotes.length > 0 || symbols.length === 0) this.#health.succeeded(this.#id);
      return result;
    } catch (err) {
      this.#failed(err, options);
      throw err;
    }
  }

  #failed(err: unknown, options: CallOptions | undefined): void {
    // The source answered that it has no such symbol: it works.
    if (err instanceof SymbolNotFoundError) this.#health.succeeded(this.#id);
    else if (!options?.signal?.aborted) this.#health.failed(this.#id, marketSentence(this.name, err));
  }
}

/** Our sentence for a failed chart request; the renderer's own message may quote the service's reply. */
export function chartSentence(name: string, err: unknown): string {
  const full = err instanceof Error ? err.message : String(err);
  // The renderer's message starts "<service> failed: "; what follows is the library's.
  const at = full.indexOf(" failed: ");
  const message = at >= 0 ? full.slice(at + 9) : full;
  if (/no answer within/i.test(message)) return `${name} did not answer in time`;
  if (/other than a PNG/i.test(message)) return `${name} answered with something other than a PNG`;
  const status = /\b([45]\d\d)\b/.exec(message)?.[1];
  if (status) return `${name} answered with an error (HTTP ${status})`;
  if (/ECONNREFUSED|ENOTFOUND|ECONNRESET|EAI_AGAIN|fetch failed|socket/i.test(message))
    return `cannot reach ${name}: the request failed on the network`;
  return `a request to ${name} failed`;
}

export class RecordingChartRenderer implements ChartRenderer {
  readonly name: string;
  readonly #inner: ChartRenderer;
  readonly #health: SourceHealth;
  readonly #id: string;

  constructor(inner: ChartRenderer, health: SourceHealth, id: string, label = inner.name) {
    this.#inner = inner;
    this.#health = health;
    this.#id = id;
    this.name = inner.name;
    health.register(id, label);
  }

  async render(spec: ChartSpec, options?: CallOptions): Promise<ChartImage> {
    try {
      const image = await this.#inner.render(spec, options);
      this.#health.succeeded(this.#id);
      return image;
    } catch (err) {
      if (!options?.signal?.aborted) this.#health.failed(this.#id, chartSentence(this.name, err));
      throw err;
    }
  }
}
