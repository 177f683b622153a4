/**
 * The Poster port: how the scheduler puts a Reply into a channel. Each chat adapter implements it
 * with its own post function and sorts its platform's refusals into two kinds: permanent (the bot
 * was removed, the channel is gone or archived, access is missing: trying again will not help)
 * and anything else (network, 5xx, rate limits after the SDK's retries), which is worth retrying.
 */
import type { Reply } from "../reply.ts";
import type { ChatPlatform } from "../subscriptions/model.ts";

export interface PostTarget {
  platform: ChatPlatform;
  /** Slack team or Discord guild. */
  workspaceId?: string;
  channelId: string;
}

/**
 * Which scheduled post a message is: one subscription's post for one session, or one alert's post
 * of one occurrence. Posters mark the
 * message with it (a Discord nonce, Slack message metadata) so a second attempt at the same post
 * can be recognised instead of posted twice.
 */
export interface PostIdentity {
  subscriptionId: string;
  /** The NYSE session, YYYY-MM-DD. */
  session: string;
  /** When the post was due (epoch ms): nothing older can be an earlier attempt. */
  dueAt: number;
  /**
   * True when an earlier attempt at this post may have reached the platform (a process that died
   * while posting, a post that timed out): the poster should look before posting again.
   */
  repeat: boolean;
  /** What is posted: a brief (the default) or an alert, whose id is its claim. */
  kind?: "brief" | "alert";
}

export interface PostOutcome {
  /** True when an earlier attempt's message was found in the channel and nothing new was posted. */
  alreadyPosted?: boolean;
}

export interface Poster {
  /** Resolves once the message is in the channel; throws ChannelPostError when it is refused. */
  post(target: PostTarget, reply: Reply, identity?: PostIdentity): Promise<PostOutcome | undefined>;
}

export type Posters = Partial<Record<ChatPlatform, Poster>>;

export class ChannelPostError extends Error {
  override readonly name = "ChannelPostError";
  /** The platform's error code, e.g. "not_in_channel" or "50001". */
  readonly code: string;
  /** True when retrying cannot help until someone changes something in the channel. */
  readonly permanent: boolean;
  constructor(code: string, message: string, permanent: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.permanent = permanent;
  }
}

/** The code, message and kind of any error a poster threw (unknown errors count as transient). */
export function describePostError(err: unknown): { code: string; message: string; permanent: boolean } {
  if (err instanceof ChannelPostError)
    return { code: err.code, message: err.message, permanent: err.permanent };
  return { code: "error", message: err instanceof Error ? err.message : String(err), permanent: false };
}
