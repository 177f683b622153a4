/**
 * The market figures of a brief, as at the close of one session: rotation spreads over 1d, 5d and
 * YTD, the IWM/SPY line against its average, the sector ETFs' day, rates and volatility, and the
 * spread and record events. Reuses the analytics the single commands use (rotationFigures,
 * periodReturn, levelChange, recordFigures), so every figure matches /rotation, /sectors, /macro
 * and /record for the same session.
 */

import { rankingWindow, rankOnWindow, returnBetween } from "../analytics/common-window.ts";
import { differenceSeries, type LevelChange, levelChange } from "../analytics/levels.ts";
import type { Period } from "../analytics/periods.ts";
import { RECORD_MIN_SESSIONS } from "../analytics/events.ts";
import { recordFigures } from "../analytics/records.ts";
import { type PeriodReturn, periodReturn } from "../analytics/returns.ts";
import { alignedCloses } from "../analytics/history/aligned.ts";
import { type SpreadPercentile, spreadPercentile } from "../analytics/history/rotation-history.ts";
import { type RotationFigures, rotationFigures, SPREADS } from "../analytics/rotation.ts";
import { fetchHistories, type Missing } from "../fetch-series.ts";
import { spreadBp } from "../format.ts";
import { previousTradingDay } from "../market/calendar.ts";
import { SECTOR_ETFS } from "../market/instruments.ts";
import { addDays, formatShortDate } from "../market/time.ts";
import type { Bar, DailySeries, MarketData } from "../ports.ts";
import {
  type LineReading,
  lineCross,
  lineReadings,
  rollingSpreads,
  YEAR_RANGE_SESSIONS,
  type YearExtreme,
  yearExtreme,
} from "./events.ts";

export const BRIEF_PERIODS: readonly Period[] = [
  { kind: "sessions", code: "1d", sessions: 1 },
  { kind: "sessions", code: "5d", sessions: 5 },
  { kind: "calendar", code: "ytd" },
];

export const INDEX_SYMBOLS = ["^RUT", "^GSPC", "^NDX", "IWM", "SPY", "RSP"] as const;
/** /sectors' list without IWM and RSP, which the rotation part already covers. */
export const BRIEF_SECTORS = SECTOR_ETFS.filter((e) => e.symbol !== "IWM" && e.symbol !== "RSP");
export const RATE_SYMBOLS = ["^IRX", "^TNX"] as const;
export const VOL_SYMBOLS = ["^VIX", "^RVX"] as const;
/** Where the record close looks from: everything the source has. */
export const RECORD_FROM = "1980-01-01";
/** The RUT-SPX spread whose place in all the data is checked (about a month of sessions). */
export const HISTORY_SPREAD_SESSIONS = 21;
/** Rolling spreads whose one-year extremes are checked. */
export const EXTREME_SESSIONS = [1, 5] as const;

export interface SectorDay {
  symbol: string;
  name: string;
  ret: PeriodReturn;
  /** Return minus SPY's, bp. */
  vsSpyBp?: number;
}

export interface SpreadExtreme extends YearExtreme {
  key: string;
  label: string;
  sessions: number;
}

export interface MarketFigures {
  session: string;
  rotation: { period: Period; figures: RotationFigures }[];
  line: { latest?: LineReading; previous?: LineReading; cross?: "up" | "down" };
  /** Best first, all over one window (normally the previous NYSE session to the session). */
  sectors: SectorDay[];
  /** Sector ETFs left out of that ranking, with the reason (a missing close). */
  sectorsUnranked: Missing[];
  levels: Record<string, LevelChange>;
  slope?: LevelChange;
  record?: { close: number; previousRecord?: { date: string; value: number }; since: string };
  /**
   * The Russell 2000 closed above every earlier close, but the data holds fewer than 252 sessions
   * (the Events definition's minimum), so no record is claimed; the brief says so.
   */
  recordShort?: { close: number; since: string; sessions: number };
  extremes: SpreadExtreme[];
  /** The 21-session RUT-SPX spread among every 21-session window since the data begins. */
  spreadHistory?: SpreadPercentile;
  /** Pairs with fewer than 252 sessions of spreads: their extremes were not assessed. */
  extremesShort: string[];
  series: Map<string, DailySeries>;
  missing: Missing[];
  fetchedAt: number;
  staleAgeMs?: number;
}

/**
 * The calendar window holding a year of n-session spreads before `session`: 258 sessions are
 * about 375 calendar days once the year's nine or ten holidays are counted, so a month of slack.
 */
export function briefWindow(session: string): { from: string; to: string } {
  const sessions = YEAR_RANGE_SESSIONS + Math.max(...EXTREME_SESSIONS) + 1;
  return { from: addDays(session, -Math.ceil((sessions * 7) / 5) - 31), to: session };
}

/**
 * Keeps the series that have a close on `session`; the others (a source that has not published
 * that close yet, a folder of closes that ends earlier) are named, never read as the session's.
 */
export function onSession(
  all: ReadonlyMap<string, DailySeries>,
  session: string,
): { series: Map<string, DailySeries>; lagging: Missing[] } {
  const series = new Map<string, DailySeries>();
  const lagging: Missing[] = [];
  for (const [symbol, s] of all) {
    const last = s.bars.findLast((b) => b.date <= session);
    if (last?.date === session) series.set(symbol, s);
    else
      lagging.push({
        symbol,
        reason: `no close on ${formatShortDate(session)}${last ? `; the latest is ${formatShortDate(last.date)}` : ""}`,
      });
  }
  return { series, lagging };
}

export async function marketFigures(market: MarketData, session: string): Promise<MarketFigures> {
  const window = briefWindow(session);
  const ytdFrom = addDays(`${session.slice(0, 4)}-01-01`, -10);
  const others = [
    ...INDEX_SYMBOLS.filter((s) => s !== "^RUT" && s !== "^GSPC"),
    ...BRIEF_SECTORS.map((s) => s.symbol),
    ...RATE_SYMBOLS,
    ...VOL_SYMBOLS,
  ];
  const [rut, rest] = await Promise.all([
    // Everything the source has: the record close, and the spread's place in all the data.
    fetchHistories(market, ["^RUT", "^GSPC"], { from: RECORD_FROM, to: session }),
    // The earlier of the two dates (ISO dates sort as text).
    fetchHistories(market, others, { from: [ytdFrom, window.from].sort()[0] as string, to: session }),
  ]);
  const { series, lagging } = onSession(new Map([...rut.series, ...rest.series]), session);
  const bars = (s: string): Bar[] => series.get(s)?.bars ?? [];
  const rotation = BRIEF_PERIODS.map((period) => ({
    period,
    figures: rotationFigures(series, period, session),
  }));
  const readings = lineReadings(bars("IWM"), bars("SPY"), session);
  const cross = lineCross(readings);
  const day = BRIEF_PERIODS[0] as Period;
  const own: { etf: (typeof BRIEF_SECTORS)[number]; ret: PeriodReturn }[] = [];
  for (const etf of BRIEF_SECTORS) {
    const ret = periodReturn(bars(etf.symbol), day, session);
    if (ret && ret.endDate === session) own.push({ etf, ret });
  }
  // Leaders and laggards over one window, and each spread to SPY over that row's own dates.
  const sectorWindow = rankingWindow(own.map((o) => o.ret));
  const sectors: SectorDay[] = [];
  const sectorsUnranked: Missing[] = [];
  for (const { etf, ret } of own) {
    const on = sectorWindow && rankOnWindow(bars(etf.symbol), ret, sectorWindow);
    if (!on || "reason" in on) {
      sectorsUnranked.push({ symbol: etf.symbol, reason: on?.reason ?? "no window" });
      continue;
    }
    const spy = returnBetween(bars("SPY"), on.ret);
    sectors.push({ ...etf, ret: on.ret, ...(spy ? { vsSpyBp: spreadBp(on.ret.value, spy.value) } : {}) });
  }
  sectors.sort((a, b) => b.ret.value - a.ret.value);
  const levels: Record<string, LevelChange> = {};
  for (const s of [...RATE_SYMBOLS, ...VOL_SYMBOLS]) {
    const c = levelChange(bars(s), day, session);
    if (c) levels[s] = c;
  }
  const slope = levelChange(differenceSeries(bars("^TNX"), bars("^IRX")), day, session);
  const extremes: SpreadExtreme[] = [];
  const extremesShort: string[] = [];
  for (const pair of SPREADS) {
    for (const n of EXTREME_SESSIONS) {
      const { extreme, short } = yearExtreme(rollingSpreads(bars(pair.a), bars(pair.b), n, session), session);
      if (extreme) extremes.push({ ...extreme, key: pair.key, label: pair.label, sessions: n });
      if (short && series.has(pair.a) && series.has(pair.b)) extremesShort.push(`${pair.key} ${n}d`);
    }
  }
  const spreadHistory = historyOfSpread(bars("^RUT"), bars("^GSPC"), session);
  return {
    session,
    rotation,
    line: { ...readings, ...(cross ? { cross } : {}) },
    sectors,
    sectorsUnranked,
    levels,
    ...(slope ? { slope } : {}),
    ...recordOf(bars("^RUT"), session),
    extremes,
    ...(spreadHistory ? { spreadHistory } : {}),
    extremesShort,
    series,
    missing: [...rut.missing, ...rest.missing, ...lagging],
    fetchedAt: Math.max(rut.fetchedAt, rest.fetchedAt),
    ...staleOf(rut.staleAgeMs, rest.staleAgeMs),
  };
}

/** The 21-session RUT-SPX spread ranked in all the data, when both have the session's close. */
function historyOfSpread(
  rut: readonly Bar[],
  spx: readonly Bar[],
  session: string,
): SpreadPercentile | undefined {
  const closes = alignedCloses(rut, spx, session);
  if (closes.dates.at(-1) !== session) return undefined;
  return spreadPercentile(closes, HISTORY_SPREAD_SESSIONS);
}

/**
 * The Russell 2000's record close, when the session set one: above every earlier close, with at
 * least RECORD_MIN_SESSIONS sessions of data behind it (ANALYTICS.md, Events); a highest close
 * over less data is reported as such, not as a record.
 */
export function recordOf(
  bars: readonly Bar[],
  session: string,
): Pick<MarketFigures, "record" | "recordShort"> {
  const f = recordFigures(bars, session);
  if (!f?.isNewRecord || f.latest.date !== session) return {};
  const sessions = bars.filter((b) => b.date <= session).length;
  if (sessions < RECORD_MIN_SESSIONS)
    return { recordShort: { close: f.latest.value, since: f.firstDate, sessions } };
  const before = recordFigures(bars, previousTradingDay(session));
  return {
    record: {
      close: f.latest.value,
      since: f.firstDate,
      ...(before ? { previousRecord: before.record } : {}),
    },
  };
}

function staleOf(a: number | undefined, b: number | undefined): { staleAgeMs?: number } {
  if (a === undefined && b === undefined) return {};
  return { staleAgeMs: Math.max(a ?? 0, b ?? 0) };
}
