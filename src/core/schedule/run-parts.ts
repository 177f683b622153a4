/**
 * Small pieces of a brief run: what a run reports, the late note, and a time limit on one post.
 */
import { blocksToText, type Reply } from "../reply.ts";
import { slotText } from "../subscriptions/describe.ts";
import type { Owed } from "./delivery.ts";

export interface BriefRunReport {
  at: number;
  owed: number;
  posted: number;
  /** Posts an earlier attempt had made after all (found in the channel, not posted again). */
  found: number;
  late: number;
  failed: number;
  paused: number;
  retrying: number;
  missed: number;
  /** Owed posts another run or replica held or had finished. */
  elsewhere: number;
  /** ms spent computing and rendering the brief (0 when it was not needed). */
  computeMs: number;
  postMs: number;
  /** Set when the brief could not be computed (nothing was posted). */
  briefError?: string;
  /** Set when a run of the same runner was still under way (this call did nothing). */
  busy?: boolean;
}

export function emptyReport(at: number): BriefRunReport {
  return {
    at,
    ...{ owed: 0, posted: 0, found: 0, late: 0, failed: 0, paused: 0, retrying: 0, missed: 0, elsewhere: 0 },
    ...{ computeMs: 0, postMs: 0 },
  };
}

/** The brief with a line saying it comes late, and when it was due. */
export function lateReply(brief: Reply, o: Owed): Reply {
  const note = {
    type: "text" as const,
    text: `Posted late: this brief was due ${slotText(o.slot, o.sub.zone)}, when the bot was not running.`,
  };
  const at = brief.blocks[0]?.type === "title" ? 1 : 0;
  const blocks = [...brief.blocks.slice(0, at), note, ...brief.blocks.slice(at)];
  return { ...brief, blocks, fallback: blocksToText(blocks) };
}

export function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the post took longer than ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
