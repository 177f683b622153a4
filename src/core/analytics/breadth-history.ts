/**
 * Breadth over time, from one breadth record per session (docs/ANALYTICS.md):
 * - advance/decline line: running sum of (advancers - decliners);
 * - McClellan oscillator: EMA19(net advances) - EMA39(net advances), smoothing 0.10 and 0.05, each
 *   EMA seeded with the simple mean of its first window; the ratio-adjusted variant feeds
 *   (A - D) / (A + D) x 1000 instead; summation index: running sum of the oscillator;
 * - net new highs: highs - lows; record high percent: highs / (highs + lows) x 100;
 *   high-low index: 10-session simple average of record high percent.
 * Values a definition cannot give yet (before an EMA is seeded, a 0 / 0) are null, never filled.
 */

/** What the history measures need of one session's record. */
export interface SessionBreadth {
  date: string;
  advancing: number;
  declining: number;
  highs: number;
  lows: number;
  /** % of counted members above their 50-day average, when counted. */
  above50Percent?: number;
}

export interface BreadthHistory {
  dates: string[];
  netAdvances: number[];
  adLine: number[];
  ema19: (number | null)[];
  ema39: (number | null)[];
  mcclellan: (number | null)[];
  summation: (number | null)[];
  ratioAdjustedNet: (number | null)[];
  ratioAdjustedMcclellan: (number | null)[];
  ratioAdjustedSummation: (number | null)[];
  above50Percent: (number | null)[];
  netNewHighs: number[];
  recordHighPercent: (number | null)[];
  highLowIndex: (number | null)[];
}

export const MCCLELLAN_FAST = { sessions: 19, smoothing: 0.1 } as const;
export const MCCLELLAN_SLOW = { sessions: 39, smoothing: 0.05 } as const;
export const HIGH_LOW_INDEX_SESSIONS = 10;

/** Running sum from the first value; null where the input is null (a gap is shown, not filled). */
export function runningSum(values: readonly (number | null)[]): (number | null)[] {
  let sum = 0;
  return values.map((v) => {
    if (v === null) return null;
    sum += v;
    return sum;
  });
}

/**
 * Exponential moving average with smoothing `alpha`, seeded with the simple mean of the first
 * `n` values (placed at index n - 1); null before that, and from a null input on (a gap cannot be
 * bridged honestly).
 */
export function seededEma(values: readonly (number | null)[], n: number, alpha: number): (number | null)[] {
  const out: (number | null)[] = [];
  let ema: number | null = null;
  let seedSum = 0;
  let broken = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? null;
    if (v === null) broken = true;
    if (broken) {
      out.push(null);
      continue;
    }
    const x = v as number;
    if (i < n - 1) {
      seedSum += x;
      out.push(null);
    } else if (i === n - 1) {
      ema = (seedSum + x) / n;
      out.push(ema);
    } else {
      ema = (ema as number) + alpha * (x - (ema as number));
      out.push(ema);
    }
  }
  return out;
}

/** Simple mean of the `n` values ending at each index; null until n values, or with a null inside. */
export function rollingMean(values: readonly (number | null)[], n: number): (number | null)[] {
  return values.map((_, i) => {
    if (i < n - 1) return null;
    let sum = 0;
    for (let k = i - n + 1; k <= i; k++) {
      const v = values[k];
      if (v === null || v === undefined) return null;
      sum += v;
    }
    return sum / n;
  });
}

function difference(a: readonly (number | null)[], b: readonly (number | null)[]): (number | null)[] {
  return a.map((x, i) => {
    const y = b[i];
    return x === null || y === null || y === undefined ? null : x - y;
  });
}

/** McClellan oscillator of a net-advances series: EMA19 - EMA39 (null until EMA39 is seeded). */
export function mcclellanOscillator(net: readonly (number | null)[]): {
  ema19: (number | null)[];
  ema39: (number | null)[];
  oscillator: (number | null)[];
} {
  const ema19 = seededEma(net, MCCLELLAN_FAST.sessions, MCCLELLAN_FAST.smoothing);
  const ema39 = seededEma(net, MCCLELLAN_SLOW.sessions, MCCLELLAN_SLOW.smoothing);
  return { ema19, ema39, oscillator: difference(ema19, ema39) };
}

/** (A - D) / (A + D) x 1000; null when nothing advanced or declined (0 / 0). */
export function ratioAdjustedNet(advancing: number, declining: number): number | null {
  const total = advancing + declining;
  return total === 0 ? null : ((advancing - declining) / total) * 1000;
}

/** highs / (highs + lows) x 100; null when there were neither. */
export function recordHighPercent(highs: number, lows: number): number | null {
  return highs + lows === 0 ? null : (highs / (highs + lows)) * 100;
}

/** Every history measure over consecutive session records (ascending by date). */
export function breadthHistory(records: readonly SessionBreadth[]): BreadthHistory {
  const net = records.map((r) => r.advancing - r.declining);
  const ratioNet = records.map((r) => ratioAdjustedNet(r.advancing, r.declining));
  const plain = mcclellanOscillator(net);
  const ratio = mcclellanOscillator(ratioNet);
  const rhp = records.map((r) => recordHighPercent(r.highs, r.lows));
  return {
    dates: records.map((r) => r.date),
    netAdvances: net,
    adLine: runningSum(net) as number[],
    ema19: plain.ema19,
    ema39: plain.ema39,
    mcclellan: plain.oscillator,
    summation: runningSum(plain.oscillator),
    ratioAdjustedNet: ratioNet,
    ratioAdjustedMcclellan: ratio.oscillator,
    ratioAdjustedSummation: runningSum(ratio.oscillator),
    above50Percent: records.map((r) => r.above50Percent ?? null),
    netNewHighs: records.map((r) => r.highs - r.lows),
    recordHighPercent: rhp,
    highLowIndex: rollingMean(rhp, HIGH_LOW_INDEX_SESSIONS),
  };
}
