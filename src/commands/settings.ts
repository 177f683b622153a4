/**
 * /settings [cashtags on|off]: this channel's settings, changed by the people who manage it (the
 * same rule as /subscribe). Today one setting: cashtags, a compact quote in reply to `$IWM` in an
 * ordinary message. Shown privately; a change is announced in the channel, since it changes what
 * the bot does with everyone's messages there.
 */

import { MAX_CASHTAGS } from "../core/cashtags.ts";
import { type ChannelSettings, readSettings, saveSettings } from "../core/channel-settings.ts";
import { defineCommand, type Requester } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { formatDate, nyDate } from "../core/market/time.ts";
import { makeReply } from "../core/reply.ts";
import { type ChannelRef, requireManager } from "../core/subscriptions/access.ts";
import { isChatPlatform } from "../core/subscriptions/model.ts";
import { quoteUserText, words } from "../core/text.ts";

export type SettingsArgs = { action: "show" } | { action: "set"; cashtags: boolean };

const EXAMPLE = "/settings cashtags on";

export function parseSettings(text: string): SettingsArgs {
  const [name, value, ...rest] = words(text).map((w) => w.toLowerCase());
  if (name === undefined) return { action: "show" };
  if (name !== "cashtags") {
    const shown = quoteUserText(name, 16);
    throw new UserError(
      "bad-setting",
      `${shown ? `"${shown}" is not a setting` : "That is not a setting"}: the one setting is cashtags (on or off).`,
      EXAMPLE,
    );
  }
  if ((value !== "on" && value !== "off") || rest.length > 0)
    throw new UserError("bad-setting-value", "Say on or off after cashtags.", EXAMPLE);
  return { action: "set", cashtags: value === "on" };
}

/** The channel /settings was typed in: only a Slack or Discord channel has settings. */
function channelOf(requester: Requester): ChannelRef {
  if (!isChatPlatform(requester.platform) || !requester.channelId)
    throw new UserError(
      "settings-need-channel",
      "/settings changes a Slack or Discord channel: type it in that channel.",
      "/help settings",
    );
  return {
    platform: requester.platform,
    channelId: requester.channelId,
    ...(requester.workspaceId ? { workspaceId: requester.workspaceId } : {}),
  };
}

function cashtagsLine(on: boolean): string {
  return on
    ? `Cashtags: on. A message here with $IWM or $SPY gets a compact quote in reply (in its thread), up to ${MAX_CASHTAGS} tickers per message; messages from bots are ignored. Turn off with /settings cashtags off.`
    : "Cashtags: off. Turn on with /settings cashtags on: then a message here with $IWM or $SPY gets a compact quote in reply.";
}

/** Said when cashtags are on but this connection does not receive the channel's messages. */
function notReading(platform: ChannelRef["platform"]): string {
  return platform === "discord"
    ? "Note: this bot does not receive the text of messages on Discord, so cashtags are saved but not answered until its operator turns on the Message Content intent (DISCORD_MESSAGE_CONTENT=true; see the README)."
    : "Note: this app is not subscribed to channel messages, so cashtags are saved but not answered until its operator sets SLACK_CASHTAGS=true and updates the app from the new manifest (see the README).";
}

export const settings = defineCommand<SettingsArgs>({
  name: "settings",
  description: "This channel's settings: cashtags on or off (quotes in reply to $IWM in a message)",
  usage: "[cashtags on|off]",
  examples: ["/settings", EXAMPLE, "/settings cashtags off"],
  options: [
    {
      name: "setting",
      description: "Which setting (leave empty to see them all)",
      type: "choice",
      choices: [{ value: "cashtags", label: "cashtags: quote $IWM in messages" }],
    },
    {
      name: "value",
      description: "on or off",
      type: "choice",
      choices: [
        { value: "on", label: "on" },
        { value: "off", label: "off" },
      ],
    },
  ],
  admin: true,
  parse: parseSettings,
  async run(args, ctx) {
    const channel = channelOf(ctx.requester);
    requireManager(ctx.requester, channel, "settings");
    const deaf = ctx.readsMessages === false;
    if (args.action === "show") {
      const current = await readSettings(ctx.store, channel);
      const changed =
        current.updatedAt !== undefined ? ` Last changed ${formatDate(nyDate(current.updatedAt))}.` : "";
      const lines = [cashtagsLine(current.cashtags) + changed];
      if (current.cashtags && deaf) lines.push(notReading(channel.platform));
      return makeReply(
        [
          { type: "title", text: "Settings for this channel" },
          { type: "text", text: lines.join("\n") },
        ],
        { settings: { cashtags: current.cashtags }, readsMessages: ctx.readsMessages ?? null },
        { visibility: "private" },
      );
    }
    const before = await readSettings(ctx.store, channel);
    const saved: ChannelSettings = {
      cashtags: args.cashtags,
      updatedBy: ctx.requester.userId ?? "unknown",
      updatedAt: ctx.clock.now(),
    };
    await saveSettings(ctx.store, channel, saved);
    const unchanged = before.cashtags === saved.cashtags;
    const lines = [
      `${unchanged ? "Unchanged" : "Changed"}: ${cashtagsLine(saved.cashtags)}`,
      ...(saved.cashtags && deaf ? [notReading(channel.platform)] : []),
    ];
    return makeReply(
      [
        { type: "title", text: "Channel settings" },
        { type: "text", text: lines.join("\n") },
      ],
      {
        settings: { cashtags: saved.cashtags },
        changed: !unchanged,
        readsMessages: ctx.readsMessages ?? null,
      },
    );
  },
});
