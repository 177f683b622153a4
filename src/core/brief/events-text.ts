/** The brief's event lines, in words a reader can check against the figures above them. */
import { percentileOrdinal } from "../analytics/history/percentile.ts";
import { bp, count, num, roundHalfAway } from "../format.ts";
import { formatShortDate } from "../market/time.ts";
import type { IndexBreadth } from "./breadth.ts";
import { pctOf } from "./breadth.ts";
import { LINE_AVERAGE_SESSIONS, YEAR_RANGE_SESSIONS } from "./events.ts";
import type { MarketFigures } from "./figures.ts";

export interface BriefEvent {
  type: "record-close" | "line-cross" | "above50-cross" | "spread-extreme" | "historical-extreme";
  text: string;
}

export function briefEvents(f: MarketFigures, breadth: readonly IndexBreadth[]): BriefEvent[] {
  const events: BriefEvent[] = [];
  if (f.record) {
    const prev = f.record.previousRecord;
    events.push({
      type: "record-close",
      text: `Russell 2000 record close: ${num(f.record.close)}, the highest close in the data (since ${formatShortDate(f.record.since)})${prev ? `; the previous record was ${num(prev.value)} on ${formatShortDate(prev.date)}` : ""}.`,
    });
  }
  const line = f.line;
  if (line.cross && line.latest && line.previous)
    events.push({
      type: "line-cross",
      text: `The IWM/SPY line crossed ${line.cross === "up" ? "above" : "below"} its ${LINE_AVERAGE_SESSIONS}-session average: ${ratioVs(line.latest.ratio, line.latest.average)} on ${formatShortDate(line.latest.date)}, ${ratioVs(line.previous.ratio, line.previous.average)} the session before.`,
    });
  for (const b of breadth) {
    if (!b.cross50 || !b.latest) continue;
    const now = pctOf(b.latest.above50) as number;
    const before = pctOf(b.previous?.above50) as number;
    events.push({
      type: "above50-cross",
      text: `${b.name}: the share of members above their 50-day average ${b.cross50 === "up" ? "rose above" : "fell to or below"} 50%, from ${before.toFixed(1)}% to ${now.toFixed(1)}% (${b.latest.above50.count} of ${b.latest.above50.of}).`,
    });
  }
  for (const x of f.extremes)
    events.push({
      type: "spread-extreme",
      // "Highest" and "lowest", not "in favour of": a low end of +100 bp still favours the first.
      text: `${x.label}, ${x.sessions}-day spread ${bp(x.bp)}: the ${x.side === "high" ? "highest" : "lowest"} of the past year (range ${bp(x.min)} to ${bp(x.max)} over ${YEAR_RANGE_SESSIONS} sessions).`,
    });
  const history = historicalExtremes(f, breadth);
  if (history) events.push({ type: "historical-extreme", text: history });
  return events;
}

/** Below this rank or above 1 minus it, a figure is at a historical extreme. */
export const HISTORICAL_EXTREME = 0.05;
const extreme = (rank: number) => rank > 1 - HISTORICAL_EXTREME || rank < HISTORICAL_EXTREME;

/**
 * One line naming the figures at a historical extreme (above the 95th or below the 5th percentile),
 * each with its percentile and what it rests on; undefined when none is.
 */
function historicalExtremes(f: MarketFigures, breadth: readonly IndexBreadth[]): string | undefined {
  const parts: string[] = [];
  const s = f.spreadHistory;
  if (s && extreme(s.rank))
    parts.push(
      `RUT-SPX ${s.sessions}-session spread ${bp(roundHalfAway(s.current * 10_000))}, the ${percentileOrdinal(s.rank)} percentile of ${count(s.count)} windows since ${formatShortDate(s.firstDate)}`,
    );
  for (const b of breadth) {
    const h = b.above50History;
    if (!h?.rank || !extreme(h.rank.rank)) continue;
    parts.push(
      `${b.name} % above 50-day ${h.current.toFixed(1)}%, the ${percentileOrdinal(h.rank.rank)} percentile of ${count(h.sessions)} stored sessions since ${formatShortDate(h.firstDate as string)}`,
    );
  }
  return parts.length === 0 ? undefined : `At a historical extreme (ties counted half): ${parts.join("; ")}.`;
}

/** "0.4310 vs average 0.4250 (+1.41%)" */
function ratioVs(ratio: number, average: number): string {
  const gap = (ratio / average - 1) * 100;
  return `${num(ratio, 4)} vs average ${num(average, 4)} (${gap >= 0 ? "+" : "-"}${Math.abs(gap).toFixed(2)}%)`;
}
