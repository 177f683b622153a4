/**
 * Who may change a channel's subscriptions, and where: only in a Slack or Discord channel, and
 * only people who manage it. The adapters decide `requester.isAdmin` from the platform (Slack:
 * workspace admins and owners, and the channel's creator unless switched off; Discord: Manage
 * Channels in that channel); the commands refuse everyone else with a private note.
 */
import type { Requester } from "../command.ts";
import { UserError } from "../errors.ts";
import { type ChatPlatform, isChatPlatform } from "./model.ts";

export interface ChannelRef {
  platform: ChatPlatform;
  workspaceId?: string;
  channelId: string;
}

/** The channel a subscription command was typed in, or a UserError when it was not a channel. */
export function channelOf(requester: Requester, command: string): ChannelRef {
  const platform = requester.platform;
  if (!isChatPlatform(platform) || !requester.channelId)
    throw new UserError(
      "subscriptions-need-channel",
      `/${command} works in a Slack or Discord channel: scheduled posts go to the channel it is typed in.`,
      "/brief",
    );
  return {
    platform,
    channelId: requester.channelId,
    ...(requester.workspaceId ? { workspaceId: requester.workspaceId } : {}),
  };
}

export function whoManages(platform: ChatPlatform): string {
  return platform === "slack"
    ? "workspace admins and owners, or the person who created the channel"
    : "members with the Manage Channels permission here";
}

/** Throws a UserError unless the requester manages the channel. */
export function requireManager(requester: Requester, channel: ChannelRef, command: string): void {
  if (requester.isAdmin === true) return;
  throw new UserError(
    "not-channel-manager",
    `Only people who manage this channel can use /${command}: ${whoManages(channel.platform)}. Ask one of them, or see what it receives with /subscriptions.`,
    "/subscriptions",
  );
}
