/**
 * The small interfaces the core needs from the outside world. Adapters implement them; tests pass
 * real implementations pointed at local fakes. Nothing here names an SDK.
 */
import type { ChartSpec } from "./chart-spec.ts";
import type { ChartImage } from "./reply.ts";

/** One daily bar. `date` is the New York session date, YYYY-MM-DD. */
export interface Bar {
  date: string;
  close: number;
  /** Close adjusted for splits and dividends, when the source has it. */
  adjClose?: number;
  open?: number;
  high?: number;
  low?: number;
  volume?: number;
}

/** Where a piece of data came from and how fresh it is. */
export interface Provenance {
  /** Human name of the source, e.g. "Yahoo Finance" or "CSV folder closes/". */
  source: string;
  /** When the data was fetched from the source (epoch ms). */
  fetchedAt: number;
  /** Set when the data was served from cache because the source failed: age in ms. */
  staleAgeMs?: number;
}

export interface DailySeries extends Provenance {
  symbol: string;
  /** Ascending by date, no duplicates. May include today's bar while the session is live. */
  bars: Bar[];
}

export type MarketState = "pre-market" | "open" | "after-hours" | "closed";

export interface Quote {
  symbol: string;
  name?: string;
  currency?: string;
  price: number;
  change?: number;
  /** In percent: 1.5 means +1.5%. */
  changePercent?: number;
  previousClose?: number;
  fiftyTwoWeekHigh?: number;
  fiftyTwoWeekLow?: number;
  fiftyDayAverage?: number;
  twoHundredDayAverage?: number;
  /** Price / trailing 12-month earnings, when the source reports it (ETFs: fund level). */
  trailingPE?: number;
  /** Price / forecast earnings, when the source reports it. */
  forwardPE?: number;
  /** The date (YYYY-MM-DD) the P/E figures were published, when the source says. */
  peDate?: string;
  /** Yahoo's market state for this listing, mapped to ours. */
  marketState?: MarketState;
  /** Time of the price (epoch ms). */
  time: number;
}

export interface HistoryRequest {
  /** First session wanted (inclusive), YYYY-MM-DD. */
  from: string;
  /** Last session wanted (inclusive), YYYY-MM-DD. */
  to: string;
}

export interface QuoteBatchProgress {
  done: number;
  total: number;
}

/** What an outside call is waiting for, so the person asking can be told ("Yahoo Finance, attempt 2 of 3"). */
export interface WaitNote {
  /** Human name of the source, e.g. "Yahoo Finance". */
  source: string;
  attempt?: number;
  attempts?: number;
}

/**
 * How long a caller will wait, and how to stop. Every port call that may reach the network takes
 * one: implementations pass `signal` to every request, fit retries and per-request time-outs
 * before `deadline`, and report through `waiting` what they wait for.
 */
export interface CallOptions {
  /** Aborted when the caller stops waiting (its deadline passed, or the user cancelled). */
  signal?: AbortSignal;
  /** Epoch ms by which the caller needs its answer: no attempt is started that cannot end by then. */
  deadline?: number;
  /** Called as a wait begins; the returned function is called when it ends. */
  waiting?: (note: WaitNote) => () => void;
}

export interface QuotesOptions extends CallOptions {
  onProgress?: (p: QuoteBatchProgress) => void;
}

export interface QuotesResult extends Provenance {
  quotes: Quote[];
  /**
   * True when the quotes are daily closes (a folder of closes): never live, and their 52-week
   * range and averages are of closes, not of intraday prices.
   */
  closingBasis?: boolean;
  /** Symbols that could not be priced, with the reason. */
  missing: { symbol: string; reason: string }[];
}

export interface MarketData {
  /** Human name of the source, e.g. "Yahoo Finance"; replies show it, so it holds no server path. */
  readonly name: string;
  /** Identifies the data behind stored records when `name` alone could be ambiguous (default: name). */
  readonly sourceId?: string;
  /**
   * True when quotes are computed as at a session's close from stored data (a folder of closes),
   * so they hold for --as-of too; a live source's quotes are always "now".
   */
  readonly quotesAsOfClose?: boolean;
  /**
   * Daily bars of one symbol. Throws SymbolNotFoundError when the source has no such symbol,
   * DataUnavailableError when it cannot be reached.
   */
  history(symbol: string, request: HistoryRequest, options?: CallOptions): Promise<DailySeries>;
  /**
   * Latest quotes. Symbols the source does not know are listed in `missing`; throws
   * DataUnavailableError only when nothing at all could be fetched.
   */
  quotes(symbols: string[], options?: QuotesOptions): Promise<QuotesResult>;
}

/** Key-value storage with optional expiry; values are JSON-safe. */
export interface Store {
  get<T>(namespace: string, key: string): Promise<T | undefined>;
  set<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<void>;
  /** Many keys of one namespace in one round trip; the answers are in the order of `keys`. */
  getMany<T>(namespace: string, keys: string[]): Promise<(T | undefined)[]>;
  /** Many entries of one namespace in one round trip (a batch); throws unless all were saved. */
  setMany<T>(namespace: string, entries: { key: string; value: T; ttlMs?: number }[]): Promise<void>;
  /**
   * Stores the value only if the key holds no live value, in one atomic step (SQLite: one
   * INSERT ... ON CONFLICT statement; Redis: SET NX PX): however many callers or processes race,
   * exactly one gets true. Throws when the backend did not answer (nothing is known then).
   */
  setIfAbsent<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<boolean>;
  delete(namespace: string, key: string): Promise<void>;
  close(): Promise<void>;
  /** False when nothing outlives the process (an in-memory store); absent means it persists. */
  readonly persistent?: boolean;
}

export interface Clock {
  /** Epoch ms. */
  now(): number;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface ChartRenderer {
  readonly name: string;
  render(spec: ChartSpec, options?: CallOptions): Promise<ChartImage>;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A Logger that drops everything, for callers that do not care. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};

/** One member of an index, as breadth needs it. */
export interface IndexMember {
  /** Yahoo symbol, e.g. "MOG-A". */
  symbol: string;
  /** As the list's publisher writes it, e.g. "MOGA". */
  ticker?: string;
  name?: string;
  /** The list's own sector column, e.g. "Information Technology". */
  sector?: string;
  /** Weight in the fund, in percent. */
  weight?: number;
}

/** The members of one index, where they came from and how old the list is. */
export interface MemberList extends Provenance {
  /** Index alias, e.g. "RUT". */
  alias: string;
  members: IndexMember[];
  memberCount: number;
  /** The list's own date (e.g. iShares "Fund Holdings as of"), YYYY-MM-DD, when it states one. */
  asOf?: string;
  /** Rows of the source file left out of `members`. */
  skipped?: { nonEquity: number; noTicker: number; duplicates: number };
}

export interface MemberLists {
  /**
   * The members of an index alias (RUT, SPX, NDX). Throws UserError when no source is configured
   * for it (the message says how to configure one), DataUnavailableError or BadDataError when the
   * source fails and no list is stored.
   */
  members(alias: string, options?: CallOptions): Promise<MemberList>;
}
