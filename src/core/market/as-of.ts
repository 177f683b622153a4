/**
 * Which session a command evaluates: the --as-of date's close, the live session, or the last
 * close. Also the "as of" wording every reply carries.
 */
import { UserError } from "../errors.ts";
import type { MarketState } from "../ports.ts";
import {
  closureReason,
  isTradingDay,
  lastCompletedSession,
  marketState,
  previousTradingDay,
  sessionTimes,
} from "./calendar.ts";
import { formatDate, formatNyTime, formatShortDate, isIsoDate, nyDate } from "./time.ts";

export interface Evaluation {
  /** The session date (New York) figures are computed at. */
  date: string;
  /** True while that session is trading: the last "close" is a live price. */
  live: boolean;
  state: MarketState;
  /** Set when the requested date was moved, e.g. to the previous trading day. */
  note?: string;
}

export function evaluationDate(asOf: string | undefined, now: number): Evaluation {
  const today = nyDate(now);
  const state = marketState(now);
  if (asOf === undefined) {
    const session = sessionTimes(today);
    if (isTradingDay(today) && now >= session.open) return { date: today, live: now < session.close, state };
    return { date: lastCompletedSession(now), live: false, state };
  }
  if (!isIsoDate(asOf))
    throw new UserError("bad-as-of", "--as-of takes a date written YYYY-MM-DD.", "--as-of 2026-01-13");
  if (asOf > today)
    throw new UserError(
      "future-as-of",
      `${formatShortDate(asOf)} is in the future.`,
      `--as-of ${lastCompletedSession(now)}`,
    );
  if (asOf === today && isTradingDay(today) && now < sessionTimes(today).close)
    throw new UserError(
      "open-as-of",
      `Today's session has not closed yet; leave out --as-of for live figures.`,
      `--as-of ${previousTradingDay(today)}`,
    );
  if (!isTradingDay(asOf)) {
    const date = previousTradingDay(asOf);
    return {
      date,
      live: false,
      state: "closed",
      note: `${formatShortDate(asOf)} was not a trading day (${closureReason(asOf)}); using the close of ${formatDate(date)}.`,
    };
  }
  return { date: asOf, live: false, state: "closed" };
}

/** "as of close Tue 13 Jan 2026" or "live at 11:32 New York, Tue 13 Jan 2026". */
export function asOfLabel(date: string, live: boolean, fetchedAt?: number): string {
  if (live && fetchedAt !== undefined)
    return `live at ${formatNyTime(fetchedAt)} New York, ${formatDate(date)}`;
  return `as of close ${formatDate(date)}`;
}

/** "2 h 5 min", "3 min", "4 days". */
export function formatAge(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "less than a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}
