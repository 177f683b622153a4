/**
 * Turns whatever a yahoo-finance2 call threw into one of the core's errors. The library's own
 * classes are recognised by name (they are plain Error subclasses), the transport's by class.
 */
import { BadDataError, DataUnavailableError, errorMessage, SymbolNotFoundError } from "../../core/errors.ts";
import { YahooHttpError, YahooNetworkError } from "./transport.ts";

export const SOURCE = "Yahoo Finance";

/**
 * Yahoo refused our cookie or crumb (401/403, "Invalid Crumb", "Invalid Cookie"), or the crumb
 * could not be obtained: a fresh cookie session usually cures it.
 */
export function isSessionFailure(err: unknown): boolean {
  if (err instanceof YahooHttpError)
    return err.status === 401 || err.status === 403 || err.where.endsWith("/v1/test/getcrumb");
  const message = errorMessage(err);
  return /invalid (crumb|cookie)|set-cookie header|find crumb|get crumb|consent/i.test(message);
}

const NOT_FOUND = /no data found|symbol may be delisted|not found/i;

/** The core error for a failed call about `symbol` (history) or a batch of symbols (quotes). */
export function toCoreError(err: unknown, symbol?: string): Error {
  if (
    err instanceof SymbolNotFoundError ||
    err instanceof DataUnavailableError ||
    err instanceof BadDataError
  )
    return err;
  if (err instanceof YahooHttpError) {
    if (symbol !== undefined && err.status === 404)
      return new SymbolNotFoundError(symbol, `${SOURCE} has no data for ${symbol}`);
    return new DataUnavailableError(SOURCE, err.message, { cause: err });
  }
  if (err instanceof YahooNetworkError) return new DataUnavailableError(SOURCE, err.message, { cause: err });
  const name = err instanceof Error ? err.name : "";
  const message = errorMessage(err);
  if (isSessionFailure(err))
    return new DataUnavailableError(SOURCE, `no Yahoo session (cookie/crumb): ${message.slice(0, 160)}`, {
      cause: err,
    });
  if (name === "FailedYahooValidationError")
    return new BadDataError(SOURCE, "the response did not match Yahoo's schema", { cause: err });
  // The library parses bodies itself: a TypeError here means a body of the wrong shape.
  if (name === "TypeError" || /not parsable|unexpected result|please report/i.test(message))
    return new BadDataError(SOURCE, `unreadable response: ${message.slice(0, 160)}`, { cause: err });
  // A JSON error envelope on a 200 answer is turned into a plain Error by the library.
  if (symbol !== undefined && NOT_FOUND.test(message))
    return new SymbolNotFoundError(symbol, `${SOURCE} has no data for ${symbol}`);
  return new DataUnavailableError(SOURCE, message.slice(0, 200), { cause: err });
}
