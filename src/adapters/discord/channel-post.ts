/**
 * Posting a reply to a channel outside any interaction (the scheduled morning brief). Goes
 * straight to REST, so it works for channels the client has not cached; the bot needs View
 * Channel, Send Messages, Embed Links and Attach Files there (see CHANNEL_POST_PERMISSIONS).
 */
import { type Client, Routes } from "discord.js";
import type { Reply } from "../../core/reply.ts";
import { renderReply } from "./embeds.ts";

/** Sends the reply's embeds and chart PNGs to a channel; resolves to the new message's id. */
export async function postReplyToChannel(client: Client, channelId: string, reply: Reply): Promise<string> {
  if (!/^\d{15,22}$/.test(channelId)) throw new Error("A Discord channel id is a number of 15 to 22 digits");
  const { embeds, files } = renderReply(reply);
  const message = (await client.rest.post(Routes.channelMessages(channelId), {
    body: {
      embeds,
      attachments: files.map((f, id) => ({ id, filename: f.name, description: f.description })),
      allowed_mentions: { parse: [] },
    },
    files: files.map((f) => ({ name: f.name, data: f.data, contentType: "image/png" })),
  })) as { id: string };
  return message.id;
}
