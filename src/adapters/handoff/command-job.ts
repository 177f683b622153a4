/**
 * What an acknowledged command carries from the replica that acknowledged it to the one that
 * answers it: only what answering needs (the command, who and where, how to reply and until
 * when). Never a bot token: the worker has its own. The reply channel (a response_url, an
 * interaction token) is a secret of its own kind and lives in Redis only until the job is removed.
 */
import { createHash } from "node:crypto";

/** Slack accepts messages on a response_url for 30 minutes after the command. */
export const SLACK_REPLY_WINDOW_MS = 30 * 60_000;
/** Discord accepts edits and follow-ups on an interaction token for 15 minutes. */
export const DISCORD_REPLY_WINDOW_MS = 15 * 60_000;

export type JobPlatform = "slack" | "discord";

export interface CommandJobData {
  platform: JobPlatform;
  /** Stable per command, the same for every redelivery: Slack's trigger_id, Discord's interaction id. */
  commandId: string;
  /** Registry name, without the slash. */
  command: string;
  text: string;
  userId: string;
  channelId?: string;
  /** Slack team or Discord guild. */
  teamId?: string;
  /** Epoch ms after which the platform refuses a reply. */
  deadline: number;
  /** Epoch ms when the acknowledging replica queued it. */
  enqueuedAt: number;
  slack?: { responseUrl: string; threadTs?: string; botUserId?: string; retryNum?: number };
  discord?: {
    applicationId: string;
    token: string;
    /** The requester may manage the channel (decided where the member's permissions were known). */
    isAdmin: boolean;
    /** The deferred reply is ephemeral. */
    privately: boolean;
  };
}

/**
 * The BullMQ job id of a command: adding a job whose id exists is a no-op, so a redelivery that
 * reaches any replica while the first copy is queued, running or kept as completed adds nothing.
 * Hashed: ids must not hold ':' and need not reveal anything.
 */
export function jobIdOf(platform: JobPlatform, commandId: string): string {
  return `${platform}-${createHash("sha256").update(commandId).digest("hex").slice(0, 40)}`;
}

/**
 * A Slack command's stable id: its trigger_id, or else a hash of what Slack signed that stays the
 * same across redeliveries (its response_url is unique to the command).
 */
export function slackCommandId(triggerId: string | undefined, responseUrl: string): string {
  return triggerId ?? `url-${createHash("sha256").update(responseUrl).digest("hex")}`;
}
