/**
 * Two kinds of failure reach the dispatcher:
 * - UserError: the user typed something we cannot answer; shown privately with what to type instead.
 * - everything else: operational (outage, bug); logged with context, answered with a short honest note.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  readonly code: string;
  /** What to type instead, e.g. "/rotation ytd". */
  readonly hint: string | undefined;
  constructor(code: string, message: string, hint?: string) {
    super(message);
    this.code = code;
    this.hint = hint;
  }
}

/**
 * What an outside failure may carry besides its technical message (which goes to the log only):
 * the sentence a user reads, written by us, and whether the source simply did not answer in time.
 */
export interface OutsideFailureOptions {
  cause?: unknown;
  /** Our own sentence for the person asking, e.g. "Yahoo Finance sent a page that is not market data". */
  userText?: string;
  /** The source did not answer before the caller's deadline (or each attempt's time-out). */
  timedOut?: boolean;
  /** The symbol the answer was about, named in what users read. */
  symbol?: string;
}

/** The market-data source cannot be reached or keeps failing (network, 5xx, 429 after retries). */
export class DataUnavailableError extends Error {
  override readonly name = "DataUnavailableError";
  readonly source: string;
  readonly userText: string | undefined;
  readonly timedOut: boolean;
  constructor(source: string, message: string, options?: OutsideFailureOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.source = source;
    this.userText = options?.userText;
    this.timedOut = options?.timedOut ?? false;
  }
}

/** The source answered but has no data for this symbol. */
export class SymbolNotFoundError extends Error {
  override readonly name = "SymbolNotFoundError";
  readonly symbol: string;
  constructor(symbol: string, message = `No data for ${symbol}`) {
    super(message);
    this.symbol = symbol;
  }
}

/**
 * The source answered with something we could not validate. `userText` is set when the message
 * is a library's or otherwise technical; without it the message is already ours (a CSV file and
 * line) and may be shown.
 */
export class BadDataError extends Error {
  override readonly name = "BadDataError";
  readonly source: string;
  readonly userText: string | undefined;
  readonly symbol: string | undefined;
  constructor(source: string, message: string, options?: OutsideFailureOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.source = source;
    this.userText = options?.userText;
    this.symbol = options?.symbol;
  }
}

/**
 * What a person may read about an outside failure: our sentence, never a library's words.
 * `withSymbol` names the symbol it was about (an outage line); a "Missing: X (...)" line has it.
 */
export function userTextOf(err: DataUnavailableError | BadDataError, withSymbol = true): string {
  if (err instanceof BadDataError) {
    if (!err.userText) return err.message;
    return withSymbol && err.symbol ? `${err.userText} for ${err.symbol}` : err.userText;
  }
  if (err.userText) return err.userText;
  return err.timedOut ? `${err.source} did not answer in time` : `cannot reach ${err.source} right now`;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
