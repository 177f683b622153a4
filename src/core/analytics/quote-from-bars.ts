/**
 * A quote as at a past session's close, from daily closes alone (closing basis): what /quote
 * answers with --as-of, and what an offline data folder can offer.
 */
import type { Bar } from "../ports.ts";
import { lastIndexOnOrBefore, sessionBars, smaLast } from "./returns.ts";

export interface ClosingQuote {
  date: string;
  price: number;
  previousClose?: number;
  /** The session of the previous close: the previous NYSE session unless the series lacks its bar. */
  previousDate?: string;
  change?: number;
  /** Percent: 1.5 = +1.5%. */
  changePercent?: number;
  /** Highest / lowest close of the 252 sessions ending at `date` (fewer when the history is shorter). */
  fiftyTwoWeekHigh: number;
  fiftyTwoWeekLow: number;
  /** Sessions the 52-week range covers. */
  rangeSessions: number;
  fiftyDayAverage?: number;
  twoHundredDayAverage?: number;
}

export function quoteFromBars(all: readonly Bar[], date: string): ClosingQuote | undefined {
  // The previous close is the previous NYSE session's, never a bar on an exchange holiday.
  const bars = sessionBars(all);
  const i = lastIndexOnOrBefore(bars, date);
  if (i < 0) return undefined;
  const bar = bars[i] as Bar;
  const window = bars.slice(Math.max(0, i - 251), i + 1).map((b) => b.close);
  const closes = bars.slice(0, i + 1).map((b) => b.close);
  const prevBar = i > 0 ? (bars[i - 1] as Bar) : undefined;
  const prev = prevBar?.close;
  const sma50 = smaLast(closes, 50);
  const sma200 = smaLast(closes, 200);
  return {
    date: bar.date,
    price: bar.close,
    fiftyTwoWeekHigh: Math.max(...window),
    fiftyTwoWeekLow: Math.min(...window),
    rangeSessions: window.length,
    ...(prev === undefined
      ? {}
      : {
          previousClose: prev,
          previousDate: (prevBar as Bar).date,
          change: bar.close - prev,
          changePercent: ((bar.close - prev) / prev) * 100,
        }),
    ...(sma50 === undefined ? {} : { fiftyDayAverage: sma50 }),
    ...(sma200 === undefined ? {} : { twoHundredDayAverage: sma200 }),
  };
}
