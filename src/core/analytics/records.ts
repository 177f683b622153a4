/**
 * Record closes and round-number levels, from the daily closes in the data (closing basis; the
 * intraday high from bars that carry `high`).
 *
 * - record close: the highest close in the data; its date is the first session that reached it.
 * - new record: the latest close is above every earlier close in the data.
 * - sessions since: sessions in the data after the record session, up to the latest one.
 * - round step: 10^(floor(log10(record close)) - 1), e.g. 100 for a record near 2,500.
 * - milestones: for each multiple of the step above the first close in the data and up to the
 *   record, the first session that closed at or above it.
 * - crossed on the latest session: multiples L with previous close < L <= latest close (up) or
 *   latest close < L <= previous close (down).
 */
import type { Bar } from "../ports.ts";
import { lastIndexOnOrBefore } from "./returns.ts";

export interface DatedValue {
  date: string;
  value: number;
}

export interface Milestone {
  level: number;
  date: string;
  close: number;
}

export interface RecordFigures {
  firstDate: string;
  firstClose: number;
  /** Sessions in the data up to the evaluation date. */
  sessions: number;
  latest: DatedValue;
  previous?: DatedValue;
  record: DatedValue;
  /** The latest close is above every earlier close. */
  isNewRecord: boolean;
  /** The latest close equals an earlier record close without exceeding it. */
  matchesRecord: boolean;
  /** latest / record - 1 (0 or negative). */
  distance: number;
  sessionsSince: number;
  /** Highest intraday high among bars that carry one. */
  intradayHigh?: DatedValue;
  /** Bars that carry an intraday high. */
  barsWithHigh: number;
  step: number;
  milestones: Milestone[];
  crossedLatest: { level: number; direction: "up" | "down" }[];
}

/** 10^(floor(log10(value)) - 1): 2,531 -> 100, 590 -> 10, 24,000 -> 1,000, 4.3 -> 0.1. */
export function roundStep(value: number): number {
  if (!(value > 0)) throw new RangeError("roundStep needs a positive value");
  return 10 ** (Math.floor(Math.log10(value)) - 1);
}

/** k x step without binary noise (0.1 x 3 = 0.3, not 0.30000000000000004). */
function level(k: number, step: number): number {
  return Number((k * step).toPrecision(12));
}

export function recordFigures(bars: readonly Bar[], date: string): RecordFigures | undefined {
  const end = lastIndexOnOrBefore(bars, date);
  if (end < 0) return undefined;
  const window = bars.slice(0, end + 1);
  const first = window[0] as Bar;
  const last = window[end] as Bar;
  let recordIdx = 0;
  let highIdx = -1;
  let barsWithHigh = 0;
  window.forEach((bar, i) => {
    if (bar.close > (window[recordIdx] as Bar).close) recordIdx = i;
    if (bar.high !== undefined) {
      barsWithHigh++;
      if (highIdx < 0 || bar.high > ((window[highIdx] as Bar).high as number)) highIdx = i;
    }
  });
  const record = window[recordIdx] as Bar;
  const prev = end > 0 ? (window[end - 1] as Bar) : undefined;
  const step = roundStep(record.close);
  const milestones: Milestone[] = [];
  for (let k = Math.floor(first.close / step) + 1; level(k, step) <= record.close; k++) {
    const l = level(k, step);
    const hit = window.find((b) => b.close >= l) as Bar;
    milestones.push({ level: l, date: hit.date, close: hit.close });
  }
  const crossedLatest: RecordFigures["crossedLatest"] = [];
  if (prev) {
    const lo = Math.min(prev.close, last.close);
    const hi = Math.max(prev.close, last.close);
    for (let k = Math.floor(lo / step) + 1; level(k, step) <= hi; k++) {
      const l = level(k, step);
      if (prev.close < l && l <= last.close) crossedLatest.push({ level: l, direction: "up" });
      else if (last.close < l && l <= prev.close) crossedLatest.push({ level: l, direction: "down" });
    }
  }
  const high = highIdx >= 0 ? (window[highIdx] as Bar) : undefined;
  return {
    firstDate: first.date,
    firstClose: first.close,
    sessions: window.length,
    latest: { date: last.date, value: last.close },
    ...(prev ? { previous: { date: prev.date, value: prev.close } } : {}),
    record: { date: record.date, value: record.close },
    isNewRecord: recordIdx === end && end > 0,
    matchesRecord: recordIdx !== end && last.close === record.close,
    distance: last.close / record.close - 1,
    sessionsSince: end - recordIdx,
    ...(high ? { intradayHigh: { date: high.date, value: high.high as number } } : {}),
    barsWithHigh,
    step,
    milestones,
    crossedLatest,
  };
}
