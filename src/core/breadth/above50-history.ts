/**
 * Where today's "% above 50-day" sits in an index's stored breadth history (the records written
 * after each close and back-filled by /breadth history), as ANALYTICS.md's percentile: the share of
 * stored sessions below it, ties counted half, with the count and first date behind it.
 */
import { type PercentileRank, percentileRank } from "../analytics/history/percentile.ts";
import type { CommandContext } from "../command.ts";
import { previousTradingDay } from "../market/calendar.ts";
import { loadRecords, sessionBreadth } from "./history-store.ts";
import { sessionsEnding } from "./record.ts";

/** Sessions of stored history read at most: five years. */
export const ABOVE50_HISTORY_SESSIONS = 1260;
/** Fewer stored sessions than this: "history too short", never a percentile. */
export const MIN_ABOVE50_HISTORY = 20;

export interface Above50Percentile {
  /** The reading ranked, in percent. */
  current: number;
  /** Stored sessions with a reading, before the session ranked. */
  sessions: number;
  firstDate?: string;
  lastDate?: string;
  /** Absent when fewer than MIN_ABOVE50_HISTORY sessions are stored. */
  rank?: PercentileRank;
}

/**
 * The percentile of `current` (percent) among the stored readings of the sessions before
 * `session`: the session itself is left out, so a live reading and a close one rank alike.
 */
export async function above50Percentile(
  ctx: CommandContext,
  alias: string,
  session: string,
  current: number,
): Promise<Above50Percentile> {
  const dates = sessionsEnding(previousTradingDay(session), ABOVE50_HISTORY_SESSIONS);
  const records = await loadRecords(
    ctx.store,
    alias,
    dates,
    ctx.logger,
    ctx.market.sourceId ?? ctx.market.name,
  );
  const values: number[] = [];
  let firstDate: string | undefined;
  let lastDate: string | undefined;
  for (const record of records) {
    const v = record && sessionBreadth(record).above50Percent;
    if (record === undefined || v === undefined) continue;
    values.push(v);
    firstDate ??= record.date;
    lastDate = record.date;
  }
  const out: Above50Percentile = {
    current,
    sessions: values.length,
    ...(firstDate ? { firstDate } : {}),
    ...(lastDate ? { lastDate } : {}),
  };
  const rank = values.length >= MIN_ABOVE50_HISTORY ? percentileRank(values, current) : undefined;
  return rank ? { ...out, rank } : out;
}
