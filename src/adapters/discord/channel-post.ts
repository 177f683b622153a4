/**
 * Posting a reply to a channel outside any interaction (the scheduled morning brief). Goes
 * straight to REST, so it works for channels the client has not cached; the bot needs View
 * Channel, Send Messages, Embed Links and Attach Files there (see CHANNEL_POST_PERMISSIONS).
 */
import { createHash } from "node:crypto";
import { type Client, Routes } from "discord.js";
import type { Reply } from "../../core/reply.ts";
import { renderReply } from "./embeds.ts";

/** Discord's limit on a message nonce. */
export const MAX_NONCE_LENGTH = 25;

/**
 * The nonce of one scheduled post: the same for every attempt at it, different for any other
 * subscription or session. "rb" and 23 base64url characters of a SHA-256 (138 bits) fit Discord's
 * 25 characters.
 */
export function postNonce(subscriptionId: string, session: string): string {
  const digest = createHash("sha256").update(`${subscriptionId}\n${session}`).digest("base64url");
  return `rb${digest.slice(0, MAX_NONCE_LENGTH - 2)}`;
}

export interface ChannelPostOptions {
  /**
   * With enforce_nonce, Discord answers a second create with the same nonce from the same bot
   * within a few minutes with the first message instead of posting again.
   */
  nonce?: string;
}

/** Sends the reply's embeds and chart PNGs to a channel; resolves to the new message's id. */
export async function postReplyToChannel(
  client: Client,
  channelId: string,
  reply: Reply,
  options: ChannelPostOptions = {},
): Promise<string> {
  if (!/^\d{15,22}$/.test(channelId)) throw new Error("A Discord channel id is a number of 15 to 22 digits");
  const { embeds, files } = renderReply(reply);
  const message = (await client.rest.post(Routes.channelMessages(channelId), {
    body: {
      embeds,
      attachments: files.map((f, id) => ({ id, filename: f.name, description: f.description })),
      allowed_mentions: { parse: [] },
      ...(options.nonce ? { nonce: options.nonce, enforce_nonce: true } : {}),
    },
    files: files.map((f) => ({ name: f.name, data: f.data, contentType: "image/png" })),
  })) as { id: string };
  return message.id;
}
