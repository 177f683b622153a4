/**
 * The history behind /rotation's figures (ANALYTICS.md "History behind a figure"): where the RUT-SPX
 * spread over the period's length ranks among every window of that length in the data, the
 * current RUT vs SPX streak, and where the IWM/SPY line sits. Pure: the long closes come in.
 */
import type { DailySeries } from "../../ports.ts";
import { type AlignedCloses, alignedCloses } from "./aligned.ts";
import { type LinePosition, linePosition } from "./line-position.ts";
import { type PercentileRank, percentileRank } from "./percentile.ts";
import { type Streak, winStreak } from "./streak.ts";
import { sessionsBetween, windowSpreads } from "./window-spreads.ts";

export interface SpreadPercentile extends PercentileRank {
  /** N: the window length in sessions. */
  sessions: number;
  /** The current N-session spread, a fraction (the last window). */
  current: number;
  endDate: string;
  /** The data's first session (both series have a close); the first window ends N sessions later. */
  firstDate: string;
  firstWindowEnd: string;
  /** "high" when the spread ranks in the upper half, so "the highest since"; else "low". */
  side: "high" | "low";
  /**
   * The latest earlier window at least as high ("high") or as low ("low"), and how many windows
   * back it ends; absent when no earlier window is: the highest (lowest) in all the data.
   */
  since?: { date: string; windowsAgo: number };
}

/** The percentile of the last N-session spread among all N-session windows (the last one included). */
export function spreadPercentile(closes: AlignedCloses, n: number): SpreadPercentile | undefined {
  const w = windowSpreads(closes, n);
  const last = w.spreads.length - 1;
  if (last < 0) return undefined;
  const current = w.spreads[last] as number;
  const rank = percentileRank(w.spreads, current);
  if (!rank) return undefined;
  const side = rank.rank >= 0.5 ? "high" : "low";
  let since: SpreadPercentile["since"];
  for (let j = last - 1; j >= 0; j--) {
    const s = w.spreads[j] as number;
    if (side === "high" ? s >= current : s <= current) {
      since = { date: w.endDates[j] as string, windowsAgo: last - j };
      break;
    }
  }
  return {
    ...rank,
    sessions: n,
    current,
    endDate: w.endDates[last] as string,
    firstDate: closes.dates[0] as string,
    firstWindowEnd: w.endDates[0] as string,
    side,
    ...(since ? { since } : {}),
  };
}

export interface RotationHistory {
  spread?: SpreadPercentile;
  /** Why there is no percentile (the period's base or end is not in the long history...). */
  spreadWhy?: string;
  /** RUT beating SPX, and SPX beating RUT (each strictly; a tie ends both). */
  streak?: { rut: Streak; spx: Streak };
  line?: LinePosition;
  lineWhy?: string;
}

const swap = (c: AlignedCloses): AlignedCloses => ({ dates: c.dates, a: c.b, b: c.a });

/**
 * The history figures of a RUT-SPX window (the period's base and end sessions) from the long
 * closes of ^RUT, ^GSPC, IWM and SPY. Nothing after `window.endDate` is read.
 */
export function rotationHistory(
  series: ReadonlyMap<string, DailySeries>,
  window: { baseDate: string; endDate: string },
): RotationHistory {
  const out: RotationHistory = {};
  const rut = series.get("^RUT");
  const spx = series.get("^GSPC");
  if (rut && spx) {
    const c = alignedCloses(rut.bars, spx.bars, window.endDate);
    const n = sessionsBetween(c, window.baseDate, window.endDate);
    const spread = n === undefined ? undefined : spreadPercentile(c, n);
    if (spread) out.spread = spread;
    else
      out.spreadWhy =
        n === undefined
          ? "the long history lacks the period's base or end close"
          : "fewer sessions than the period's length";
    const a = winStreak(c);
    const b = winStreak(swap(c));
    if (a && b) out.streak = { rut: a, spx: b };
  } else out.spreadWhy = "no long history of ^RUT and ^GSPC";
  const iwm = series.get("IWM");
  const spy = series.get("SPY");
  const line = iwm && spy ? linePosition(alignedCloses(iwm.bars, spy.bars, window.endDate)) : undefined;
  if (line) out.line = line;
  else out.lineWhy = "no long history of IWM and SPY";
  return out;
}
