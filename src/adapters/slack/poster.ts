/**
 * The scheduler's Poster on Slack: postReply (one Block Kit message, then the chart) with the
 * workspace's own client, and Slack's refusals sorted out. The bot out of the channel, a channel
 * gone or archived, a revoked token or a missing scope are permanent; rate limits, Slack's own
 * errors and network failures are worth retrying. A message that went out without its chart
 * counts as posted (the failed upload is logged).
 *
 * Slack has no idempotency key, so each scheduled post carries message metadata naming its
 * subscription (or alert occurrence) and session. When an earlier attempt may have gone through (see PostIdentity) and
 * the app may read history (SLACK_DEDUP_HISTORY, with channels:history and groups:history), the
 * channel's messages since the post was due are searched for that metadata first; found, nothing
 * is posted. Without the scope, or when the search fails, the post goes out again.
 */
import type { webApi } from "@slack/bolt";
import { errorMessage } from "../../core/errors.ts";
import type { Logger } from "../../core/ports.ts";
import type { Reply } from "../../core/reply.ts";
import {
  ChannelPostError,
  type Poster,
  type PostIdentity,
  type PostOutcome,
  type PostTarget,
} from "../../core/schedule/poster.ts";
import { failureOf } from "./explain.ts";
import { postReply } from "./post.ts";

/** The metadata event type of scheduled briefs. */
export const BRIEF_EVENT_TYPE = "rotation_brief";
/** The metadata event type of alert posts (their "subscription" is the alert's claim). */
export const ALERT_EVENT_TYPE = "rotation_alert";
/** History searched before a repeat: messages since the post was due, less this for clock skew. */
const HISTORY_SKEW_MS = 5 * 60_000;
/** Pages of 200 messages searched at most (a channel rarely has more since the post was due). */
const HISTORY_PAGES = 5;

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
  /** Search the channel's history before a repeat attempt (needs the history scopes). */
  dedupHistory?: boolean;
}

export function slackPoster(
  clientFor: (teamId?: string) => Promise<webApi.WebClient>,
  options: SlackPosterOptions = {},
): Poster {
  return {
    async post(target: PostTarget, reply: Reply, identity?: PostIdentity): Promise<PostOutcome | undefined> {
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
      if (identity?.repeat && options.dedupHistory) {
        const found = await findEarlierPost(client, target.channelId, identity, options.logger);
        if (found) return { alreadyPosted: true };
      }
      const result = await postReply(client, { channel: target.channelId }, reply, {
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.botUserId ? { botUserId: options.botUserId } : {}),
        ...(identity ? { metadata: briefMetadata(identity) } : {}),
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
      return undefined;
    },
  };
}

export function briefMetadata(identity: PostIdentity): {
  event_type: string;
  event_payload: { subscription: string; session: string };
} {
  return {
    event_type: eventType(identity),
    event_payload: { subscription: identity.subscriptionId, session: identity.session },
  };
}

function eventType(identity: PostIdentity): string {
  return identity.kind === "alert" ? ALERT_EVENT_TYPE : BRIEF_EVENT_TYPE;
}

interface HistoryPage {
  messages?: { ts?: string; metadata?: { event_type?: string; event_payload?: Record<string, unknown> } }[];
  response_metadata?: { next_cursor?: string };
}

/**
 * True when the channel holds this post from an earlier attempt. A failed search (no history
 * scope, the bot not in the channel, Slack down) is logged and answers false: posting twice is
 * better than not at all.
 */
async function findEarlierPost(
  client: webApi.WebClient,
  channel: string,
  identity: PostIdentity,
  logger: Logger | undefined,
): Promise<boolean> {
  const oldest = ((identity.dueAt - HISTORY_SKEW_MS) / 1000).toFixed(6);
  let cursor: string | undefined;
  try {
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const res = (await client.conversations.history({
        channel,
        oldest,
        limit: 200,
        include_all_metadata: true,
        ...(cursor ? { cursor } : {}),
      })) as HistoryPage;
      const hit = (res.messages ?? []).some(
        (m) =>
          m.metadata?.event_type === eventType(identity) &&
          m.metadata.event_payload?.subscription === identity.subscriptionId &&
          m.metadata.event_payload?.session === identity.session,
      );
      if (hit) return true;
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) return false;
    }
    return false;
  } catch (err) {
    logger?.warn(
      {
        channel,
        code: failureOf(err).code,
        subscription: identity.subscriptionId,
        session: identity.session,
      },
      "could not search the channel for an earlier post of this brief; posting it again",
    );
    return false;
  }
}
