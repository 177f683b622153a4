/**
 * /subscriptions [all]: what this channel receives on a schedule and how it is going (next post,
 * last post, failures, a pause); `all` lists the whole workspace, for people who manage it.
 */
import { defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { makeReply } from "../core/reply.ts";
import { nextSlot } from "../core/schedule/slots.ts";
import { channelOf, whoManages } from "../core/subscriptions/access.ts";
import { statusText, whenText } from "../core/subscriptions/describe.ts";
import { type Subscription, subscriptionId } from "../core/subscriptions/model.ts";
import { SubscriptionStore } from "../core/subscriptions/store.ts";
import { words } from "../core/text.ts";

/** Most subscriptions listed in one reply. */
const MAX_LISTED = 50;

export const subscriptions = defineCommand<{ all: boolean }>({
  name: "subscriptions",
  description: "What this channel (or, for admins, the workspace) receives on a schedule",
  usage: "[all]",
  private: true,
  examples: ["/subscriptions", "/subscriptions all"],
  options: [{ name: "scope", description: "all: the whole workspace (admins)", type: "string" }],
  parse(text) {
    const parts = words(text).map((w) => w.toLowerCase());
    if (parts.length === 0) return { all: false };
    if (parts.length === 1 && parts[0] === "all") return { all: true };
    throw new UserError(
      "subscriptions-args",
      "/subscriptions takes nothing (this channel) or `all` (the workspace).",
      "/subscriptions",
    );
  },
  async run(args, ctx) {
    const channel = channelOf(ctx.requester, "subscriptions");
    const store = new SubscriptionStore(ctx.store);
    const now = ctx.clock.now();
    const inWorkspace = await store.inWorkspace(channel.platform, channel.workspaceId);
    // The channel's own record is read directly too: one the index lost is shown and re-indexed.
    const own = await store.get(
      subscriptionId(channel.platform, channel.workspaceId, channel.channelId, "brief"),
    );
    if (own && !inWorkspace.some((s) => s.id === own.id)) {
      ctx.logger.warn({ subscription: own.id }, "subscription missing from its index; re-indexed");
      await store.ensureIndexed(own);
      inWorkspace.push(own);
    }
    if (args.all && ctx.requester.isAdmin !== true)
      throw new UserError(
        "not-workspace-manager",
        `Only people who manage channels here can list the whole workspace's subscriptions (${whoManages(channel.platform)}). /subscriptions alone shows this channel's.`,
        "/subscriptions",
      );
    const shown = args.all ? inWorkspace : inWorkspace.filter((s) => s.channelId === channel.channelId);
    const lines = shown.slice(0, MAX_LISTED).map((s) => line(s, now, args.all));
    if (shown.length > MAX_LISTED) lines.push(`… and ${shown.length - MAX_LISTED} more.`);
    const paused = shown.filter((s) => s.state.pausedAt !== undefined).length;
    const text =
      shown.length === 0
        ? `${args.all ? "No channel in this workspace" : "This channel"} ${args.all ? "gets" : "does not get"} anything on a schedule. Start with /subscribe brief ${"08:30"} America/New_York.`
        : lines.join("\n");
    return makeReply(
      [
        {
          type: "title",
          text: args.all ? "Scheduled posts in this workspace" : "Scheduled posts in this channel",
        },
        { type: "text", text },
        ...(paused > 0
          ? [
              {
                type: "text" as const,
                text: `${paused} subscription${paused === 1 ? " is" : "s are"} paused after repeated failures.`,
              },
            ]
          : []),
      ],
      {
        subscriptions: shown.map((s) => ({
          id: s.id,
          channelId: s.channelId,
          kind: s.kind,
          time: s.time,
          zone: s.zone,
          ...s.state,
        })),
      },
      { visibility: "private" },
    );
  },
});

function line(s: Subscription, now: number, withChannel: boolean): string {
  const where = withChannel ? `channel ${s.channelId}: ` : "";
  return `- ${where}morning brief at ${whenText(s, nextSlot(s, now))}; ${statusText(s, now)}.`;
}
