/**
 * One breadth record per index per session, kept in the Store under "breadth-history.v1" with the
 * key "<ALIAS>:<YYYY-MM-DD>". Records are computed from daily closes (closing basis), so a record
 * written after the close and one back-filled later agree. A record is written only when enough
 * members were priced for its percentages to mean something.
 */
import type { BreadthCounts, BreadthSnapshot, SectorBreadth } from "../analytics/breadth.ts";
import { isMeaningful, percentOf } from "../analytics/breadth.ts";
import type { SessionBreadth } from "../analytics/breadth-history.ts";
import { errorMessage } from "../errors.ts";
import type { Logger, Store } from "../ports.ts";

export const BREADTH_HISTORY_NAMESPACE = "breadth-history.v1";

export interface BreadthRecord extends BreadthCounts {
  alias: string;
  date: string;
  mode: "close";
  sectors: SectorBreadth[];
  /** The market-data source the closes came from. */
  source: string;
  /** The member list's own date. */
  listAsOf?: string;
  recordedAt: number;
}

const key = (alias: string, date: string) => `${alias.toUpperCase()}:${date}`;

export function toRecord(
  alias: string,
  snapshot: BreadthSnapshot,
  source: string,
  recordedAt: number,
  listAsOf?: string,
): BreadthRecord {
  const { mode: _mode, notPriced: _notPriced, ...counts } = snapshot;
  return {
    ...counts,
    alias: alias.toUpperCase(),
    mode: "close",
    source,
    recordedAt,
    ...(listAsOf ? { listAsOf } : {}),
  };
}

/** Whether a snapshot covers enough members to be kept as history. */
export function isRecordable(snapshot: BreadthCounts): boolean {
  return isMeaningful(snapshot.directionOf, snapshot.members);
}

export async function saveRecord(store: Store, record: BreadthRecord, logger: Logger): Promise<boolean> {
  try {
    await store.set(BREADTH_HISTORY_NAMESPACE, key(record.alias, record.date), record);
    return true;
  } catch (err) {
    logger.warn(
      { alias: record.alias, date: record.date, err: errorMessage(err) },
      "breadth record not saved",
    );
    return false;
  }
}

/**
 * The stored records of these sessions (one Store round trip), undefined where there is none. With
 * `source`, a record computed from another market-data source (say a CSV folder of synthetic
 * closes run against the same store) counts as none: it is not this source's history.
 */
export async function loadRecords(
  store: Store,
  alias: string,
  dates: readonly string[],
  logger: Logger,
  source?: string,
): Promise<(BreadthRecord | undefined)[]> {
  try {
    const records = await store.getMany<BreadthRecord>(
      BREADTH_HISTORY_NAMESPACE,
      dates.map((date) => key(alias, date)),
    );
    return source === undefined ? records : records.map((r) => (r?.source === source ? r : undefined));
  } catch (err) {
    logger.warn({ alias, sessions: dates.length, err: errorMessage(err) }, "breadth records not read");
    return dates.map(() => undefined);
  }
}

/** What the history measures read of a record. */
export function sessionBreadth(record: BreadthRecord): SessionBreadth {
  const above50 = percentOf(record.above50);
  return {
    date: record.date,
    advancing: record.advancing,
    declining: record.declining,
    highs: record.highs.count,
    lows: record.lows.count,
    ...(above50 === undefined || !isMeaningful(record.above50.of, record.members)
      ? {}
      : { above50Percent: above50 }),
  };
}
