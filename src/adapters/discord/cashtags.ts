/**
 * Cashtags on Discord: `$IWM` in an ordinary message of a channel whose managers turned them on
 * gets one compact quote as a reply to that message. Only with DISCORD_MESSAGE_CONTENT=true: the
 * messages arrive with the GuildMessages intent, their text only with the privileged Message
 * Content intent. Messages from bots, webhooks and the system are never answered.
 */
import { type Client, Events, type Message } from "discord.js";
import { cashtagReply } from "../../core/cashtags.ts";
import type { Services } from "../../core/dispatch.ts";
import type { Logger } from "../../core/ports.ts";
import { messageWithButtons } from "./buttons.ts";
import { describeError } from "./safe-error.ts";

/** Answers are tracked so shutdown can let them finish. */
export function listenForCashtags(
  client: Client,
  services: Services,
  log: Logger,
  track: (answer: Promise<void>) => void,
): void {
  client.on(Events.MessageCreate, (message) => {
    if (message.author.bot || message.webhookId !== null || message.system) return;
    track(answerMessage(message, services, log).catch(() => {}));
  });
}

async function answerMessage(message: Message, services: Services, log: Logger): Promise<void> {
  // Settings belong to channels in a server; a thread follows the channel it was started in.
  if (!message.inGuild()) return;
  const channel = message.channel;
  const channelId = channel.isThread() && channel.parentId ? channel.parentId : message.channelId;
  const mlog = log.child({ component: "cashtags", guild: message.guildId, channel: channelId });
  try {
    const reply = await cashtagReply(
      {
        text: message.content,
        channel: { platform: "discord", workspaceId: message.guildId, channelId },
        messageId: message.id,
        userId: message.author.id,
      },
      services,
      mlog,
    );
    if (!reply) return;
    const { embeds, files } = messageWithButtons(reply);
    // A reply to the message, without pinging its author (or anyone else).
    await message.reply({
      embeds,
      files,
      allowedMentions: { parse: [], repliedUser: false },
      failIfNotExists: false,
    });
  } catch (err) {
    // Missing Send Messages or Read Message History here, or Discord down: logged, never thrown.
    mlog.warn({ err: describeError(err) }, "cashtag reply failed");
  }
}
