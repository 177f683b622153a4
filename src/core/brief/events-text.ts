/** The brief's event lines, in words a reader can check against the figures above them. */
import { bp, num } from "../format.ts";
import { formatShortDate } from "../market/time.ts";
import type { IndexBreadth } from "./breadth.ts";
import { pctOf } from "./breadth.ts";
import { LINE_AVERAGE_SESSIONS, YEAR_RANGE_SESSIONS } from "./events.ts";
import type { MarketFigures } from "./figures.ts";

export interface BriefEvent {
  type: "record-close" | "line-cross" | "above50-cross" | "spread-extreme";
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
  return events;
}

/** "0.4310 vs average 0.4250 (+1.41%)" */
function ratioVs(ratio: number, average: number): string {
  const gap = (ratio / average - 1) * 100;
  return `${num(ratio, 4)} vs average ${num(average, 4)} (${gap >= 0 ? "+" : "-"}${Math.abs(gap).toFixed(2)}%)`;
}
