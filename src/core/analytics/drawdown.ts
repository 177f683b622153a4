/**
 * Maximum drawdown over a window of daily closes: the largest fall from a running peak to a later
 * close, close_t / max(close_s, s <= t) - 1, on closing prices, within the window only.
 */
import type { Bar } from "../ports.ts";

export interface Drawdown {
  /** Fraction, 0 or negative: -0.15 = a 15% fall. */
  value: number;
  peakDate: string;
  peakClose: number;
  troughDate: string;
  troughClose: number;
  /** Closes the window held. */
  sessions: number;
}

/** Max drawdown of the closes dated from `fromDate` to `toDate` inclusive; undefined when none. */
export function maxDrawdown(bars: readonly Bar[], fromDate: string, toDate: string): Drawdown | undefined {
  const window = bars.filter((b) => b.date >= fromDate && b.date <= toDate);
  const first = window[0];
  if (!first) return undefined;
  let peak = first;
  let best: Drawdown = {
    value: 0,
    peakDate: first.date,
    peakClose: first.close,
    troughDate: first.date,
    troughClose: first.close,
    sessions: window.length,
  };
  for (const bar of window) {
    if (bar.close > peak.close) peak = bar;
    const dd = bar.close / peak.close - 1;
    if (dd < best.value)
      best = {
        value: dd,
        peakDate: peak.date,
        peakClose: peak.close,
        troughDate: bar.date,
        troughClose: bar.close,
        sessions: window.length,
      };
  }
  return best;
}
