/**
 * The history behind one N-session spread of A against B: where today's spread ranks among every
 * N-session window since the data begins, and the episodes when the spread last crossed today's
 * level (or a level asked for), with what followed. Everything from closes up to the as-of session.
 */
import type { AlignedCloses } from "./aligned.ts";
import { crossingDirection, type Episodes, findEpisodes } from "./episodes.ts";
import { type PercentileRank, percentileRank } from "./percentile.ts";
import { windowSpreads } from "./window-spreads.ts";

export interface PairHistory {
  n: number;
  /** The first and last sessions both series have a close for (up to the as-of session). */
  firstDate: string;
  lastDate: string;
  sessions: number;
  /** Today's N-session spread (a fraction), the window it covers and the two returns behind it. */
  current: { baseDate: string; endDate: string; spread: number; returnA: number; returnB: number };
  /** Among every N-session window in the data, today's included (ties counted half). */
  percentile: PercentileRank;
  /** The level episodes crossed: today's spread unless one was asked for. */
  level: number;
  levelFrom: "today" | "asked";
  episodes: Episodes;
}

/** Undefined when the closes hold no N-session window at all (fewer than N + 1 common sessions). */
export function pairHistory(closes: AlignedCloses, n: number, askedLevel?: number): PairHistory | undefined {
  const windows = windowSpreads(closes, n);
  const spread = windows.spreads.at(-1);
  if (spread === undefined) return undefined;
  const percentile = percentileRank(windows.spreads, spread);
  if (!percentile) return undefined;
  const last = closes.dates.length - 1;
  const level = askedLevel ?? spread;
  return {
    n,
    firstDate: closes.dates[0] as string,
    lastDate: closes.dates[last] as string,
    sessions: closes.dates.length,
    current: {
      baseDate: closes.dates[last - n] as string,
      endDate: closes.dates[last] as string,
      spread,
      returnA: (closes.a[last] as number) / (closes.a[last - n] as number) - 1,
      returnB: (closes.b[last] as number) / (closes.b[last - n] as number) - 1,
    },
    percentile,
    level,
    levelFrom: askedLevel === undefined ? "today" : "asked",
    episodes: findEpisodes(closes, n, level, crossingDirection(level, spread)),
  };
}
