/**
 * /subscribe brief [HH:MM] [ZONE]: post the morning brief in this channel every NYSE trading day
 * at that local time (default 08:30 America/New_York). Subscribing again changes the time; the
 * channel is never posted twice for one session.
 */
import { defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { nyDate } from "../core/market/time.ts";
import { makeReply } from "../core/reply.ts";
import { nextSlot } from "../core/schedule/slots.ts";
import { channelOf, requireManager } from "../core/subscriptions/access.ts";
import { skippedBefore, slotText, whenText } from "../core/subscriptions/describe.ts";
import {
  DEFAULT_TIME,
  DEFAULT_ZONE,
  normalizeTime,
  parseZone,
  SUBSCRIPTION_KINDS,
  type SubscriptionKind,
  subscriptionId,
} from "../core/subscriptions/model.ts";
import { SubscriptionStore } from "../core/subscriptions/store.ts";
import { quoteUserText, words } from "../core/text.ts";

export interface SubscribeArgs {
  kind: SubscriptionKind;
  time: string;
  zone: string;
}

const EXAMPLE = `/subscribe brief ${DEFAULT_TIME} ${DEFAULT_ZONE}`;

/** The kind word, then a time and a zone in either order, each optional. */
export function parseKind(word: string | undefined, command: string): SubscriptionKind {
  const kind = word?.toLowerCase();
  if (kind && (SUBSCRIPTION_KINDS as readonly string[]).includes(kind)) return kind as SubscriptionKind;
  const shown = word ? quoteUserText(word, 16) : undefined;
  throw new UserError(
    "bad-subscription-kind",
    `${shown ? `"${shown}" is not something I post on a schedule` : command === "unsubscribe" ? "Say what to stop" : "Say what to post"}: the one scheduled post is the morning brief.`,
    `/${command} brief`,
  );
}

export function parseSubscribe(text: string): SubscribeArgs {
  const [first, ...rest] = words(text);
  const kind = parseKind(first, "subscribe");
  let time: string | undefined;
  let zone: string | undefined;
  for (const word of rest) {
    if (/^\d/.test(word) && time === undefined) time = normalizeTime(word);
    else if (zone === undefined) zone = parseZone(word);
    else
      throw new UserError(
        "subscribe-args",
        "/subscribe takes what to post, then a time and a time zone, each at most once.",
        EXAMPLE,
      );
  }
  return { kind, time: time ?? DEFAULT_TIME, zone: zone ?? DEFAULT_ZONE };
}

export const subscribe = defineCommand<SubscribeArgs>({
  name: "subscribe",
  description: "Post the morning brief here every NYSE trading day at a time (default 08:30 New York)",
  usage: "brief [HH:MM] [ZONE]",
  examples: [EXAMPLE, "/subscribe brief 07:00 Europe/London", "/subscribe brief"],
  options: [
    {
      name: "what",
      description: "What to post: brief",
      type: "choice",
      choices: [{ value: "brief", label: "The morning brief" }],
      required: true,
    },
    { name: "time", description: "Local time, HH:MM on a 24-hour clock (default 08:30)", type: "string" },
    { name: "zone", description: "IANA time zone, e.g. America/New_York (default)", type: "string" },
  ],
  admin: true,
  parse: parseSubscribe,
  async run(args, ctx) {
    const channel = channelOf(ctx.requester, "subscribe");
    requireManager(ctx.requester, channel, "subscribe");
    const subs = new SubscriptionStore(ctx.store);
    const id = subscriptionId(channel.platform, channel.workspaceId, channel.channelId, args.kind);
    const now = ctx.clock.now();
    const old = await subs.get(id);
    const saved = await subs.save({
      id,
      ...channel,
      kind: args.kind,
      time: args.time,
      zone: args.zone,
      createdBy: old?.createdBy ?? ctx.requester.userId ?? "unknown",
      createdAt: old?.createdAt ?? now,
      updatedAt: now,
    });
    const next = nextSlot(saved, now);
    const lines = [
      `${old ? "Changed: this channel now gets" : "Subscribed: this channel will get"} the morning brief every NYSE trading day at ${whenText(saved, next)}. Weekends and market holidays are skipped.`,
    ];
    if (old?.state.pausedAt !== undefined)
      lines.push("Posting had been paused after failures; it resumes now.");
    if (next) lines.push(`Next post: ${slotText(next, saved.zone)}, covering the close before it.`);
    const skipped = skippedBefore(next, nyDate(now));
    if (skipped) lines.push(skipped);
    lines.push("Change the time with /subscribe again; stop with /unsubscribe brief.");
    return makeReply(
      [
        { type: "title", text: "Morning brief subscription" },
        { type: "text", text: lines.join("\n") },
      ],
      {
        subscription: { id, time: saved.time, zone: saved.zone, platform: saved.platform },
        changed: old !== undefined,
        nextPostAt: next ? new Date(next.at).toISOString() : null,
        nextSession: next?.session ?? null,
      },
    );
  },
});
