/**
 * The latest brief computed, kept in the Store so places that cannot wait for a fresh one (the
 * Slack App Home) can show it with its own as-of and source. Only its text blocks are kept (no
 * chart); a brief for an earlier session (an --as-of run) never replaces a later one.
 */
import type { Logger, Store } from "../ports.ts";
import type { Block, Reply } from "../reply.ts";
import { errorMessage } from "../errors.ts";

export const LATEST_BRIEF_NAMESPACE = "brief-latest.v1";
const KEY = "latest";

export interface LatestBrief {
  /** The session (New York date) the brief covers. */
  session: string;
  /** Epoch ms it was computed. */
  computedAt: number;
  /** Its blocks without the chart: title, text, fields, tables and the footer. */
  blocks: Exclude<Block, { type: "chart" }>[];
}

export async function saveLatestBrief(
  store: Store,
  brief: { session: string; reply: Reply; now: number },
  logger: Logger,
): Promise<void> {
  try {
    const current = await store.get<LatestBrief>(LATEST_BRIEF_NAMESPACE, KEY);
    if (current && current.session > brief.session) return;
    const blocks = brief.reply.blocks.filter(
      (b): b is Exclude<Block, { type: "chart" }> => b.type !== "chart",
    );
    await store.set<LatestBrief>(LATEST_BRIEF_NAMESPACE, KEY, {
      session: brief.session,
      computedAt: brief.now,
      blocks,
    });
  } catch (err) {
    // Only a convenience for other views: the brief itself is answered regardless.
    logger.warn({ err: errorMessage(err) }, "latest brief not saved");
  }
}

export async function latestBrief(store: Store): Promise<LatestBrief | undefined> {
  const found = await store.get<LatestBrief>(LATEST_BRIEF_NAMESPACE, KEY);
  return found && Array.isArray(found.blocks) && typeof found.session === "string" ? found : undefined;
}
