/**
 * Posting many channels without tripping the platforms' rate limits: posts share lanes (one per
 * Slack workspace, one for all of Discord, whose limit is per bot), each lane lets one post start
 * every `intervalMs`, and at most `concurrency` posts are in flight. The lanes are interleaved so
 * a big workspace does not hold up the others. Pacing runs on real time, not the schedule's clock.
 */
import type { PostTarget } from "./poster.ts";

export interface Pacing {
  /** Posts in flight at once. */
  concurrency: number;
  /** Least time between two posts starting in one Slack workspace. */
  slackIntervalMs: number;
  /** Least time between two posts starting anywhere on Discord. */
  discordIntervalMs: number;
}

/**
 * Slack allows about one message per second per channel with bursts, and its upload methods a
 * hundred-odd calls a minute per workspace (a post with a chart takes four calls); Discord allows
 * 50 requests a second per bot. The defaults stay well inside both.
 */
export const DEFAULT_PACING: Pacing = { concurrency: 4, slackIntervalMs: 1000, discordIntervalMs: 100 };

export function laneOf(target: PostTarget): string {
  return target.platform === "slack" ? `slack:${target.workspaceId ?? "-"}` : "discord";
}

/** Round-robin across lanes, keeping each lane's own order. */
export function interleave<T>(items: readonly T[], lane: (item: T) => string): T[] {
  const lanes = new Map<string, T[]>();
  for (const item of items) {
    const key = lane(item);
    const list = lanes.get(key) ?? [];
    list.push(item);
    lanes.set(key, list);
  }
  const out: T[] = [];
  const queues = [...lanes.values()];
  for (let i = 0; out.length < items.length; i++)
    for (const q of queues) if (i < q.length) out.push(q[i] as T);
  return out;
}

export type Sleep = (ms: number) => Promise<void>;
const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `work` on every item under the pacing rules; `work` must not throw. */
export async function paced<T>(
  items: readonly T[],
  target: (item: T) => PostTarget,
  pacing: Pacing,
  work: (item: T) => Promise<void>,
  sleep: Sleep = realSleep,
): Promise<void> {
  const order = interleave(items, (item) => laneOf(target(item)));
  const nextStart = new Map<string, number>();
  const interval = (lane: string) =>
    lane === "discord" ? pacing.discordIntervalMs : lane.startsWith("slack:") ? pacing.slackIntervalMs : 0;
  let next = 0;
  const worker = async () => {
    while (next < order.length) {
      const item = order[next++] as T;
      const lane = laneOf(target(item));
      const now = performance.now();
      const start = Math.max(now, nextStart.get(lane) ?? 0);
      nextStart.set(lane, start + interval(lane));
      if (start > now) await sleep(start - now);
      await work(item);
    }
  };
  const workers = Math.max(1, Math.min(pacing.concurrency, order.length));
  await Promise.all(Array.from({ length: workers }, worker));
}
