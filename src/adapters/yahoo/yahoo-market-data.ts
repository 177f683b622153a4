/**
 * MarketData on yahoo-finance2: daily bars through chart(), live quotes through quote() in
 * batches. The transport below retries; this class adds batching, bounded concurrency, a fresh
 * cookie session when Yahoo refuses ours, and the mapping to the core's errors.
 */
import YahooFinance from "yahoo-finance2";
import { ExtendedCookieJar } from "yahoo-finance2/lib/cookieJar";
import { abortableSleep, raceSignal } from "../../core/deadline.ts";
import {
  BadDataError,
  DataUnavailableError,
  errorMessage,
  SymbolNotFoundError,
  userTextOf,
} from "../../core/errors.ts";
import { addDays, isIsoDate, nyWallTime } from "../../core/market/time.ts";
import type {
  CallOptions,
  Clock,
  DailySeries,
  HistoryRequest,
  Logger,
  MarketData,
  Quote,
  QuotesOptions,
  QuotesResult,
} from "../../core/ports.ts";
import { isSessionFailure, SOURCE, toCoreError, WRONG_SHAPE } from "./errors.ts";
import { barsFromChart, type ChartObject, quoteFromYahoo } from "./mapping.ts";
import { DEFAULT_BACKOFF } from "./retry-policy.ts";
import { rewritingFetch } from "./rewrite.ts";
import { resilientFetch, type TransportOptions, YahooHttpError } from "./transport.ts";

export interface YahooMarketDataOptions {
  /** The fetch to send requests with (default: the global one). */
  fetch?: typeof fetch;
  /** Rewrite https://<host><path> to <baseUrl>/<host><path> (proxy or test double). */
  baseUrl?: string;
  /** Quote batches in flight at once; also the library's request queue size. */
  concurrency: number;
  /** Per attempt, headers and body (ms). */
  timeoutMs: number;
  /** Retries after the first attempt, on 429, 5xx, time-outs and network errors. */
  retries: number;
  /** Symbols per quote request, at most 50 (Yahoo answers 429 above roughly 65-100). */
  batchSize: number;
  logger: Logger;
  clock: Clock;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** For deterministic jitter in tests: uniform in [0, 1). */
  random?: () => number;
  /** First backoff step (ms), default 250. */
  backoffBaseMs?: number;
  /** A Retry-After above this fails the request at once instead of waiting, default 20 s. */
  maxRetryAfterMs?: number;
}

type Client = InstanceType<typeof YahooFinance>;

/** Yahoo symbols: letters, digits and . - ^ = _ (BRK-B, ^GSPC, EURUSD=X, RY.TO). */
const SYMBOL = /^[A-Za-z0-9.^=_-]{1,32}$/;

export class YahooMarketData implements MarketData {
  readonly name = SOURCE;
  readonly #fetch: typeof fetch;
  readonly #transport: TransportOptions;
  readonly #options: YahooMarketDataOptions;
  readonly #log: Logger;
  #client: Client;

  constructor(options: YahooMarketDataOptions) {
    if (!(options.batchSize >= 1 && options.batchSize <= 50)) throw new RangeError("batchSize must be 1..50");
    if (!(options.concurrency >= 1)) throw new RangeError("concurrency must be at least 1");
    this.#options = options;
    this.#log = options.logger.child({ source: "yahoo" });
    const base = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#transport = {
      fetch: options.baseUrl ? rewritingFetch(options.baseUrl, base) : base,
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      backoff: {
        ...DEFAULT_BACKOFF,
        ...(options.backoffBaseMs !== undefined ? { baseMs: options.backoffBaseMs } : {}),
        ...(options.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: options.maxRetryAfterMs } : {}),
        random: options.random ?? Math.random,
      },
      sleep: options.sleep ?? abortableSleep,
      clock: options.clock,
      logger: this.#log,
    };
    this.#fetch = resilientFetch(this.#transport);
    this.#client = this.#newClient();
  }

  /** Each client has its own cookie jar: the library's default jar is shared by the whole process. */
  #newClient(): Client {
    const log = this.#log.child({ lib: "yahoo-finance2" });
    return new YahooFinance({
      fetch: this.#fetch,
      cookieJar: new ExtendedCookieJar(),
      suppressNotices: ["yahooSurvey"],
      versionCheck: false,
      queue: { concurrency: this.#options.concurrency },
      validation: { logErrors: false, logOptionsErrors: true, allowAdditionalProps: true },
      // The library logs crumbs at debug level: drop its debug output, keep the rest as warnings.
      logger: {
        debug: () => {},
        dir: () => {},
        info: (...args: unknown[]) => log.debug({ said: libraryText(args) }),
        warn: (...args: unknown[]) => log.warn({ said: libraryText(args) }),
        error: (...args: unknown[]) => log.warn({ said: libraryText(args) }),
      },
    });
  }

  /**
   * Runs `call`; when Yahoo refuses the cookie or crumb, starts one fresh session (new jar, new
   * crumb) and runs it once more. Calls that fail together share one new session.
   */
  async #withSession<T>(
    call: (client: Client, moduleOptions: { fetch: typeof fetch }) => Promise<T>,
    options: CallOptions = {},
  ): Promise<T> {
    // The library queues requests: race it, so a caller who stops waiting is free at once.
    const moduleOptions = { fetch: resilientFetch(this.#transport, options) };
    const client = this.#client;
    try {
      return await raceSignal(call(client, moduleOptions), options.signal);
    } catch (err) {
      if (options.signal?.aborted || !isSessionFailure(err)) throw err;
      if (this.#client === client) {
        this.#log.info({ err: errorMessage(err) }, "Yahoo refused the session; starting a fresh one");
        this.#client = this.#newClient();
      }
      return await raceSignal(call(this.#client, moduleOptions), options.signal);
    }
  }

  /**
   * Runs `call` and maps what it throws to the core's errors; an unreadable answer (an HTML page,
   * a truncated or wrongly shaped body) is asked for once more before it is believed.
   */
  async #readable<T>(
    what: string,
    options: CallOptions,
    call: () => Promise<T>,
    symbol?: string,
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        const error = options.signal?.aborted ? stoppedError(err) : toCoreError(err, symbol);
        if (!(error instanceof BadDataError) || attempt > 1) throw error;
        this.#log.warn({ what, err: error.message }, "unreadable Yahoo answer; asking once more");
      }
    }
  }

  async history(symbol: string, request: HistoryRequest, options: CallOptions = {}): Promise<DailySeries> {
    const { from, to } = request;
    if (!isIsoDate(from) || !isIsoDate(to) || from > to)
      throw new RangeError(`history wants from <= to as YYYY-MM-DD, got ${from}..${to}`);
    if (!SYMBOL.test(symbol)) throw new SymbolNotFoundError(symbol, `"${symbol}" is not a Yahoo symbol`);
    // New York midnight of `from` to New York midnight after `to`: Yahoo stamps daily bars at the open.
    const period1 = Math.floor(nyWallTime(from, 0) / 1000);
    const period2 = Math.floor(nyWallTime(addDays(to, 1), 0) / 1000);
    const bars = await this.#readable(
      `chart ${symbol}`,
      options,
      async () => {
        let chart: unknown;
        try {
          chart = await this.#withSession(
            (yf, moduleOptions) =>
              yf.chart(symbol, { period1, period2, interval: "1d", return: "object" }, moduleOptions),
            options,
          );
        } catch (err) {
          // A range wholly before the listing: Yahoo answers 400 "Data doesn't exist"; that is no bars.
          if (
            err instanceof YahooHttpError &&
            err.status === 400 &&
            /doesn.t exist/i.test(err.description ?? "")
          )
            return [];
          throw err;
        }
        return barsFromChart(chart as ChartObject, from, to, symbol);
      },
      symbol,
    );
    return { symbol, bars, source: SOURCE, fetchedAt: this.#options.clock.now() };
  }

  async quotes(symbols: string[], options: QuotesOptions = {}): Promise<QuotesResult> {
    const missing: QuotesResult["missing"] = [];
    const wanted: string[] = [];
    for (const symbol of new Set(symbols)) {
      if (SYMBOL.test(symbol)) wanted.push(symbol);
      else missing.push({ symbol, reason: "not a valid Yahoo symbol" });
    }
    const batches: string[][] = [];
    for (let i = 0; i < wanted.length; i += this.#options.batchSize)
      batches.push(wanted.slice(i, i + this.#options.batchSize));

    const quotes: Quote[] = [];
    const failures: Error[] = [];
    let done = 0;
    const runBatch = async (batch: string[]) => {
      try {
        const raw = await this.#readable(`quote batch of ${batch.length}`, options, async () => {
          const answer: unknown = await this.#withSession(
            (yf, moduleOptions) =>
              yf.quote(batch, { return: "array" }, { ...moduleOptions, validateResult: false }),
            options,
          );
          if (!Array.isArray(answer))
            throw new BadDataError(SOURCE, "quote() did not return an array", { userText: WRONG_SHAPE });
          return answer;
        });
        const found = new Map<string, unknown>();
        for (const item of raw) {
          const s = (item as { symbol?: unknown } | null)?.symbol;
          if (typeof s === "string") found.set(s.toUpperCase(), item);
        }
        for (const symbol of batch) {
          const item = found.get(symbol.toUpperCase());
          if (item === undefined) {
            missing.push({ symbol, reason: `not found by ${SOURCE}` });
            continue;
          }
          const mapped = quoteFromYahoo(item);
          if ("quote" in mapped) quotes.push({ ...mapped.quote, symbol });
          else missing.push({ symbol, reason: mapped.reason });
        }
      } catch (err) {
        const error = options.signal?.aborted ? stoppedError(err) : toCoreError(err);
        failures.push(error);
        this.#log.warn({ symbols: batch.length, err: error.message }, "quote batch failed");
        const reason = `request failed: ${
          error instanceof DataUnavailableError || error instanceof BadDataError
            ? userTextOf(error, false)
            : `${SOURCE} did not answer`
        }`;
        for (const symbol of batch) missing.push({ symbol, reason });
      }
      done += batch.length;
      options.onProgress?.({ done, total: wanted.length });
    };
    const started = new Set<string[]>();
    await runPool(
      batches,
      this.#options.concurrency,
      (batch) => {
        started.add(batch);
        return runBatch(batch);
      },
      options.signal,
    );
    // Batches never started because the caller stopped waiting: missing, and said why.
    for (const batch of batches) {
      if (started.has(batch)) continue;
      failures.push(stoppedError(options.signal?.reason));
      for (const symbol of batch) missing.push({ symbol, reason: `${SOURCE} did not answer in time` });
    }

    if (batches.length > 0 && failures.length === batches.length) {
      const first = failures[0] as Error;
      throw first instanceof DataUnavailableError || first instanceof BadDataError
        ? first
        : new DataUnavailableError(SOURCE, `no quotes at all: ${first.message}`, { cause: first });
    }
    // Callers read results in the order they asked.
    const order = new Map(symbols.map((s, i) => [s, i]));
    const rank = (s: string) => order.get(s) ?? 0;
    quotes.sort((a, b) => rank(a.symbol) - rank(b.symbol));
    missing.sort((a, b) => rank(a.symbol) - rank(b.symbol));
    return { quotes, missing, source: SOURCE, fetchedAt: this.#options.clock.now() };
  }
}

/** What the library said, short, cut at the first mention of a crumb or cookie. */
function libraryText(args: unknown[]): string {
  return args
    .map(String)
    .join(" ")
    .replace(/(crumb|cookie)[\s\S]*/i, "$1 [redacted]")
    .slice(0, 300);
}

/** The error of a call its caller stopped waiting for (deadline or cancel). */
function stoppedError(err: unknown): DataUnavailableError {
  return new DataUnavailableError(SOURCE, `stopped waiting: ${errorMessage(err)}`, {
    cause: err,
    timedOut: true,
  });
}

/** Runs `work` over `items` with at most `limit` in flight; none is started once `signal` aborts. */
async function runPool<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.aborted) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
