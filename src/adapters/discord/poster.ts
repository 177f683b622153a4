/**
 * The scheduler's Poster on Discord: postReplyToChannel through the client's REST, with Discord's
 * refusals sorted out. 401/403/404 (token refused, Missing Access, Missing Permissions, Unknown
 * Channel: the bot was removed or the channel deleted) are permanent; 5xx, network failures and
 * rate limits past discord.js's own waiting are worth retrying. Posts carry a nonce per
 * subscription and session with enforce_nonce, so Discord itself drops a quick second attempt.
 */
import type { Client } from "discord.js";
import type { Reply } from "../../core/reply.ts";
import {
  ChannelPostError,
  type Poster,
  type PostIdentity,
  type PostTarget,
} from "../../core/schedule/poster.ts";
import { postNonce, postReplyToChannel } from "./channel-post.ts";
import { redact } from "./safe-error.ts";

/** Discord error codes that no retry can fix (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
const PERMANENT_CODES = new Set([10003, 10004, 50001, 50013, 50007, 50024, 50083, 160005]);

export function discordPoster(client: Client): Poster {
  return {
    async post(target: PostTarget, reply: Reply, identity?: PostIdentity): Promise<undefined> {
      // Every attempt at one post carries the same nonce: a repeat within Discord's few minutes
      // (a restart after a crash, a retry after a time-out) returns the first message.
      const nonce = identity && postNonce(identity.subscriptionId, identity.session);
      try {
        await postReplyToChannel(client, target.channelId, reply, nonce ? { nonce } : {});
      } catch (err) {
        throw toPostError(err);
      }
      return undefined;
    },
  };
}

export function toPostError(err: unknown): ChannelPostError {
  const e = err as { status?: unknown; code?: unknown };
  const status = typeof e?.status === "number" ? e.status : undefined;
  const code = typeof e?.code === "number" || typeof e?.code === "string" ? e.code : undefined;
  const permanent =
    (typeof code === "number" && PERMANENT_CODES.has(code)) ||
    status === 401 ||
    status === 403 ||
    status === 404 ||
    // postReplyToChannel refuses a malformed channel id before any request.
    (err instanceof Error && err.message.startsWith("A Discord channel id"));
  return new ChannelPostError(
    String(code ?? status ?? "error"),
    redact(err instanceof Error ? err.message : String(err)),
    permanent,
    { cause: err },
  );
}
