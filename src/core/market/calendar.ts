/**
 * The NYSE calendar from its published rules: regular hours 09:30-16:00 New York, holidays with
 * their weekend observance, early closes at 13:00, and the extraordinary closures since 2001.
 */

import type { MarketState } from "../ports.ts";
import { addDays, nyDate, nyWallTime, weekday, zonedParts } from "./time.ts";

const OPEN_MIN = 9 * 60 + 30;
const CLOSE_MIN = 16 * 60;
const EARLY_CLOSE_MIN = 13 * 60;
const PRE_MARKET_MIN = 4 * 60;
const AFTER_HOURS_END_MIN = 20 * 60;

/** Closures not given by the yearly rules (national days of mourning, weather, 9/11). */
const SPECIAL_CLOSURES = new Set([
  "2001-09-11",
  "2001-09-12",
  "2001-09-13",
  "2001-09-14",
  "2004-06-11",
  "2007-01-02",
  "2012-10-29",
  "2012-10-30",
  "2018-12-05",
  "2025-01-09",
]);

function iso(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/** The nth (1-based) weekday `dow` of a month; n = -1 for the last. */
function nthWeekday(y: number, m: number, dow: number, n: number): string {
  if (n > 0) {
    const first = weekday(iso(y, m, 1));
    return iso(y, m, 1 + ((dow - first + 7) % 7) + (n - 1) * 7);
  }
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const last = weekday(iso(y, m, lastDay));
  return iso(y, m, lastDay - ((last - dow + 7) % 7));
}

/** Saturday holidays move to Friday, Sunday ones to Monday. */
function observed(date: string): string {
  const dow = weekday(date);
  if (dow === 6) return addDays(date, -1);
  if (dow === 0) return addDays(date, 1);
  return date;
}

/** Gregorian Easter Sunday (anonymous algorithm). */
function easter(y: number): string {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(y, month, day);
}

const holidayCache = new Map<number, Map<string, string>>();

/** NYSE full-day holidays of a year, date -> name. */
export function holidays(year: number): Map<string, string> {
  const cached = holidayCache.get(year);
  if (cached) return cached;
  const out = new Map<string, string>();
  const newYear = iso(year, 1, 1);
  // A Saturday New Year's Day is not observed on the Friday before (NYSE rule 7.2).
  if (weekday(newYear) !== 6) out.set(observed(newYear), "New Year's Day");
  out.set(nthWeekday(year, 1, 1, 3), "Martin Luther King Jr. Day");
  out.set(nthWeekday(year, 2, 1, 3), "Washington's Birthday");
  out.set(addDays(easter(year), -2), "Good Friday");
  out.set(nthWeekday(year, 5, 1, -1), "Memorial Day");
  if (year >= 2022) out.set(observed(iso(year, 6, 19)), "Juneteenth");
  out.set(observed(iso(year, 7, 4)), "Independence Day");
  out.set(nthWeekday(year, 9, 1, 1), "Labor Day");
  out.set(nthWeekday(year, 11, 4, 4), "Thanksgiving Day");
  out.set(observed(iso(year, 12, 25)), "Christmas Day");
  holidayCache.set(year, out);
  return out;
}

/** Why the market is closed on a weekday, or undefined when it trades. */
export function closureReason(date: string): string | undefined {
  const dow = weekday(date);
  if (dow === 0 || dow === 6) return "weekend";
  if (SPECIAL_CLOSURES.has(date)) return "special closure";
  const year = Number(date.slice(0, 4));
  return holidays(year).get(date);
}

export function isTradingDay(date: string): boolean {
  return closureReason(date) === undefined;
}

/** 13:00 closes: July 3 (Mon-Thu), the day after Thanksgiving, Christmas Eve (Mon-Thu). */
export function isEarlyClose(date: string): boolean {
  if (!isTradingDay(date)) return false;
  const year = Number(date.slice(0, 4));
  const dow = weekday(date);
  if (date === iso(year, 7, 3) && dow >= 1 && dow <= 4) return true;
  if (date === iso(year, 12, 24) && dow >= 1 && dow <= 4) return true;
  return date === addDays(nthWeekday(year, 11, 4, 4), 1);
}

/** Minutes after midnight New York at which the session closes. */
export function closeMinutes(date: string): number {
  return isEarlyClose(date) ? EARLY_CLOSE_MIN : CLOSE_MIN;
}

export function nextTradingDay(date: string): string {
  let d = addDays(date, 1);
  while (!isTradingDay(d)) d = addDays(d, 1);
  return d;
}

export function previousTradingDay(date: string): string {
  let d = addDays(date, -1);
  while (!isTradingDay(d)) d = addDays(d, -1);
  return d;
}

/** The session open and close instants of a trading day. */
export function sessionTimes(date: string): { open: number; close: number } {
  return { open: nyWallTime(date, OPEN_MIN), close: nyWallTime(date, closeMinutes(date)) };
}

export function marketState(epochMs: number): MarketState {
  const { date, minutes } = zonedParts(epochMs);
  if (!isTradingDay(date)) return "closed";
  const close = closeMinutes(date);
  if (minutes < PRE_MARKET_MIN) return "closed";
  if (minutes < OPEN_MIN) return "pre-market";
  if (minutes < close) return "open";
  // After-hours trading ends four hours after the close (20:00, or 17:00 on early-close days).
  if (minutes < Math.min(AFTER_HOURS_END_MIN, close + 4 * 60)) return "after-hours";
  return "closed";
}

/** The last session whose close has happened at this instant. */
export function lastCompletedSession(epochMs: number): string {
  const { date, minutes } = zonedParts(epochMs);
  if (isTradingDay(date) && minutes >= closeMinutes(date)) return date;
  return previousTradingDay(date);
}

/** The session a live quote belongs to: today while it trades, else the last completed one. */
export function currentOrLastSession(epochMs: number): string {
  const { date, minutes } = zonedParts(epochMs);
  if (isTradingDay(date) && minutes >= OPEN_MIN) return date;
  return lastCompletedSession(epochMs);
}

/** The next instant at which the session opens, strictly after `epochMs`. */
export function nextOpen(epochMs: number): number {
  const today = nyDate(epochMs);
  if (isTradingDay(today)) {
    const open = sessionTimes(today).open;
    if (open > epochMs) return open;
  }
  return sessionTimes(nextTradingDay(today)).open;
}

/** The next instant at which a session closes, strictly after `epochMs`. */
export function nextClose(epochMs: number): number {
  const today = nyDate(epochMs);
  if (isTradingDay(today)) {
    const close = sessionTimes(today).close;
    if (close > epochMs) return close;
  }
  return sessionTimes(nextTradingDay(today)).close;
}
