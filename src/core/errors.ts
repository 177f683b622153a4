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

/** The market-data source cannot be reached or keeps failing (network, 5xx, 429 after retries). */
export class DataUnavailableError extends Error {
  override readonly name = "DataUnavailableError";
  readonly source: string;
  constructor(source: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.source = source;
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

/** The source answered with something we could not validate. */
export class BadDataError extends Error {
  override readonly name = "BadDataError";
  readonly source: string;
  constructor(source: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.source = source;
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
