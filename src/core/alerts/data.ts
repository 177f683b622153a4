/**
 * The data a set of alerts needs, fetched once however many alerts share it: one history request
 * per distinct symbol (over the widest window any alert on it needs) and, per index, one member
 * list and one run of breadth records (stored after each close, or back-filled from member closes
 * as /breadth history does).
 */

import type { SessionBreadth } from "../analytics/breadth-history.ts";
import { type BreadthRecord, sessionBreadth } from "../breadth/history-store.ts";
import { loadMemberList, memberIndex, memberListLabel } from "../breadth/members.ts";
import { backfillBreadth, MAX_HISTORY_SESSIONS, sessionsEnding, WARMUP_SESSIONS } from "../breadth/record.ts";
import type { CommandContext } from "../command.ts";
import { BadDataError, DataUnavailableError, errorMessage, UserError } from "../errors.ts";
import { fetchHistories, type Missing } from "../fetch-series.ts";
import { previousTradingDay } from "../market/calendar.ts";
import { addDays } from "../market/time.ts";
import type { Bar, DailySeries } from "../ports.ts";
import type { AlertSpec } from "./spec.ts";

/** Where a record close looks from: everything the source has. */
export const RECORD_FROM = "1980-01-01";
/**
 * Sessions of breadth the participation and thrust alerts are evaluated over (the unbroken run
 * ending on the session). The McClellan alert reads the whole run instead, which starts
 * WARMUP_SESSIONS before the first session evaluated, as /breadth history's does.
 */
export const BREADTH_WINDOW = 60;

export interface BreadthRun {
  alias: string;
  name: string;
  /** Sessions asked for, oldest first, and the record of each where there is one. */
  dates: string[];
  records: (BreadthRecord | undefined)[];
  listLabel: string;
}

export interface AlertData {
  series: Map<string, DailySeries>;
  breadth: Map<string, BreadthRun>;
  /** Indexes whose breadth could not be had, with the reason. */
  breadthUnavailable: Map<string, string>;
  missing: Missing[];
  /** Upstream requests made: one per symbol and one per member list (closes of members aside). */
  requests: { histories: number; memberLists: number };
  source: string;
  fetchedAt: number;
}

/** Calendar days that hold `sessions` sessions before a date, with a month of slack for holidays. */
function daysFor(sessions: number): number {
  return Math.ceil((sessions * 7) / 5) + 31;
}

/** The earliest date each symbol is needed from. */
export function historyNeeds(specs: readonly AlertSpec[], from: string): Map<string, string> {
  const needs = new Map<string, string>();
  const want = (symbol: string, start: string) => {
    const have = needs.get(symbol);
    if (!have || start < have) needs.set(symbol, start);
  };
  for (const s of specs) {
    if (s.kind === "record") want(s.symbol, RECORD_FROM);
    else if (s.kind === "cross") want(s.symbol, addDays(from, -daysFor(5)));
    else if (s.kind === "line" || s.kind === "spread") {
      const start = addDays(from, -daysFor(s.sessions + 2));
      want(s.a, start);
      want(s.b, start);
    }
  }
  return needs;
}

/** Indexes whose McClellan oscillator is read: their breadth starts with the EMAs' warm-up. */
export function warmupNeeds(specs: readonly AlertSpec[]): Set<string> {
  return new Set(specs.flatMap((s) => (s.kind === "mcclellan" ? [s.index] : [])));
}

export function breadthNeeds(specs: readonly AlertSpec[]): string[] {
  const out = new Set<string>();
  for (const s of specs)
    if (s.kind === "participation" || s.kind === "mcclellan" || s.kind === "thrust") out.add(s.index);
  return [...out];
}

export async function gatherAlertData(
  specs: readonly AlertSpec[],
  from: string,
  to: string,
  ctx: CommandContext,
): Promise<AlertData> {
  const needs = historyNeeds(specs, from);
  // Symbols grouped by the start they are needed from: one request per symbol.
  const groups = new Map<string, string[]>();
  for (const [symbol, start] of needs) groups.set(start, [...(groups.get(start) ?? []), symbol]);
  const sets = await Promise.all(
    [...groups].map(([start, symbols]) => fetchHistories(ctx.market, symbols, { from: start, to })),
  );
  const series = new Map<string, DailySeries>();
  const missing: Missing[] = [];
  let fetchedAt = 0;
  for (const set of sets) {
    for (const [k, v] of set.series) series.set(k, v);
    missing.push(...set.missing);
    fetchedAt = Math.max(fetchedAt, set.fetchedAt);
  }
  const breadth = new Map<string, BreadthRun>();
  const breadthUnavailable = new Map<string, string>();
  const aliases = breadthNeeds(specs);
  const warm = warmupNeeds(specs);
  // One index after the other: each may fetch many members' closes, and they share the source.
  for (const alias of aliases) {
    try {
      breadth.set(alias, await breadthRun(alias, from, to, ctx, warm.has(alias)));
    } catch (err) {
      if (err instanceof UserError || err instanceof DataUnavailableError || err instanceof BadDataError)
        breadthUnavailable.set(alias, errorMessage(err));
      else throw err;
    }
  }
  return {
    series,
    breadth,
    breadthUnavailable,
    missing,
    requests: { histories: needs.size, memberLists: aliases.length },
    source: ctx.market.name,
    fetchedAt: fetchedAt || ctx.clock.now(),
  };
}

async function breadthRun(
  alias: string,
  from: string,
  to: string,
  ctx: CommandContext,
  warmup: boolean,
): Promise<BreadthRun> {
  const index = memberIndex(alias, "alert");
  const list = await loadMemberList(index, ctx);
  const wanted = sessionsEnding(to, 1);
  while ((wanted[0] as string) > from) wanted.unshift(previousTradingDay(wanted[0] as string));
  // Before the first session evaluated: the alerts' window, or the McClellan EMAs' warm-up.
  const before = warmup ? WARMUP_SESSIONS : BREADTH_WINDOW - 1;
  const dates: string[] = [];
  const records: (BreadthRecord | undefined)[] = [];
  // Back-fills are bounded per call: walk back in chunks from the end, the oldest with the lead-in.
  let end = to;
  let left = wanted.length;
  const chunks: { dates: string[]; records: (BreadthRecord | undefined)[] }[] = [];
  while (left > 0) {
    const n = Math.min(MAX_HISTORY_SESSIONS, left);
    left -= n;
    const b = await backfillBreadth(list, end, n, ctx, index.name, left === 0 ? { warmup: before } : {});
    chunks.unshift({ dates: b.dates, records: b.records });
    end = previousTradingDay(b.dates[0] as string);
  }
  for (const c of chunks) {
    dates.push(...c.dates);
    records.push(...c.records);
  }
  return { alias, name: index.name, dates, records, listLabel: memberListLabel(list) };
}

/** The unbroken run of session breadth ending on `session`, at most `most` sessions long. */
export function breadthWindow(run: BreadthRun, session: string, most = BREADTH_WINDOW): SessionBreadth[] {
  const end = run.dates.indexOf(session);
  if (end < 0 || !run.records[end]) return [];
  let start = end;
  while (start > 0 && end - start + 1 < most && run.records[start - 1]) start--;
  return (run.records.slice(start, end + 1) as BreadthRecord[]).map(sessionBreadth);
}

export function barsOf(data: AlertData, symbol: string): Bar[] {
  return data.series.get(symbol)?.bars ?? [];
}

/** The latest session up to `session` on which every input of `spec` has a value. */
export function latestSessionIn(spec: AlertSpec, data: AlertData, session: string): string | undefined {
  const last = (symbol: string) => barsOf(data, symbol).findLast((b) => b.date <= session)?.date;
  const earliest = (dates: (string | undefined)[]) =>
    dates.some((d) => d === undefined) ? undefined : (dates as string[]).sort()[0];
  switch (spec.kind) {
    case "record":
    case "cross":
      return last(spec.symbol);
    case "line":
    case "spread":
      return earliest([last(spec.a), last(spec.b)]);
    default: {
      const run = data.breadth.get(spec.index);
      if (!run) return undefined;
      for (let i = run.dates.length - 1; i >= 0; i--) if (run.records[i]) return run.dates[i];
      return undefined;
    }
  }
}
