/**
 * Events worth a line, each a pure function of closes or breadth records (docs: "Events" in the
 * analytics guide). The brief names some of them once a day; alerts fire on all of them. Every
 * function reads only values up to the session it is asked about, so replaying history and
 * evaluating after a close give the same answer for the same session.
 */
import type { Bar } from "../ports.ts";
import { spreadBp } from "../format.ts";
import { alignByDate, smaLast } from "./returns.ts";

/** Sessions of data a record close needs: a record over less than a year means little. */
export const RECORD_MIN_SESSIONS = 252;
/** Sessions of the IWM/SPY (or any A/B) line's average. */
export const LINE_AVERAGE_SESSIONS = 50;
/** Default hysteresis band of a level crossing, as a fraction of the level. */
export const DEFAULT_BAND = 0.005;
/** Zweig breadth thrust: EMA length, the low and high marks, and the most sessions between them. */
export const THRUST = { emaSessions: 10, low: 0.4, high: 0.615, withinSessions: 10 } as const;

export type Direction = "up" | "down";

export interface RecordClose {
  date: string;
  close: number;
  /** The highest close before this session, and the first session that closed there. */
  previous: { date: string; value: number };
  /** Sessions in the data up to and including `date`. */
  sessions: number;
}

/**
 * Record closes: close(D) above every earlier close in the data, on sessions with at least
 * RECORD_MIN_SESSIONS sessions of data up to them. One pass; each firing names the record it beat.
 */
export function recordCloses(bars: readonly Bar[], minSessions = RECORD_MIN_SESSIONS): RecordClose[] {
  const out: RecordClose[] = [];
  let best: Bar | undefined;
  bars.forEach((bar, i) => {
    if (best && bar.close > best.close && i + 1 >= minSessions)
      out.push({
        date: bar.date,
        close: bar.close,
        previous: { date: best.date, value: best.close },
        sessions: i + 1,
      });
    if (!best || bar.close > best.close) best = bar;
  });
  return out;
}

/** The record close set on `date`, if any. */
export function recordCloseOn(bars: readonly Bar[], date: string): RecordClose | undefined {
  const upTo = bars.filter((b) => b.date <= date);
  if (upTo.at(-1)?.date !== date) return undefined;
  return recordCloses(upTo).find((r) => r.date === date);
}

/**
 * A level crossing with hysteresis. The first crossing fires when the price moves from one side of
 * the level to the other. After a firing, the next one (the other way) needs the price to move
 * back beyond the level by the band: a price hovering at the level fires once, and a real move
 * back fires once it has cleared the band.
 */
export interface LevelState {
  /** Side of the level at the last observation ("at" leaves the side unchanged). */
  side?: "above" | "below";
  /** The direction of the last firing, if any. */
  lastFired?: Direction;
}

export const UNSEEN_LEVEL: LevelState = {};

export function stepLevel(
  state: LevelState,
  price: number,
  level: number,
  band = DEFAULT_BAND,
): { state: LevelState; fired?: Direction } {
  const width = Math.abs(level) * band;
  const side = price > level ? "above" : price < level ? "below" : state.side;
  const next: LevelState = {
    ...(side ? { side } : {}),
    ...(state.lastFired ? { lastFired: state.lastFired } : {}),
  };
  let fired: Direction | undefined;
  if (state.lastFired === undefined) {
    // Only a move from a known side to the other is a crossing.
    if (state.side === "below" && side === "above") fired = "up";
    if (state.side === "above" && side === "below") fired = "down";
  } else if (state.lastFired === "up" && price < level - width) fired = "down";
  else if (state.lastFired === "down" && price > level + width) fired = "up";
  return fired ? { state: { ...next, lastFired: fired }, fired } : { state: next };
}

export interface LevelCrossing {
  date: string;
  direction: Direction;
  /** The price seen on the far side: a close, or a daily high/low in the approximation. */
  price: number;
}

/**
 * Level crossings over daily bars, for replays: an approximation of the intraday rule. Each bar is
 * read as its extreme on the far side first, then the other extreme, then the close (the order of
 * the intraday moves is not in daily data); bars without a high and low are read as their close.
 */
export function levelCrossingsOnBars(
  bars: readonly Bar[],
  level: number,
  band = DEFAULT_BAND,
  start: LevelState = UNSEEN_LEVEL,
): { crossings: LevelCrossing[]; state: LevelState } {
  let state = start;
  const crossings: LevelCrossing[] = [];
  for (const bar of bars) {
    const hi = bar.high ?? bar.close;
    const lo = bar.low ?? bar.close;
    const lowFirst = state.lastFired ? state.lastFired === "up" : state.side === "above";
    const path = lowFirst ? [lo, hi, bar.close] : [hi, lo, bar.close];
    for (const price of path) {
      const step = stepLevel(state, price, level, band);
      state = step.state;
      if (step.fired) crossings.push({ date: bar.date, direction: step.fired, price });
    }
  }
  return { crossings, state };
}

export interface LineReading {
  date: string;
  /** A / B closes. */
  ratio: number;
  /** Simple average of the ratio over the `sessions` sessions ending on `date`. */
  average: number;
  above: boolean;
}

/** The A/B line against its simple average on every common session where the average is known. */
export function lineSeries(
  a: readonly Bar[],
  b: readonly Bar[],
  sessions = LINE_AVERAGE_SESSIONS,
): LineReading[] {
  const joined = alignByDate(a, b);
  const ratios = joined.map((p) => p.a / p.b);
  const out: LineReading[] = [];
  let sum = 0;
  ratios.forEach((ratio, i) => {
    sum += ratio;
    if (i >= sessions) sum -= ratios[i - sessions] as number;
    if (i + 1 < sessions) return;
    const average = sum / sessions;
    out.push({ date: (joined[i] as { date: string }).date, ratio, average, above: ratio > average });
  });
  return out;
}

/** The line against its average on the last common session up to `date` and the one before. */
export function lineReadings(
  a: readonly Bar[],
  b: readonly Bar[],
  date: string,
  sessions = LINE_AVERAGE_SESSIONS,
): { latest?: LineReading; previous?: LineReading } {
  const joined = alignByDate(a, b).filter((p) => p.date <= date);
  const ratios = joined.map((p) => p.a / p.b);
  const at = (end: number): LineReading | undefined => {
    const average = smaLast(ratios.slice(0, end + 1), sessions);
    const point = joined[end];
    if (average === undefined || !point) return undefined;
    const ratio = ratios[end] as number;
    return { date: point.date, ratio, average, above: ratio > average };
  };
  const latest = at(joined.length - 1);
  const previous = at(joined.length - 2);
  return { ...(latest ? { latest } : {}), ...(previous ? { previous } : {}) };
}

/** "up" when the line moved above its average on the latest session, "down" when below. */
export function lineCross(r: { latest?: LineReading; previous?: LineReading }): Direction | undefined {
  if (!r.latest || !r.previous || r.latest.above === r.previous.above) return undefined;
  return r.latest.above ? "up" : "down";
}

/** "up" when a value moved above `level` between two sessions, "down" when to `level` or below. */
export function levelCross(
  previous: number | undefined,
  latest: number | undefined,
  level: number,
): Direction | undefined {
  if (previous === undefined || latest === undefined) return undefined;
  if (previous <= level && latest > level) return "up";
  if (previous > level && latest <= level) return "down";
  return undefined;
}

/** A percentage crossing 50 (the brief's participation line). */
export function fiftyCross(previous: number | undefined, latest: number | undefined): Direction | undefined {
  return levelCross(previous, latest, 50);
}

export interface DatedBp {
  date: string;
  bp: number;
}

/** The n-session spread A - B in whole bp on each common session, from the n-th on, up to `end`. */
export function rollingSpreads(
  a: readonly Bar[],
  b: readonly Bar[],
  sessions: number,
  end: string,
): DatedBp[] {
  const joined = alignByDate(a, b).filter((p) => p.date <= end);
  const out: DatedBp[] = [];
  for (let i = sessions; i < joined.length; i++) {
    const now = joined[i] as { date: string; a: number; b: number };
    const base = joined[i - sessions] as { a: number; b: number };
    out.push({ date: now.date, bp: spreadBp(now.a / base.a - 1, now.b / base.b - 1) });
  }
  return out;
}

/** Which side of +/- threshold a spread is beyond, if either (beyond = strictly past it). */
export function beyond(bp: number, threshold: number): "above" | "below" | undefined {
  if (bp > threshold) return "above";
  if (bp < -threshold) return "below";
  return undefined;
}

export interface SpreadCrossing {
  date: string;
  bp: number;
  previousBp: number;
  side: "above" | "below";
}

/** Sessions whose spread is beyond the threshold on a side it was not beyond the session before. */
export function spreadCrossings(values: readonly DatedBp[], threshold: number): SpreadCrossing[] {
  const out: SpreadCrossing[] = [];
  for (let i = 1; i < values.length; i++) {
    const now = values[i] as DatedBp;
    const before = values[i - 1] as DatedBp;
    const side = beyond(now.bp, threshold);
    if (side && side !== beyond(before.bp, threshold))
      out.push({ date: now.date, bp: now.bp, previousBp: before.bp, side });
  }
  return out;
}

export interface DatedValue {
  date: string;
  value: number | null;
}

export interface ValueCrossing {
  date: string;
  value: number;
  previous: number;
  direction: Direction;
}

/** Crossings of `level` between consecutive known values (a null between them breaks the run). */
export function valueCrossings(values: readonly DatedValue[], level: number): ValueCrossing[] {
  const out: ValueCrossing[] = [];
  for (let i = 1; i < values.length; i++) {
    const now = values[i] as DatedValue;
    const before = values[i - 1] as DatedValue;
    if (now.value === null || before.value === null) continue;
    const direction = levelCross(before.value, now.value, level);
    if (direction) out.push({ date: now.date, value: now.value, previous: before.value, direction });
  }
  return out;
}

/**
 * McClellan zero crosses: the oscillator changes sign from one session to the next (from zero or
 * below to above zero is "up"; from zero or above to below zero is "down").
 */
export function zeroCrossings(values: readonly DatedValue[]): ValueCrossing[] {
  const out: ValueCrossing[] = [];
  for (let i = 1; i < values.length; i++) {
    const now = values[i] as DatedValue;
    const before = values[i - 1] as DatedValue;
    if (now.value === null || before.value === null) continue;
    const direction =
      before.value <= 0 && now.value > 0 ? "up" : before.value >= 0 && now.value < 0 ? "down" : undefined;
    if (direction) out.push({ date: now.date, value: now.value, previous: before.value, direction });
  }
  return out;
}

/**
 * The 10-session EMA of advancers / (advancers + decliners): smoothing 2 / (n + 1), seeded with the
 * mean of the first n ratios; null before that, and from a session with neither (0 / 0) on.
 */
export function thrustEma(
  sessions: readonly { advancing: number; declining: number }[],
  n: number = THRUST.emaSessions,
): (number | null)[] {
  const alpha = 2 / (n + 1);
  const out: (number | null)[] = [];
  let ema: number | null = null;
  let seed = 0;
  let broken = false;
  sessions.forEach((s, i) => {
    const total = s.advancing + s.declining;
    if (total === 0) broken = true;
    if (broken) {
      out.push(null);
      return;
    }
    const ratio = s.advancing / total;
    if (i < n - 1) {
      seed += ratio;
      out.push(null);
    } else if (i === n - 1) {
      ema = (seed + ratio) / n;
      out.push(ema);
    } else {
      ema = (ema as number) + alpha * (ratio - (ema as number));
      out.push(ema);
    }
  });
  return out;
}

export interface Thrust {
  date: string;
  ema: number;
  /** The last session before it with the EMA below the low mark: where the thrust started. */
  start: { date: string; ema: number };
  sessions: number;
}

/**
 * Zweig breadth thrusts: the EMA closes above the high mark, having been at or below it the
 * session before, and below the low mark on one of the `withinSessions` sessions before.
 */
export function thrusts(emas: readonly DatedValue[], rule = THRUST): Thrust[] {
  const out: Thrust[] = [];
  for (let i = 1; i < emas.length; i++) {
    const now = emas[i] as DatedValue;
    const before = emas[i - 1] as DatedValue;
    if (now.value === null || before.value === null) continue;
    if (!(now.value > rule.high && before.value <= rule.high)) continue;
    for (let k = i - 1; k >= Math.max(0, i - rule.withinSessions); k--) {
      const v = (emas[k] as DatedValue).value;
      if (v === null) break;
      if (v < rule.low) {
        out.push({
          date: now.date,
          ema: now.value,
          start: { date: (emas[k] as DatedValue).date, ema: v },
          sessions: i - k,
        });
        break;
      }
    }
  }
  return out;
}
