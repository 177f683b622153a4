/**
 * Turns whatever a yahoo-finance2 call threw into one of the core's errors. The library's own
 * classes are recognised by name (they are plain Error subclasses), the transport's by class.
 * Each carries our own sentence for users (`userText`); the library's words stay in the message,
 * which only the log sees.
 */
import { BadDataError, DataUnavailableError, errorMessage, SymbolNotFoundError } from "../../core/errors.ts";
import { YahooHttpError, YahooNetworkError } from "./transport.ts";

export const SOURCE = "Yahoo Finance";

/** What users read about an unreadable answer. */
export const NOT_DATA = `${SOURCE} sent a page that is not market data`;
export const INCOMPLETE = `${SOURCE} sent an incomplete answer`;
export const WRONG_SHAPE = `${SOURCE} sent an answer in a form we cannot read`;

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

/** The library's words for a 200 answer whose body is not JSON. */
const NOT_PARSABLE = /not parsable|Unexpected token|Unexpected end of JSON|JSON at position|Unterminated/i;
const HTML = /<!doctype|<html|<head|<body|"\s*</i;

/** Our sentence for a failure the library reported, with the symbol it was about. */
function unreadable(message: string, symbol: string | undefined, err: unknown): BadDataError {
  const userText = NOT_PARSABLE.test(message) ? (HTML.test(message) ? NOT_DATA : INCOMPLETE) : WRONG_SHAPE;
  return new BadDataError(SOURCE, `unreadable response: ${message.slice(0, 300)}`, {
    cause: err,
    userText,
    ...(symbol === undefined ? {} : { symbol }),
  });
}

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
    const userText =
      err.status === 429
        ? `${SOURCE} is turning our requests away right now (too many requests)`
        : err.status >= 500
          ? `${SOURCE} is failing right now (HTTP ${err.status})`
          : `${SOURCE} refused the request (HTTP ${err.status})`;
    return new DataUnavailableError(SOURCE, err.message, { cause: err, userText });
  }
  if (err instanceof YahooNetworkError)
    return new DataUnavailableError(SOURCE, err.message, { cause: err, timedOut: err.kind === "timeout" });
  const name = err instanceof Error ? err.name : "";
  const message = errorMessage(err);
  if (isSessionFailure(err))
    return new DataUnavailableError(SOURCE, `no Yahoo session (cookie/crumb): ${message.slice(0, 160)}`, {
      cause: err,
      userText: `${SOURCE} refused our session (cookie and crumb)`,
    });
  if (name === "FailedYahooValidationError")
    return new BadDataError(SOURCE, `the response did not match Yahoo's schema: ${message.slice(0, 200)}`, {
      cause: err,
      userText: WRONG_SHAPE,
      ...(symbol === undefined ? {} : { symbol }),
    });
  // The library parses bodies itself: a TypeError here means a body of the wrong shape.
  if (
    name === "TypeError" ||
    name === "SyntaxError" ||
    NOT_PARSABLE.test(message) ||
    /unexpected result|please report/i.test(message)
  )
    return unreadable(message, symbol, err);
  // A JSON error envelope on a 200 answer is turned into a plain Error by the library.
  if (symbol !== undefined && NOT_FOUND.test(message))
    return new SymbolNotFoundError(symbol, `${SOURCE} has no data for ${symbol}`);
  return new DataUnavailableError(SOURCE, message.slice(0, 300), {
    cause: err,
    userText: `${SOURCE} answered with an error`,
  });
}
