/**
 * How one member reads on one session, in each mode (docs/ANALYTICS.md). An undefined measure in a
 * reading means the member is left out of that measure's count.
 */
import type { Bar, Quote } from "../ports.ts";
import type { BreadthMember, MemberReading, NotPriced } from "./breadth.ts";

/** Closes in a 52-week window. */
export const YEAR_SESSIONS = 252;

const usable = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x) && x > 0;

/**
 * Live mode: advancing when the change is > 0, declining < 0, unchanged = 0; above an average when
 * price > the average; at a 52-week high when price >= the 52-week high, low when price <= the low.
 */
export function liveReading(member: BreadthMember, quote: Quote): MemberReading {
  const reading: MemberReading = { symbol: member.symbol };
  if (member.sector) reading.sector = member.sector;
  const change = quote.changePercent ?? quote.change;
  if (change !== undefined && Number.isFinite(change)) reading.direction = Math.sign(change) as 1 | -1 | 0;
  const p = quote.price;
  if (usable(quote.fiftyDayAverage)) reading.above50 = p > quote.fiftyDayAverage;
  if (usable(quote.twoHundredDayAverage)) reading.above200 = p > quote.twoHundredDayAverage;
  if (usable(quote.fiftyTwoWeekHigh)) reading.newHigh = p >= quote.fiftyTwoWeekHigh;
  if (usable(quote.fiftyTwoWeekLow)) reading.newLow = p <= quote.fiftyTwoWeekLow;
  return reading;
}

/** Index of the bar dated exactly `date` in ascending bars, or -1. */
export function indexOfDate(bars: readonly Bar[], date: string): number {
  let lo = 0;
  let hi = bars.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = (bars[mid] as Bar).date;
    if (d === date) return mid;
    if (d < date) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Mean of closes[from..to] inclusive, summed oldest first (the order a reader would add them). */
function meanOf(bars: readonly Bar[], from: number, to: number): number {
  let sum = 0;
  for (let i = from; i <= to; i++) sum += (bars[i] as Bar).close;
  return sum / (to - from + 1);
}

/**
 * Historical mode as of session `date` (closing basis); `previousSession` is the session before it.
 * Without a close on both, the member is not priced (left out of every count). Above N-day: close
 * > mean of the N closes ending at `date`; fewer than N closes leaves it out of that measure. New
 * 52-week high: close >= each of the 252 closes ending at `date` (low: <=); fewer leaves it out.
 */
export function closeReading(
  member: BreadthMember,
  bars: readonly Bar[],
  date: string,
  previousSession: string,
): MemberReading | NotPriced {
  const i = indexOfDate(bars, date);
  if (i < 0) return { symbol: member.symbol, reason: `no close on ${date}` };
  const prev = bars[i - 1];
  if (!prev || prev.date !== previousSession)
    return { symbol: member.symbol, reason: `no close on ${previousSession}` };
  const close = (bars[i] as Bar).close;
  const reading: MemberReading = {
    symbol: member.symbol,
    direction: Math.sign(close - prev.close) as 1 | -1 | 0,
  };
  if (member.sector) reading.sector = member.sector;
  const closes = i + 1;
  if (closes >= 50) reading.above50 = close > meanOf(bars, i - 49, i);
  if (closes >= 200) reading.above200 = close > meanOf(bars, i - 199, i);
  if (closes >= YEAR_SESSIONS) {
    let max = Number.NEGATIVE_INFINITY;
    let min = Number.POSITIVE_INFINITY;
    for (let k = i - YEAR_SESSIONS + 1; k <= i; k++) {
      const c = (bars[k] as Bar).close;
      if (c > max) max = c;
      if (c < min) min = c;
    }
    reading.newHigh = close >= max;
    reading.newLow = close <= min;
  }
  return reading;
}
