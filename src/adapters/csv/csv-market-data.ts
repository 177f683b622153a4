/**
 * MarketData over a folder of daily-closes CSV files, one per symbol named as Yahoo writes it
 * (DIR/^RUT.csv, DIR/IWM.csv, DIR/BRK-B.csv), plus index members in DIR/constituents/<ALIAS>.csv.
 * Used offline, in tests and for reproducible "as of" runs.
 *
 * Nothing after the as-of session is ever served: the as-of date is the `asOf` option, else the
 * clock's last completed session, and both history() and quotes() stop there, so a folder that
 * holds later rows cannot leak them into an "as of" answer.
 */
import { type FileHandle, open } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { BadDataError, DataUnavailableError, errorMessage, SymbolNotFoundError } from "../../core/errors.ts";
import { lastCompletedSession } from "../../core/market/calendar.ts";
import { SYMBOL_PATTERN } from "../../core/market/instruments.ts";
import { isIsoDate } from "../../core/market/time.ts";
import type {
  Bar,
  Clock,
  DailySeries,
  HistoryRequest,
  MarketData,
  Quote,
  QuoteBatchProgress,
  QuotesResult,
} from "../../core/ports.ts";
import { type Holdings, parseHoldings } from "../holdings/holdings-csv.ts";
import { parseClosesCsv } from "./closes-file.ts";
import { quoteFromBars } from "./quote-from-bars.ts";
import { parseValuationCsv, publishedOn, VALUATION_FILE, type ValuationTable } from "./valuation-file.ts";

export interface CsvMarketDataOptions {
  /** The folder, as configured (relative paths resolve against the working directory). */
  dir: string;
  clock: Clock;
  /** Serve everything as at this session's close (YYYY-MM-DD). */
  asOf?: string;
}

interface Loaded<T> {
  value: T;
  fetchedAt: number;
}

export class CsvMarketData implements MarketData {
  readonly name: string;
  /** The whole path: two folders of the same name are different data. */
  readonly sourceId: string;
  readonly dir: string;
  private readonly clock: Clock;
  private readonly fixedAsOf: string | undefined;
  // Promises, so concurrent callers share one read; failures are evicted so a fixed file is re-read.
  private readonly closes = new Map<string, Promise<Loaded<Bar[]>>>();
  private readonly members = new Map<string, Promise<Loaded<Holdings>>>();
  private readonly valuations = new Map<string, Promise<Loaded<ValuationTable>>>();
  readonly quotesAsOfClose = true;

  constructor(options: CsvMarketDataOptions) {
    if (options.asOf !== undefined && !isIsoDate(options.asOf)) {
      throw new Error(`asOf must be a YYYY-MM-DD date, got "${options.asOf}"`);
    }
    this.dir = options.dir;
    this.clock = options.clock;
    this.fixedAsOf = options.asOf;
    // Replies show the folder's own name only, never where it sits on the server.
    const full = resolve(options.dir);
    this.name = `CSV folder ${basename(full) || full}`;
    this.sourceId = `csv:${full}`;
  }

  /** The session everything is served as at. */
  asOfSession(): string {
    return this.fixedAsOf ?? lastCompletedSession(this.clock.now());
  }

  async history(symbol: string, request: HistoryRequest): Promise<DailySeries> {
    const { value, fetchedAt } = await this.loadCloses(symbol);
    const asOf = this.asOfSession();
    const bars = value
      .filter((b) => b.date >= request.from && b.date <= request.to && b.date <= asOf)
      .map((b) => ({ ...b }));
    return { symbol: symbol.trim().toUpperCase(), bars, source: this.name, fetchedAt };
  }

  async quotes(
    symbols: string[],
    options?: { onProgress?: (p: QuoteBatchProgress) => void },
  ): Promise<QuotesResult> {
    const asOf = this.asOfSession();
    const quotes: Quote[] = [];
    const missing: { symbol: string; reason: string }[] = [];
    let fetchedAt = this.clock.now();
    let outage: DataUnavailableError | undefined;
    let done = 0;
    const pe = await this.valuationTable();
    for (const symbol of symbols) {
      try {
        const loaded = await this.loadCloses(symbol);
        fetchedAt = Math.min(fetchedAt, loaded.fetchedAt);
        const quote = quoteFromBars(symbol.trim().toUpperCase(), loaded.value, asOf);
        const published = pe && quote ? publishedOn(pe, quote.symbol, asOf) : undefined;
        if (quote && published) {
          if (published.trailingPE !== undefined) quote.trailingPE = published.trailingPE;
          if (published.forwardPE !== undefined) quote.forwardPE = published.forwardPE;
          quote.peDate = published.date;
        }
        if (quote) quotes.push(quote);
        else missing.push({ symbol, reason: `no close on or before ${asOf}` });
      } catch (err) {
        if (err instanceof DataUnavailableError) outage = err;
        else if (!(err instanceof SymbolNotFoundError || err instanceof BadDataError)) throw err;
        missing.push({ symbol, reason: errorMessage(err) });
      }
      done++;
      options?.onProgress?.({ done, total: symbols.length });
    }
    // As the port asks: an outage surfaces only when nothing at all could be priced.
    if (outage && quotes.length === 0) throw outage;
    return { quotes, missing, source: this.name, fetchedAt, closingBasis: true };
  }

  /** Members of an index alias (e.g. "RUT") from DIR/constituents/<ALIAS>.csv. */
  async constituents(alias: string): Promise<Holdings> {
    const key = alias.trim().toUpperCase();
    if (!/^[A-Z0-9][A-Z0-9_-]*$/.test(key)) {
      throw new SymbolNotFoundError(alias, `"${alias}" is not an index alias with a constituents file`);
    }
    const fileName = `constituents/${key}.csv`;
    const loaded = await this.cached(this.members, key, async () =>
      parseHoldings(await this.read(key, fileName), fileName),
    );
    return loaded.value;
  }

  /** DIR/valuation.csv when the folder has one (P/E by date); undefined when it has none. */
  private async valuationTable(): Promise<ValuationTable | undefined> {
    try {
      const loaded = await this.cached(this.valuations, VALUATION_FILE, async () =>
        parseValuationCsv(await this.read(VALUATION_FILE, VALUATION_FILE), VALUATION_FILE),
      );
      return loaded.value;
    } catch (err) {
      if (err instanceof SymbolNotFoundError) return undefined;
      throw err;
    }
  }

  private loadCloses(symbol: string): Promise<Loaded<Bar[]>> {
    const key = symbol.trim().toUpperCase();
    // The pattern also keeps a typed symbol from naming a path outside the folder.
    if (!SYMBOL_PATTERN.test(key)) {
      return Promise.reject(new SymbolNotFoundError(symbol, `"${symbol}" is not a symbol`));
    }
    const fileName = `${key}.csv`;
    return this.cached(this.closes, key, async () => {
      // Streamed: a closes file can be large, and only its bars need to stay in memory.
      const handle = await this.open(key, fileName);
      try {
        return await parseClosesCsv(handle.createReadStream({ autoClose: false }), fileName);
      } catch (err) {
        if (err instanceof BadDataError) throw err;
        throw this.unreadable(fileName, err);
      } finally {
        await handle.close();
      }
    });
  }

  private cached<T>(map: Map<string, Promise<Loaded<T>>>, key: string, load: () => Promise<T>) {
    let entry = map.get(key);
    if (!entry) {
      const fetchedAt = this.clock.now();
      entry = load().then((value) => ({ value, fetchedAt }));
      map.set(key, entry);
      entry.catch(() => map.delete(key));
    }
    return entry;
  }

  /** A small file (a member list, valuation.csv) read whole. */
  private async read(symbol: string, fileName: string): Promise<string> {
    const handle = await this.open(symbol, fileName);
    try {
      return await handle.readFile("utf8");
    } catch (err) {
      throw this.unreadable(fileName, err);
    } finally {
      await handle.close();
    }
  }

  private async open(symbol: string, fileName: string): Promise<FileHandle> {
    try {
      return await open(join(this.dir, fileName), "r");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") {
        throw new SymbolNotFoundError(symbol, `No file ${fileName} in ${this.name}`);
      }
      throw this.unreadable(fileName, err);
    }
  }

  private unreadable(fileName: string, err: unknown): DataUnavailableError {
    return new DataUnavailableError(this.name, `Cannot read ${fileName}: ${errorMessage(err)}`, {
      cause: err,
    });
  }
}
