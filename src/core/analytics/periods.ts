/**
 * Periods as the analytics guide defines them: session counts (1d, 5d, 1m = 21, 3m = 63,
 * 6m = 126, 1y = 252), calendar periods (ytd, mtd, qtd) and an explicit from..to range.
 */
import { UserError } from "../errors.ts";
import { isTradingDay, previousTradingDay } from "../market/calendar.ts";
import { addDays, formatShortDate, isIsoDate } from "../market/time.ts";
import { quoteUserText } from "../text.ts";

export type Period =
  | { kind: "sessions"; code: "1d" | "5d" | "1m" | "3m" | "6m" | "1y"; sessions: number }
  | { kind: "calendar"; code: "ytd" | "mtd" | "qtd" }
  | { kind: "range"; code: "range"; from: string; to: string };

const SESSIONS = { "1d": 1, "5d": 5, "1m": 21, "3m": 63, "6m": 126, "1y": 252 } as const;

export const PERIOD_CODES = ["1d", "5d", "1m", "3m", "6m", "ytd", "1y", "mtd", "qtd"] as const;

export const PERIOD_HELP = "1d 5d 1m 3m 6m ytd 1y mtd qtd, or a range like 2026-01-02..2026-01-13";

/** Oldest date we accept in a range: before this, index data is too thin to be meaningful. */
const EARLIEST = "1990-01-01";

/**
 * Parses a period word or range. `example` starts every hint, e.g. "/rotation" or "/compare IWM SPY",
 * so the user is told what to type for the command they used.
 */
export function parsePeriod(text: string, today: string, example = "/rotation"): Period {
  const word = text.trim().toLowerCase();
  if (word in SESSIONS) {
    const code = word as keyof typeof SESSIONS;
    return { kind: "sessions", code, sessions: SESSIONS[code] };
  }
  if (word === "ytd" || word === "mtd" || word === "qtd") return { kind: "calendar", code: word };
  const range = /^(\S+?)(?:\.\.|\s+to\s+)(\S+)$/.exec(word);
  if (range) {
    const [, from = "", to = ""] = range;
    if (!isIsoDate(from) || !isIsoDate(to))
      throw new UserError(
        "bad-range",
        "A range needs two dates written YYYY-MM-DD, joined by two dots.",
        `${example} 2026-01-02..2026-01-13`,
      );
    if (from > to)
      throw new UserError("bad-range", "The range starts after it ends.", `${example} ${to}..${from}`);
    if (from < EARLIEST)
      throw new UserError("bad-range", `Ranges start on ${EARLIEST} at the earliest.`, `${example} ytd`);
    if (from > today)
      throw new UserError(
        "bad-range",
        `The range starts in the future (today is ${formatShortDate(today)}).`,
        `${example} ytd`,
      );
    return { kind: "range", code: "range", from, to: to > today ? today : to };
  }
  const shown = quoteUserText(text, 16);
  throw new UserError(
    "bad-period",
    `${shown ? `"${shown}" is not` : "That is not"} a period I know. Periods: ${PERIOD_HELP}.`,
    `${example} ytd`,
  );
}

/** Human label: "YTD", "1 month (21 sessions)", "2 Jan 2026 to 13 Jan 2026". */
export function periodLabel(period: Period): string {
  switch (period.kind) {
    case "sessions":
      return period.sessions === 1 ? "1 day" : `${period.code} (${period.sessions} sessions)`;
    case "calendar":
      return period.code.toUpperCase();
    case "range":
      return `${formatShortDate(period.from)} to ${formatShortDate(period.to)}`;
  }
}

/** First calendar date inside a calendar period or range; undefined for session counts. */
export function periodStart(period: Period, end: string): string | undefined {
  const [y, m] = end.split("-").map(Number) as [number, number];
  switch (period.kind) {
    case "sessions":
      return undefined;
    case "range":
      return period.from;
    case "calendar":
      if (period.code === "ytd") return `${y}-01-01`;
      if (period.code === "mtd") return `${y}-${String(m).padStart(2, "0")}-01`;
      return `${y}-${String(Math.floor((m - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
  }
}

/** The session a date belongs to: itself on a trading day, else the NYSE session before it. */
export function sessionOnOrBefore(date: string): string {
  return isTradingDay(date) ? date : previousTradingDay(date);
}

/**
 * The end date of a period evaluated at `asOf`: a range may end earlier, and one ending on a
 * weekend or holiday ends at the session before (its close is the last one in the range).
 */
export function periodEnd(period: Period, asOf: string): string {
  return period.kind === "range" && period.to < asOf ? sessionOnOrBefore(period.to) : asOf;
}

/**
 * Calendar window of daily bars to fetch so the period's base close and `extraSessions` more
 * sessions before the end (e.g. for a 50-session average) are included, with holiday slack.
 */
export function fetchWindow(period: Period, end: string, extraSessions = 0): { from: string; to: string } {
  const start = periodStart(period, end);
  const sessions = Math.max(period.kind === "sessions" ? period.sessions : 0, extraSessions);
  // Walk back that many NYSE sessions (holidays included: a year of 252 sessions spans ~366 days),
  // then 10 more days for instruments with other holidays (bond market) or a missing bar.
  let first = end;
  for (let i = 0; i < sessions; i++) first = previousTradingDay(first);
  const bySessions = addDays(first, -10);
  const byStart = start ? addDays(start, -10) : bySessions;
  // biome-ignore lint/complexity/useMathMinMax: these are ISO date strings, not numbers.
  return { from: byStart < bySessions ? byStart : bySessions, to: end };
}
