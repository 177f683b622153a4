/**
 * Breadth of an index from its members, with the exact definitions of docs/ANALYTICS.md.
 *
 * Each member is first read on its own (a MemberReading: which way it moved, whether it is above
 * its averages, at a 52-week high or low); a reading leaves a measure undefined when the member
 * cannot be counted in it. Tallies then count readings, so every percentage carries the number of
 * members it is over, and a group (the index, one sector) is tallied the same way.
 *
 * Live mode reads quotes (intraday basis); historical mode reads daily closes (closing basis).
 */
import type { Bar, Quote } from "../ports.ts";
import { closeReading, liveReading } from "./breadth-readings.ts";

export { closeReading, indexOfDate, liveReading, YEAR_SESSIONS } from "./breadth-readings.ts";

/** Below this share of members priced, a breadth percentage would mislead: say so instead. */
export const MIN_PRICED_SHARE = 0.5;

export interface BreadthMember {
  symbol: string;
  sector?: string;
  name?: string;
}

export type BreadthMode = "live" | "close";

/** One member on one session; an undefined measure means "left out of that measure". */
export interface MemberReading {
  symbol: string;
  sector?: string;
  /** 1 advancing, -1 declining, 0 unchanged. */
  direction?: 1 | -1 | 0;
  above50?: boolean;
  above200?: boolean;
  newHigh?: boolean;
  newLow?: boolean;
}

export interface NotPriced {
  symbol: string;
  reason: string;
}

/** `count` members of the `of` members counted for the measure. */
export interface Tally {
  count: number;
  of: number;
}

export interface BreadthCounts {
  /** Members in the group (the list's count, priced or not). */
  members: number;
  /** Members with a reading. */
  priced: number;
  advancing: number;
  declining: number;
  unchanged: number;
  /** Members counted in advancing + declining + unchanged. */
  directionOf: number;
  above50: Tally;
  above200: Tally;
  highs: Tally;
  lows: Tally;
}

export interface SectorBreadth extends BreadthCounts {
  sector: string;
}

export interface BreadthSnapshot extends BreadthCounts {
  mode: BreadthMode;
  /** The session (New York date) the readings are of. */
  date: string;
  notPriced: NotPriced[];
  sectors: SectorBreadth[];
}

export const UNCLASSIFIED = "Unclassified";

function emptyCounts(members: number): BreadthCounts {
  const t = () => ({ count: 0, of: 0 });
  return {
    members,
    priced: 0,
    advancing: 0,
    declining: 0,
    unchanged: 0,
    directionOf: 0,
    above50: t(),
    above200: t(),
    highs: t(),
    lows: t(),
  };
}

function add(t: Tally, value: boolean | undefined): void {
  if (value === undefined) return;
  t.of++;
  if (value) t.count++;
}

/** Counts readings of a group of `members` members. */
export function tally(readings: readonly MemberReading[], members: number): BreadthCounts {
  const c = emptyCounts(members);
  for (const r of readings) {
    c.priced++;
    if (r.direction !== undefined) {
      c.directionOf++;
      if (r.direction > 0) c.advancing++;
      else if (r.direction < 0) c.declining++;
      else c.unchanged++;
    }
    add(c.above50, r.above50);
    add(c.above200, r.above200);
    add(c.highs, r.newHigh);
    add(c.lows, r.newLow);
  }
  return c;
}

/** Tallies per sector of the members list (members without one are "Unclassified"), largest first. */
export function bySector(
  members: readonly BreadthMember[],
  readings: readonly MemberReading[],
): SectorBreadth[] {
  const size = new Map<string, number>();
  for (const m of members) {
    const s = m.sector ?? UNCLASSIFIED;
    size.set(s, (size.get(s) ?? 0) + 1);
  }
  const groups = new Map<string, MemberReading[]>();
  for (const r of readings) {
    const s = r.sector ?? UNCLASSIFIED;
    const list = groups.get(s) ?? [];
    list.push(r);
    groups.set(s, list);
  }
  return [...size.entries()]
    .map(([sector, n]) => ({ sector, ...tally(groups.get(sector) ?? [], n) }))
    .sort((a, b) => b.members - a.members || a.sector.localeCompare(b.sector));
}

function snapshot(
  mode: BreadthMode,
  date: string,
  members: readonly BreadthMember[],
  readings: MemberReading[],
  notPriced: NotPriced[],
): BreadthSnapshot {
  return {
    mode,
    date,
    ...tally(readings, members.length),
    notPriced,
    sectors: bySector(members, readings),
  };
}

/**
 * Live breadth of `members` from quotes. A member without a quote is not priced (with the reason
 * from `missing` when the source gave one); so is one whose last trade is older than `session`.
 */
export function liveBreadth(
  members: readonly BreadthMember[],
  quotes: ReadonlyMap<string, Quote>,
  session: string,
  missing: ReadonlyMap<string, string> = new Map(),
  quoteDate: (q: Quote) => string = () => session,
): BreadthSnapshot {
  const readings: MemberReading[] = [];
  const notPriced: NotPriced[] = [];
  for (const m of members) {
    const q = quotes.get(m.symbol);
    if (!q || !Number.isFinite(q.price)) {
      notPriced.push({ symbol: m.symbol, reason: missing.get(m.symbol) ?? "no quote" });
      continue;
    }
    const day = quoteDate(q);
    if (day < session) {
      notPriced.push({ symbol: m.symbol, reason: `no trade since ${day}` });
      continue;
    }
    readings.push(liveReading(m, q));
  }
  return snapshot("live", session, members, readings, notPriced);
}

/** Historical breadth of `members` as of session `date`, from each member's ascending daily bars. */
export function closeBreadth(
  members: readonly BreadthMember[],
  bars: ReadonlyMap<string, readonly Bar[]>,
  date: string,
  previousSession: string,
  missing: ReadonlyMap<string, string> = new Map(),
): BreadthSnapshot {
  const readings: MemberReading[] = [];
  const notPriced: NotPriced[] = [];
  for (const m of members) {
    const series = bars.get(m.symbol);
    if (!series) {
      notPriced.push({ symbol: m.symbol, reason: missing.get(m.symbol) ?? "no closes" });
      continue;
    }
    const r = closeReading(m, series, date, previousSession);
    if ("reason" in r) notPriced.push(r);
    else readings.push(r);
  }
  return snapshot("close", date, members, readings, notPriced);
}

/** Percent of a tally, or undefined when nothing was counted. */
export function percentOf(t: Tally): number | undefined {
  return t.of === 0 ? undefined : (t.count / t.of) * 100;
}

/** Whether enough of a group is counted for its percentages to mean something. */
export function isMeaningful(counted: number, members: number): boolean {
  return members > 0 && counted / members >= MIN_PRICED_SHARE;
}
