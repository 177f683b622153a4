/**
 * Field-level helpers shared by the closes reader and the holdings parser: header names compared
 * loosely, numbers with thousands separators, and dates with an optional time part.
 */
import { isIsoDate } from "../../core/market/time.ts";

/** "Adj Close", "adj_close" and "AdjClose" all become "adjclose"; "Weight (%)" becomes "weight". */
export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Index of the first header whose key is one of `keys`, or -1. */
export function findColumn(header: readonly string[], keys: readonly string[]): number {
  return header.findIndex((h) => keys.includes(headerKey(h)));
}

const PLAIN_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
// Thousands separators only in proper groups of three, so "1,2" is rejected rather than read as 12.
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

/** A decimal number, or undefined when the text is not one. Whitespace around it is ignored. */
export function parseDecimal(text: string): number | undefined {
  const t = text.trim();
  if (PLAIN_NUMBER.test(t)) return Number(t);
  if (GROUPED_NUMBER.test(t)) return Number(t.replaceAll(",", ""));
  return undefined;
}

/** Values a publisher writes for "no value". */
export function isMissingValue(text: string): boolean {
  const t = text.trim().toLowerCase();
  return t === "" || t === "null" || t === "nan" || t === "-" || t === "n/a";
}

/**
 * The YYYY-MM-DD date at the start of a date or timestamp ("2026-01-13", "2026-01-13 00:00:00",
 * "2026-01-13T00:00:00-05:00"): the date part is taken as written, since Yahoo writes each bar
 * with its own exchange's session date. Undefined when it does not start with a valid date.
 */
export function leadingIsoDate(text: string): string | undefined {
  const t = text.trim();
  const m = /^(\d{4}-\d{2}-\d{2})(?:$|[ T])/.exec(t);
  if (!m?.[1] || !isIsoDate(m[1])) return undefined;
  return m[1];
}
