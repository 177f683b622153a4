/**
 * Yahoo's shapes to ours. Bars: New York session dates, rows without a close dropped, ascending,
 * one per date. Quotes: each checked on its own, so one odd listing cannot sink a batch of 50.
 */
import { BadDataError } from "../../core/errors.ts";
import { nyDate } from "../../core/market/time.ts";
import type { Bar, MarketState, Quote } from "../../core/ports.ts";
import { SOURCE, WRONG_SHAPE } from "./errors.ts";

/** The part of chart()'s "object" result we read. */
export interface ChartObject {
  timestamp?: number[];
  indicators: {
    quote: { open?: unknown[]; high?: unknown[]; low?: unknown[]; close?: unknown[]; volume?: unknown[] }[];
    adjclose?: { adjclose?: unknown[] }[];
  };
}

/**
 * The New York date of a bar stamp (epoch seconds). New York is UTC-5 or UTC-4, so outside the
 * one UTC hour 04:00-05:00 the date follows from the UTC clock alone; only that hour needs the
 * time-zone rules. Five times faster than asking Intl for every one of 500,000 bars.
 */
export function sessionDate(stampSec: number): string {
  const hour = Math.floor((stampSec % 86_400) / 3_600);
  if (stampSec < 0 || hour === 4) return nyDate(stampSec * 1000);
  const shift = hour < 4 ? 86_400_000 : 0;
  return new Date(stampSec * 1000 - shift).toISOString().slice(0, 10);
}

function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Bars with from <= date <= to (YYYY-MM-DD, New York). `chart` is checked: it comes off the wire. */
export function barsFromChart(chart: ChartObject, from: string, to: string, symbol?: string): Bar[] {
  const wrong = (why: string) =>
    new BadDataError(SOURCE, why, { userText: WRONG_SHAPE, ...(symbol === undefined ? {} : { symbol }) });
  if (!chart || typeof chart !== "object") throw wrong("chart() answered no object");
  const stamps = chart.timestamp ?? [];
  if (!Array.isArray(stamps)) throw wrong("chart timestamps are not a list");
  const quotes = (chart.indicators as ChartObject["indicators"] | undefined)?.quote;
  if (stamps.length === 0 && (quotes === undefined || Array.isArray(quotes))) return [];
  if (!Array.isArray(quotes)) throw wrong("chart has no indicators.quote list");
  const q = quotes[0];
  if (!q || !Array.isArray(q.close) || q.close.length !== stamps.length)
    throw wrong("chart timestamps and closes do not line up");
  const adj = chart.indicators.adjclose?.[0]?.adjclose;
  const byDate = new Map<string, Bar>();
  for (let i = 0; i < stamps.length; i++) {
    const close = num(q.close[i]);
    const stamp = stamps[i];
    if (close === undefined || typeof stamp !== "number") continue;
    const date = sessionDate(stamp);
    if (date < from || date > to) continue;
    const bar: Bar = { date, close };
    const adjClose = num(adj?.[i]);
    const open = num(q.open?.[i]);
    const high = num(q.high?.[i]);
    const low = num(q.low?.[i]);
    const volume = num(q.volume?.[i]);
    if (adjClose !== undefined) bar.adjClose = adjClose;
    if (open !== undefined) bar.open = open;
    if (high !== undefined) bar.high = high;
    if (low !== undefined) bar.low = low;
    if (volume !== undefined) bar.volume = volume;
    // Yahoo sometimes sends the live session twice (open stamp and latest stamp): keep the later.
    byDate.set(date, bar);
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const STATES: Record<string, MarketState> = {
  PRE: "pre-market",
  PREPRE: "pre-market",
  REGULAR: "open",
  POST: "after-hours",
  POSTPOST: "after-hours",
  CLOSED: "closed",
};

/** Epoch ms from the library's coerced Date, or from raw epoch seconds / ms. */
function epochMs(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  const n = num(value);
  if (n === undefined || n <= 0) return undefined;
  return n < 1e11 ? n * 1000 : n;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** One of Yahoo's quote objects as our Quote, or why it cannot be used. */
export function quoteFromYahoo(raw: unknown): { quote: Quote } | { reason: string } {
  if (!raw || typeof raw !== "object") return { reason: "malformed quote" };
  const r = raw as Record<string, unknown>;
  const symbol = text(r.symbol);
  if (!symbol) return { reason: "malformed quote" };
  const price = num(r.regularMarketPrice);
  if (price === undefined) return { reason: `${SOURCE} has no price for it` };
  const time = epochMs(r.regularMarketTime);
  // Without a time we cannot tell a live price from last week's close: not usable.
  if (time === undefined) return { reason: `${SOURCE} gave no time for its price` };
  const quote: Quote = { symbol, price, time };
  const name = text(r.shortName) ?? text(r.longName);
  const currency = text(r.currency);
  const state = typeof r.marketState === "string" ? STATES[r.marketState] : undefined;
  if (name) quote.name = name;
  if (currency) quote.currency = currency;
  if (state) quote.marketState = state;
  const fields = [
    ["change", "regularMarketChange"],
    ["changePercent", "regularMarketChangePercent"],
    ["previousClose", "regularMarketPreviousClose"],
    ["fiftyTwoWeekHigh", "fiftyTwoWeekHigh"],
    ["fiftyTwoWeekLow", "fiftyTwoWeekLow"],
    ["fiftyDayAverage", "fiftyDayAverage"],
    ["twoHundredDayAverage", "twoHundredDayAverage"],
    ["trailingPE", "trailingPE"],
    ["forwardPE", "forwardPE"],
  ] as const;
  for (const [ours, theirs] of fields) {
    const value = num(r[theirs]);
    if (value !== undefined) quote[ours] = value;
  }
  return { quote };
}
