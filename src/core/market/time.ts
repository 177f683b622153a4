/**
 * New York wall-clock time from epoch ms and back, on Intl alone. Every date the bot shows is a
 * New York date, whatever the server's time zone.
 */
import { localParts, zonedWallTime } from "./zone.ts";

export const NEW_YORK = "America/New_York";

export interface ZonedParts {
  /** YYYY-MM-DD */
  date: string;
  /** Minutes since local midnight. */
  minutes: number;
}

/** New York date and minutes of an instant. */
export function zonedParts(epochMs: number): ZonedParts {
  return localParts(epochMs, NEW_YORK);
}

/** The New York date (YYYY-MM-DD) of an instant. */
export function nyDate(epochMs: number): string {
  return zonedParts(epochMs).date;
}

/** The instant at which New York wall-clock reads `date` at `minutes` past midnight. */
export function nyWallTime(date: string, minutes: number): number {
  return zonedWallTime(date, minutes, NEW_YORK);
}

/** Day of week of a YYYY-MM-DD date: 0 = Sunday. */
export function weekday(date: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const [y, m, d] = text.split("-").map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Tue 13 Jan 2026" */
export function formatDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return `${WEEKDAYS[weekday(date)]} ${d} ${MONTHS[m - 1]} ${y}`;
}

/** "13 Jan 2026" */
export function formatShortDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** "14:05" New York time of an instant. */
export function formatNyTime(epochMs: number): string {
  const p = zonedParts(epochMs);
  const h = Math.floor(p.minutes / 60);
  const m = p.minutes % 60;
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`;
}
