/**
 * Breadth of the Russell 2000 and the S&P 500 for a brief: the session's breadth record and the
 * one before it, from the breadth history (recorded after each close, or computed from member
 * closes when missing, exactly as /breadth history does). An index whose members or closes
 * cannot be had is named with the reason, never left out silently.
 */
import { percentOf, type Tally } from "../analytics/breadth.ts";
import { type Above50Percentile, above50Percentile } from "../breadth/above50-history.ts";
import { type BreadthRecord, sessionBreadth } from "../breadth/history-store.ts";
import { loadMemberList, memberIndex } from "../breadth/members.ts";
import { backfillBreadth } from "../breadth/record.ts";
import type { CommandContext } from "../command.ts";
import { BadDataError, DataUnavailableError, errorMessage, UserError, userTextOf } from "../errors.ts";
import { fiftyCross } from "./events.ts";

export const BRIEF_BREADTH_INDEXES = ["RUT", "SPX"] as const;

export interface IndexBreadth {
  alias: string;
  name: string;
  latest?: BreadthRecord;
  previous?: BreadthRecord;
  /** % above the 50-day average crossing 50 between the two sessions. */
  cross50?: "up" | "down";
  /** The session's % above 50-day among the stored sessions before it. */
  above50History?: Above50Percentile;
  /** Why there is no figure for the session. */
  unavailable?: string;
}

export function pctOf(t: Tally | undefined): number | undefined {
  return t ? percentOf(t) : undefined;
}

/** Percentage-point change of a tally's percentage between two records. */
export function ppChange(latest: Tally | undefined, previous: Tally | undefined): number | undefined {
  const a = pctOf(latest);
  const b = pctOf(previous);
  return a === undefined || b === undefined ? undefined : a - b;
}

export async function briefBreadth(session: string, ctx: CommandContext): Promise<IndexBreadth[]> {
  const out: IndexBreadth[] = [];
  // One index after the other: each may fetch many members' closes, and they share the source.
  for (const alias of BRIEF_BREADTH_INDEXES) out.push(await oneIndex(alias, session, ctx));
  return out;
}

async function oneIndex(alias: string, session: string, ctx: CommandContext): Promise<IndexBreadth> {
  const index = memberIndex(alias, "breadth");
  try {
    const list = await loadMemberList(index, ctx);
    const { records } = await backfillBreadth(list, session, 2, ctx, index.name);
    const [previous, latest] = records;
    if (!latest)
      return {
        alias,
        name: index.name,
        unavailable: "too few members priced on the session for breadth to mean something",
      };
    const cross = fiftyCross(pctOf(previous?.above50), pctOf(latest.above50));
    const now = sessionBreadth(latest).above50Percent;
    const above50History = now === undefined ? undefined : await above50Percentile(ctx, alias, session, now);
    return {
      alias,
      name: index.name,
      latest,
      ...(above50History ? { above50History } : {}),
      ...(previous ? { previous } : {}),
      ...(cross ? { cross50: cross } : {}),
    };
  } catch (err) {
    if (err instanceof UserError || err instanceof DataUnavailableError || err instanceof BadDataError) {
      ctx.logger.info({ alias, err: errorMessage(err) }, "brief without breadth");
      const said = err instanceof UserError ? err.message : userTextOf(err);
      return { alias, name: index.name, unavailable: said };
    }
    throw err;
  }
}
