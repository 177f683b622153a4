/**
 * A closing-basis Quote from daily bars (the core's definitions in analytics/quote-from-bars.ts),
 * so breadth code can treat a CSV folder like the live source.
 */
import { quoteFromBars as closingQuote } from "../../core/analytics/quote-from-bars.ts";
import { sessionTimes } from "../../core/market/calendar.ts";
import type { Bar, Quote } from "../../core/ports.ts";

/** The quote as at the close of `asOf`, or undefined when there is no close on or before it. */
export function quoteFromBars(symbol: string, bars: readonly Bar[], asOf: string): Quote | undefined {
  const q = closingQuote(bars, asOf);
  if (!q) return undefined;
  const { date, rangeSessions: _sessions, previousDate: _previous, ...fields } = q;
  // The price is that bar's close, so its time is that session's close, not the as-of date's.
  return { symbol, ...fields, marketState: "closed", time: sessionTimes(date).close };
}
