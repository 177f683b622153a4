/**
 * /rotation's History section: the long closes fetched once per symbol (cached with /record's), the
 * figures of rotationHistory, and their table, CSV and data. A history that cannot be had says why
 * in the section; the rest of /rotation still answers.
 */

import { LINE_AVERAGE_SESSIONS } from "../../core/analytics/history/line-position.ts";
import { fetchLongHistories, HISTORY_FROM } from "../../core/analytics/history/long-closes.ts";
import { percentileOrdinal } from "../../core/analytics/history/percentile.ts";
import { type RotationHistory, rotationHistory } from "../../core/analytics/history/rotation-history.ts";
import { YEAR_SESSIONS } from "../../core/analytics/history/streak.ts";
import type { CommandContext } from "../../core/command.ts";
import {
  BadDataError,
  DataUnavailableError,
  errorMessage,
  SymbolNotFoundError,
  userTextOf,
} from "../../core/errors.ts";
import { describeMissing, type Missing, type SeriesSet } from "../../core/fetch-series.ts";
import { bp, count, counted, num, pct, roundHalfAway } from "../../core/format.ts";
import { formatShortDate } from "../../core/market/time.ts";
import type { Block, CsvCell } from "../../core/reply.ts";

export const HISTORY_SYMBOLS = ["^RUT", "^GSPC", "IWM", "SPY"] as const;
/** "The highest since" is said when the last window at least as extreme is this many back (about a month). */
const SINCE_WORTH_SAYING = 21;

export interface RotationHistoryResult {
  history?: RotationHistory;
  /** Why there is no history at all (the long closes could not be fetched). */
  unavailable?: string;
  missing: Missing[];
}

/** The long closes, or why they could not be had (never a failure of the command). */
export interface LongCloses {
  set?: SeriesSet;
  unavailable?: string;
}

/**
 * The long closes up to `to` (the evaluation session: the request /record makes, so one cache
 * entry per symbol serves both until the next session, and later periods' windows are slices of
 * it), for the symbols among `available` (those the source priced for the period).
 */
export async function loadLongHistories(
  ctx: CommandContext,
  to: string,
  available: readonly string[],
): Promise<LongCloses> {
  const symbols = HISTORY_SYMBOLS.filter((s) => available.includes(s));
  if (symbols.length === 0) return { unavailable: "none of ^RUT, ^GSPC, IWM and SPY could be priced" };
  try {
    return { set: await fetchLongHistories(ctx.market, symbols, to) };
  } catch (err) {
    if (err instanceof DataUnavailableError || err instanceof BadDataError) {
      ctx.logger.info({ err: errorMessage(err) }, "rotation without history");
      return { unavailable: userTextOf(err) };
    }
    if (err instanceof SymbolNotFoundError) return { unavailable: "the long closes were not found" };
    throw err;
  }
}

/** The history of the RUT-SPX window `window` (nothing after its end is read). */
export function rotationHistoryOf(
  long: LongCloses,
  window: { baseDate: string; endDate: string },
): RotationHistoryResult {
  if (!long.set) return { unavailable: long.unavailable ?? "no long closes", missing: [] };
  return { history: rotationHistory(long.set.series, window), missing: long.set.missing };
}

/** The History table, or a line saying why there is none. */
export function historyBlocks(r: RotationHistoryResult): Block[] {
  const h = r.history;
  if (!h || (!h.spread && !h.streak && !h.line))
    return [
      {
        type: "text",
        text: `History: unavailable (${r.unavailable ?? h?.spreadWhy ?? (r.missing.length ? describeMissing(r.missing) : "no long closes")}).`,
      },
    ];
  const rows: string[][] = [];
  const s = h.spread;
  if (s) rows.push([`RUT-SPX, ${counted(s.sessions, "session")}`, bp(spreadBpOf(s.current)), spreadText(s)]);
  else rows.push(["RUT-SPX percentile", "n/a", h.spreadWhy ?? "no long history"]);
  if (h.streak) rows.push(["Streak", ...streakCells(h.streak)]);
  if (h.line) rows.push(["IWM/SPY ratio", num(h.line.value, 4), lineText(h.line)]);
  else rows.push(["IWM/SPY ratio", "n/a", h.lineWhy ?? "no long history"]);
  const blocks: Block[] = [
    {
      type: "table",
      // Short and fixed: it names the CSV file too. The data's first date is in the rows.
      caption: "History, not a forecast",
      columns: ["Figure", "Now", "In its history"],
      align: ["left", "right", "left"],
      rows,
      csv: {
        name: "history",
        columns: ["figure", "value"],
        rows: csvRows(h),
        note: "one figure a row; fractions unrounded (0.0512 = 5.12%), dates ISO",
      },
    },
  ];
  if (r.missing.length > 0)
    blocks.push({ type: "text", text: `History missing: ${describeMissing(r.missing)}.` });
  return blocks;
}

const spreadBpOf = (fraction: number) => roundHalfAway(fraction * 10_000);

/** "97th percentile of 9,650 8-session spreads since 10 Sep 1987 (ties counted half); the highest since 3 Mar 2021" */
function spreadText(s: NonNullable<RotationHistory["spread"]>): string {
  const base = `${percentileOrdinal(s.rank)} percentile of ${count(s.count)} ${s.sessions}-session spreads since ${formatShortDate(s.firstDate)} (ties counted half)`;
  const word = s.side === "high" ? "highest" : "lowest";
  if (!s.since) return `${base}; the ${word} of them all`;
  if (s.since.windowsAgo < SINCE_WORTH_SAYING) return base;
  return `${base}; the ${word} since ${formatShortDate(s.since.date)}`;
}

function streakCells(st: NonNullable<RotationHistory["streak"]>): [string, string] {
  const year =
    st.rut.yearReturns >= YEAR_SESSIONS
      ? "the last year"
      : `the last ${counted(st.rut.yearReturns, "session")}`;
  const longest = `longest in ${year}: RUT ${st.rut.longestInYear}, SPX ${st.spx.longestInYear}`;
  if (st.rut.current > 0) return [`RUT beat SPX ${counted(st.rut.current, "session")} in a row`, longest];
  if (st.spx.current > 0) return [`SPX beat RUT ${counted(st.spx.current, "session")} in a row`, longest];
  return [`RUT and SPX level on ${formatShortDate(st.rut.endDate)}`, longest];
}

function lineText(l: NonNullable<RotationHistory["line"]>): string {
  const span = l.rangeSessions >= YEAR_SESSIONS ? "52-week" : `${l.rangeSessions}-session`;
  const where =
    l.inRange === undefined
      ? `flat over its ${span} range`
      : `${Math.round(l.inRange * 100)}% of its ${span} range (${num(l.rangeLow, 4)} to ${num(l.rangeHigh, 4)})`;
  const avg =
    l.vsAverage === undefined || l.average === undefined
      ? `fewer than ${LINE_AVERAGE_SESSIONS} sessions for its average`
      : `${pct(l.vsAverage)} vs its ${LINE_AVERAGE_SESSIONS}-session average ${num(l.average, 4)}`;
  return `${where}; ${avg}`;
}

function csvRows(h: RotationHistory): CsvCell[][] {
  const rows: [string, CsvCell][] = [];
  const s = h.spread;
  if (s)
    rows.push(
      ["rut_spx_window_sessions", s.sessions],
      ["rut_spx_spread_fraction", s.current],
      ["rut_spx_end_date", s.endDate],
      ["percentile_rank_fraction", s.rank],
      ["windows_below", s.below],
      ["windows_equal", s.equal],
      ["windows_count", s.count],
      ["first_date", s.firstDate],
      ["first_window_end_date", s.firstWindowEnd],
      ["side", s.side],
      ["since_date", s.since?.date ?? null],
      ["since_windows_ago", s.since?.windowsAgo ?? null],
    );
  if (h.streak)
    rows.push(
      ["rut_streak_sessions", h.streak.rut.current],
      ["spx_streak_sessions", h.streak.spx.current],
      ["rut_longest_in_year", h.streak.rut.longestInYear],
      ["spx_longest_in_year", h.streak.spx.longestInYear],
      ["streak_year_returns", h.streak.rut.yearReturns],
    );
  const l = h.line;
  if (l)
    rows.push(
      ["line_end_date", l.endDate],
      ["line_value", l.value],
      ["line_range_low", l.rangeLow],
      ["line_range_high", l.rangeHigh],
      ["line_range_sessions", l.rangeSessions],
      ["line_in_range_fraction", l.inRange ?? null],
      ["line_average_200", l.average ?? null],
      ["line_vs_average_fraction", l.vsAverage ?? null],
    );
  return rows;
}

/** Every history figure at full precision, for --json. */
export function historyData(r: RotationHistoryResult): Record<string, unknown> {
  const h = r.history;
  return {
    requestedFrom: HISTORY_FROM,
    unavailable: r.unavailable ?? null,
    missing: r.missing,
    spread: h?.spread ? { ...h.spread, since: h.spread.since ?? null } : null,
    spreadWhy: h?.spreadWhy ?? null,
    streak: h?.streak ?? null,
    line: h?.line ?? null,
    lineWhy: h?.lineWhy ?? null,
  };
}
