/**
 * The scheduler's Poster on Slack: postReply (one Block Kit message, then the chart) with the
 * workspace's own client, and Slack's refusals sorted out. The bot out of the channel, a channel
 * gone or archived, a revoked token or a missing scope are permanent; rate limits, Slack's own
 * errors and network failures are worth retrying. A message that went out without its chart
 * counts as posted (the failed upload is logged).
 */
import type { webApi } from "@slack/bolt";
import { errorMessage } from "../../core/errors.ts";
import type { Logger } from "../../core/ports.ts";
import type { Reply } from "../../core/reply.ts";
import { ChannelPostError, type Poster, type PostTarget } from "../../core/schedule/poster.ts";
import { postReply } from "./post.ts";

/** Plain-text reasons (for logs and /subscriptions) of the refusals retrying cannot fix. */
const PERMANENT: Record<string, string> = {
  not_in_channel: "the bot is not a member of this channel (invite it with /invite)",
  channel_not_found: "the channel cannot be found (deleted, or private and the bot is not in it)",
  is_archived: "the channel is archived",
  channel_is_archived: "the channel is archived",
  missing_scope: "the Slack app lacks a permission (update it from its manifest and reinstall)",
  restricted_action: "posting is restricted in this channel",
  restricted_action_read_only_channel: "the channel is read-only",
  restricted_action_thread_only_channel: "the channel takes replies in threads only",
  restricted_action_non_threadable_channel: "posting is restricted in this channel",
  ekm_access_denied: "the workspace's key management (EKM) settings blocked the post",
  not_authed: "the Slack token is not accepted in this workspace (reinstall the app)",
  invalid_auth: "the Slack token is not accepted in this workspace (reinstall the app)",
  account_inactive: "the Slack token is not accepted in this workspace (reinstall the app)",
  token_revoked: "the Slack token was revoked (reinstall the app)",
  token_expired: "the Slack token expired (reinstall the app)",
  no_permission: "the Slack app may not post here",
  team_access_not_granted: "the Slack app has no access to this workspace",
  not_allowed_token_type: "the Slack token cannot post messages",
  channel_type_not_supported: "the bot cannot post in this kind of conversation",
  msg_too_long: "the brief is too long for one Slack message",
  no_installation: "the app is not installed in this workspace any more",
};

export interface SlackPosterOptions {
  logger?: Logger;
  botUserId?: string;
}

export function slackPoster(
  clientFor: (teamId?: string) => Promise<webApi.WebClient>,
  options: SlackPosterOptions = {},
): Poster {
  return {
    async post(target: PostTarget, reply: Reply): Promise<void> {
      let client: webApi.WebClient;
      try {
        client = await clientFor(target.workspaceId);
      } catch (err) {
        throw new ChannelPostError(
          "no_installation",
          `${PERMANENT.no_installation}: ${errorMessage(err)}`,
          true,
        );
      }
      const result = await postReply(client, { channel: target.channelId }, reply, {
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.botUserId ? { botUserId: options.botUserId } : {}),
      });
      if (!result.ok) {
        const code = result.failure.code;
        const reason = PERMANENT[code];
        throw new ChannelPostError(code, reason ?? `Slack refused the post (${code})`, reason !== undefined);
      }
      if (result.chartFailure)
        options.logger?.warn(
          { channel: target.channelId, code: result.chartFailure.code },
          "brief posted without its chart",
        );
    },
  };
}
