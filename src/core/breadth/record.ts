/**
 * Breadth from daily closes: one session (as-of answers, and the record the scheduler writes after
 * each close) or a bounded back-fill of many sessions for the history view. Member closes come
 * through the MarketData port, whose cache keeps them, so an interrupted back-fill resumes from
 * what it already fetched; each computed session is stored as soon as it is known.
 */
import { type BreadthSnapshot, closeBreadth, YEAR_SESSIONS } from "../analytics/breadth.ts";
import type { CommandContext } from "../command.ts";
import { counted } from "../format.ts";
import { lastCompletedSession, previousTradingDay } from "../market/calendar.ts";
import { addDays } from "../market/time.ts";
import type { HistoryRequest, MemberList } from "../ports.ts";
import { type GatheredHistories, gatherHistories } from "./gather.ts";
import { type BreadthRecord, isRecordable, loadRecords, saveRecord, toRecord } from "./history-store.ts";
import { loadMemberList, memberIndex } from "./members.ts";

export const DEFAULT_HISTORY_SESSIONS = 60;
export const MAX_HISTORY_SESSIONS = 250;
/**
 * Sessions the McClellan EMAs run before the first session shown (ANALYTICS.md "Warm-up"): the
 * seed's weight is then 0.95^200 (about 3.5e-5) of a value, far below its last digit.
 */
export const WARMUP_SESSIONS = 200;
/** Sessions no record can be computed for (no member priced: before the data starts), by source. */
const UNCOMPUTABLE_NAMESPACE = "breadth-history-none";

/** The `n` NYSE sessions ending at `end` (a trading day), oldest first. */
export function sessionsEnding(end: string, n: number): string[] {
  const out = [end];
  while (out.length < n) out.unshift(previousTradingDay(out[0] as string));
  return out;
}

/** Calendar window holding the 252 sessions before `first` (the 52-week window) through `last`. */
export function closesWindow(first: string, last: string): HistoryRequest {
  // 7 calendar days hold at most 5 sessions; a month more covers the year's holidays (about ten)
  // with room to spare, so a member missing a bar or two still has its 252 closes in the window.
  return { from: addDays(first, -Math.ceil(((YEAR_SESSIONS + 1) * 7) / 5) - 31), to: last };
}

export interface CloseBreadth {
  snapshot: BreadthSnapshot;
  histories: GatheredHistories;
}

/** Historical-mode breadth of a member list as of session `date`. */
export async function closeBreadthOf(
  list: MemberList,
  date: string,
  ctx: CommandContext,
  message: string,
): Promise<CloseBreadth> {
  const symbols = list.members.map((m) => m.symbol);
  const histories = await gatherHistories(symbols, closesWindow(date, date), ctx, message);
  const snapshot = closeBreadth(
    list.members,
    histories.bars,
    date,
    previousTradingDay(date),
    histories.missing,
  );
  return { snapshot, histories };
}

/**
 * A historical snapshot as that session's record, when it covers enough members; stored only when
 * no member's closes were missing for a passing reason (an outage), since a stored record is never
 * computed again and would keep that gap for good.
 */
export async function keepRecord(
  list: MemberList,
  snapshot: BreadthSnapshot,
  ctx: CommandContext,
  histories: Pick<GatheredHistories, "failed">,
): Promise<BreadthRecord | undefined> {
  if (snapshot.mode !== "close" || !isRecordable(snapshot)) return undefined;
  const record = toRecord(
    list.alias,
    snapshot,
    ctx.market.sourceId ?? ctx.market.name,
    ctx.clock.now(),
    list.asOf,
  );
  if (histories.failed === 0) await saveRecord(ctx.store, record, ctx.logger);
  return record;
}

/**
 * Computes and stores one index's breadth record for a session (default: the last completed one),
 * from daily closes. For the scheduler, after the close. Returns undefined when too few members
 * were priced to keep the record (nothing is stored then).
 */
export async function recordBreadthSnapshot(
  alias: string,
  ctx: CommandContext,
  date: string = ctx.asOf ?? lastCompletedSession(ctx.clock.now()),
): Promise<BreadthRecord | undefined> {
  const index = memberIndex(alias, "breadth");
  const list = await loadMemberList(index, ctx);
  const { snapshot, histories } = await closeBreadthOf(
    list,
    date,
    ctx,
    `recording ${index.name} breadth of ${counted(list.members.length, "member")}`,
  );
  // Members the source could not serve now may be served later: not recorded, so tried again.
  if (histories.failed > 0) return undefined;
  return keepRecord(list, snapshot, ctx, histories);
}

export interface Backfill {
  dates: string[];
  /** One per date; undefined where the session could not be computed with enough coverage. */
  records: (BreadthRecord | undefined)[];
  /** Sessions computed by this call; stored unless `unsaved`. */
  filled: number;
  /** Set when the computed sessions were not stored: some members' closes could not be fetched. */
  unsaved?: boolean;
  /** Set when the store keeps nothing past this run (the terminal's in-memory fallback). */
  transient?: boolean;
  /** Present when closes had to be fetched. */
  histories?: GatheredHistories;
}

/** Makes sure the `sessions` sessions ending at `end` have records, computing the missing ones. */
export async function backfillBreadth(
  list: MemberList,
  end: string,
  sessions: number,
  ctx: CommandContext,
  label: string,
  options: { warmup?: number } = {},
): Promise<Backfill> {
  const n = Math.max(1, Math.min(MAX_HISTORY_SESSIONS, Math.floor(sessions))) + (options.warmup ?? 0);
  const dates = sessionsEnding(end, n);
  const records = await loadRecords(
    ctx.store,
    list.alias,
    dates,
    ctx.logger,
    ctx.market.sourceId ?? ctx.market.name,
  );
  // Sessions before the data starts are remembered, so a warm-up reaching past them fetches nothing.
  const none = await loadUncomputable(ctx, list.alias, dates);
  const todo = dates.filter((d, i) => records[i] === undefined && !none.has(d));
  if (todo.length === 0) return { dates, records, filled: 0 };
  const symbols = list.members.map((m) => m.symbol);
  const message = `back-filling ${counted(todo.length, "session")} of ${label} breadth from the closes of ${counted(symbols.length, "member")}`;
  const histories = await gatherHistories(symbols, closesWindow(todo[0] as string, end), ctx, message);
  let filled = 0;
  const uncomputable: string[] = [];
  for (const date of todo) {
    const snapshot = closeBreadth(
      list.members,
      histories.bars,
      date,
      previousTradingDay(date),
      histories.missing,
    );
    const record = await keepRecord(list, snapshot, ctx, histories);
    if (!record) {
      if (snapshot.directionOf === 0 && histories.failed === 0) uncomputable.push(date);
      continue;
    }
    records[dates.indexOf(date)] = record;
    filled++;
  }
  await saveUncomputable(ctx, list.alias, uncomputable);
  return {
    dates,
    records,
    filled,
    histories,
    ...(histories.failed > 0 ? { unsaved: true } : {}),
    ...(ctx.store.persistent === false ? { transient: true } : {}),
  };
}

async function loadUncomputable(
  ctx: CommandContext,
  alias: string,
  dates: readonly string[],
): Promise<Set<string>> {
  try {
    const marks = await ctx.store.getMany<{ source: string }>(
      UNCOMPUTABLE_NAMESPACE,
      dates.map((d) => `${alias}:${d}`),
    );
    return new Set(dates.filter((_, i) => marks[i]?.source === ctx.market.name));
  } catch {
    return new Set();
  }
}

async function saveUncomputable(ctx: CommandContext, alias: string, dates: readonly string[]): Promise<void> {
  if (dates.length === 0) return;
  try {
    await ctx.store.setMany(
      UNCOMPUTABLE_NAMESPACE,
      dates.map((d) => ({ key: `${alias}:${d}`, value: { source: ctx.market.name } })),
    );
  } catch (err) {
    ctx.logger.warn({ alias, sessions: dates.length, err: String(err) }, "breadth warm-up marks not stored");
  }
}
