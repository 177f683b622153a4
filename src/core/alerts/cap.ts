/**
 * The posts of one after-close run, channel by channel: each channel's firings in alert order up
 * to its cap of posts for the session (counting what it already got), then one summary line
 * naming the rest.
 */
import { formatShortDate } from "../market/time.ts";
import type { Firing } from "./evaluate.ts";
import type { Owed } from "./owed.ts";
import type { AlertPost } from "./post.ts";
import { capReply, firingReply } from "./render.ts";
import { specKey } from "./spec.ts";
import type { AlertState, ChannelWithAlerts } from "./store.ts";

export interface Ready {
  owed: Owed;
  /** Firings of the session to post. */
  firings: Firing[];
  state: AlertState;
}

/** The posts, and how many firings went into summary lines instead. */
export function cappedPosts(
  ready: readonly Ready[],
  session: string,
  options: { late: boolean; source: string; maxPerSession: number },
): { posts: AlertPost[]; capped: number } {
  const byChannel = new Map<ChannelWithAlerts, { owed: Owed; firing: Firing }[]>();
  for (const r of ready)
    for (const firing of r.firings)
      byChannel.set(r.owed.channel, [...(byChannel.get(r.owed.channel) ?? []), { owed: r.owed, firing }]);
  const posts: AlertPost[] = [];
  let capped = 0;
  const { late, source, maxPerSession } = options;
  for (const [channel, fired] of byChannel) {
    fired.sort((a, b) => a.owed.id - b.owed.id);
    const before = channel.delivery.posted?.session === session ? channel.delivery.posted.count : 0;
    const room = Math.max(0, maxPerSession - before);
    const note = late
      ? `Posted late: this alert fired on the ${formatShortDate(session)} close, when the bot was not running.`
      : undefined;
    for (const f of fired.slice(0, room))
      posts.push({
        channel,
        claim: `alert:${channel.key}:${f.owed.id}:${session}:${f.firing.occurrence}`,
        reply: firingReply(f.firing, {
          id: f.owed.id,
          spec: f.owed.spec,
          source,
          ...(note ? { note } : {}),
        }),
        chartKey: `${specKey(f.owed.spec)}|${f.firing.session}|${f.firing.occurrence}`,
        fired: [f],
        late,
      });
    const rest = fired.slice(room);
    if (rest.length > 0) {
      capped += rest.length;
      posts.push({
        channel,
        claim: `alert-cap:${channel.key}:${session}`,
        reply: capReply(
          session,
          maxPerSession,
          rest.map((f) => ({ id: f.owed.id, spec: f.owed.spec, figure: f.firing.figure })),
        ),
        fired: rest,
        late,
        summary: true,
      });
    }
  }
  return { posts, capped };
}
