/** /unsubscribe brief: stop posting the morning brief in this channel. */
import { defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { makeReply } from "../core/reply.ts";
import { channelOf, requireManager } from "../core/subscriptions/access.ts";
import { type SubscriptionKind, subscriptionId } from "../core/subscriptions/model.ts";
import { SubscriptionStore } from "../core/subscriptions/store.ts";
import { words } from "../core/text.ts";
import { parseKind } from "./subscribe.ts";

export const unsubscribe = defineCommand<{ kind: SubscriptionKind }>({
  name: "unsubscribe",
  description: "Stop posting the morning brief in this channel",
  usage: "brief",
  examples: ["/unsubscribe brief"],
  options: [
    {
      name: "what",
      description: "What to stop: brief",
      type: "choice",
      choices: [{ value: "brief", label: "The morning brief" }],
      required: true,
    },
  ],
  admin: true,
  parse(text) {
    const [first, ...rest] = words(text);
    const kind = parseKind(first, "unsubscribe");
    if (rest.length > 0)
      throw new UserError(
        "unsubscribe-args",
        "/unsubscribe takes only what to stop: brief.",
        "/unsubscribe brief",
      );
    return { kind };
  },
  async run(args, ctx) {
    const channel = channelOf(ctx.requester, "unsubscribe");
    requireManager(ctx.requester, channel, "unsubscribe");
    const id = subscriptionId(channel.platform, channel.workspaceId, channel.channelId, args.kind);
    const removed = await new SubscriptionStore(ctx.store).remove(id);
    if (!removed)
      throw new UserError(
        "not-subscribed",
        "This channel does not get the morning brief, so there is nothing to stop.",
        "/subscriptions",
      );
    return makeReply(
      [{ type: "text", text: "Unsubscribed: this channel will no longer get the morning brief." }],
      { unsubscribed: id },
    );
  },
});
