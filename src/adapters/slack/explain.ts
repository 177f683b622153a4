/**
 * Why Slack refused a post, and exactly what the user can do about it. The error codes are those
 * chat.postMessage and files.completeUploadExternal document; anything else is named as it came.
 */
import { errorMessage } from "../../core/errors.ts";
import { escapeMrkdwn } from "./escape.ts";

export interface SlackFailure {
  /** Slack's error code, e.g. "not_in_channel", or "request_failed" when Slack could not be reached. */
  code: string;
  /** One or two sentences for the user, as mrkdwn (dynamic parts already escaped). */
  advice: string;
}

/** The scopes every install needs: slash commands, posting answers, uploading charts. */
export const BOT_SCOPES = ["commands", "chat:write", "files:write"] as const;
/**
 * Commands typed as messages: mentions of the bot in channels and threads (the app_mention event),
 * and direct messages to it (the message.im event).
 */
export const MESSAGE_SCOPES = ["app_mentions:read", "im:history"] as const;
/**
 * Who may see and change what: users.info tells whether the user is a workspace admin,
 * conversations.info who created the channel (admin-only commands), users.conversations which
 * channels a person is in (the App Home shows them only theirs).
 */
export const ADMIN_SCOPES = ["users:read", "channels:read", "groups:read"] as const;

/**
 * Added with SLACK_DEDUP_HISTORY: reading a channel's recent messages (conversations.history) to
 * find a scheduled post an earlier attempt made, public and private channels.
 */
export const HISTORY_SCOPES = ["channels:history", "groups:history"] as const;

/** Pulls Slack's error code (and the missing scope, if named) out of a Web API error. */
export function failureOf(err: unknown, botUserId?: string): SlackFailure {
  const data = (err as { data?: { error?: unknown; needed?: unknown } } | undefined)?.data;
  const code = typeof data?.error === "string" ? data.error : undefined;
  if (code)
    return {
      code,
      advice: adviceFor(code, botUserId, typeof data?.needed === "string" ? data.needed : undefined),
    };
  const status = (err as { code?: unknown } | undefined)?.code;
  if (status === "slack_webapi_rate_limited_error")
    return { code: "ratelimited", advice: adviceFor("ratelimited") };
  return {
    code: "request_failed",
    advice: `I could not reach Slack to post the answer (${escapeMrkdwn(errorMessage(err).slice(0, 120))}). Please try again in a minute.`,
  };
}

/** Advice (mrkdwn) for one error code. `botUserId` lets the advice name the bot as Slack shows it. */
export function adviceFor(code: string, botUserId?: string, needed?: string): string {
  // "<@U…>" shows the bot's current display name; only a well-formed id is ever put in markup.
  const me = botUserId && /^[UW][A-Z0-9]{2,20}$/.test(botUserId) ? `<@${botUserId}>` : "@rotation-bot";
  switch (code) {
    case "not_in_channel":
      return `I can't post here because I'm not a member of this channel. Invite me with /invite ${me}, or use me in a channel I'm in.`;
    case "channel_not_found":
      return `I can't see this conversation (a private channel I'm not in, or a direct message between other people). Invite me with /invite ${me}, or use me in a channel I'm in or in a direct message with me.`;
    case "is_archived":
    case "channel_is_archived":
      return "This channel is archived, so nobody can post in it. Use me in an active channel.";
    case "missing_scope":
      return `My Slack app lacks a permission it needs${needed ? ` (${escapeMrkdwn(needed)})` : ""}. Ask a workspace admin to update the app from its manifest (npm run slack:manifest) and reinstall it; it needs ${BOT_SCOPES.join(", ")}.`;
    case "restricted_action":
    case "restricted_action_read_only_channel":
    case "restricted_action_thread_only_channel":
    case "restricted_action_non_threadable_channel":
    case "cannot_reply_to_message":
      return "Posting in this channel is restricted (read-only, admins only, or threads only). Ask a channel manager to let me post, or use me in another channel.";
    case "ekm_access_denied":
      return "Your workspace's key management (EKM) settings blocked my post. Ask a workspace admin.";
    case "not_authed":
    case "invalid_auth":
    case "account_inactive":
    case "token_revoked":
    case "token_expired":
    case "no_permission":
    case "team_access_not_granted":
    case "not_allowed_token_type":
      return "My Slack token is not accepted in this workspace any more. Ask a workspace admin to reinstall the app.";
    case "ratelimited":
    case "rate_limited":
      return "Slack is rate-limiting my posts right now. Please try again in a minute.";
    case "msg_too_long":
    case "msg_blocks_too_long":
    case "invalid_blocks":
      return "The answer was too large for one Slack message.";
    case "duplicate_channel_not_found":
    case "channel_type_not_supported":
      return "Slack does not let apps share files in this kind of conversation. Use me in a regular channel.";
    default:
      return `Slack refused my post (${escapeMrkdwn(code)}).`;
  }
}
