/**
 * Discord commands through the shared job queue (REDIS_URL): the replica whose gateway received
 * the interaction defers it and queues it; any replica's worker answers through the interaction's
 * webhook (edit the deferred message, or delete it and follow up privately), which needs the
 * application id and the interaction token but no gateway and no bot token.
 */
import { type ChatInputCommandInteraction, MessageFlags, WebhookClient } from "discord.js";
import { withActions } from "../../core/actions.ts";
import type { Requester } from "../../core/command.ts";
import { dispatch, findCommand, type Services } from "../../core/dispatch.ts";
import type { Logger } from "../../core/ports.ts";
import type { Reply } from "../../core/reply.ts";
import { type CommandJobData, DISCORD_REPLY_WINDOW_MS } from "../handoff/command-job.ts";
import type { JobAnswerer } from "../handoff/command-queue.ts";
import { messageWithButtons } from "./buttons.ts";
import { NO_MENTIONS } from "./interactions.ts";
import { progressReporter } from "./progress.ts";
import { describeError } from "./safe-error.ts";

/**
 * A follow-up on an interaction webhook may be ephemeral (Discord honours the flag there);
 * discord.js's webhook typings only list the flags of ordinary webhooks.
 */
const EPHEMERAL = MessageFlags.Ephemeral as number as MessageFlags.SuppressEmbeds;

/** Discord refuses a defer later than this after the interaction was created. */
const ACK_WINDOW_MS = 3_000;

const SORRY = "Something went wrong on our side while answering that. It has been logged; please try again.";

/** The job for an interaction that has just been deferred. */
export function discordJob(
  interaction: ChatInputCommandInteraction,
  command: string,
  text: string,
  requester: Requester,
  privately: boolean,
): Omit<CommandJobData, "enqueuedAt"> {
  return {
    platform: "discord",
    commandId: interaction.id,
    command,
    text,
    userId: interaction.user.id,
    ...(requester.channelId ? { channelId: requester.channelId } : {}),
    ...(requester.workspaceId ? { teamId: requester.workspaceId } : {}),
    // The token's 15 minutes run from the interaction's creation, at most 3 s before we could
    // defer it; counted on our clock (not the snowflake's) so clock skew cannot shorten it.
    deadline: Date.now() - ACK_WINDOW_MS + DISCORD_REPLY_WINDOW_MS,
    discord: {
      applicationId: interaction.applicationId,
      token: interaction.token,
      isAdmin: requester.isAdmin === true,
      privately,
    },
  };
}

export interface DiscordJobOptions {
  services: Services;
  logger: Logger;
  /** DISCORD_API_URL. */
  apiUrl: string;
  progressIntervalMs: number;
}

export function discordJobAnswerer(options: DiscordJobOptions): JobAnswerer {
  const { services, logger } = options;
  return async (data, claim) => {
    const d = data.discord;
    if (!d) return;
    const log = logger.child({ interaction: data.commandId, command: data.command });
    const webhook = new WebhookClient(
      { id: d.applicationId, token: d.token },
      {
        // Global fetch, as the bot's own client (index.ts); no bot token: the webhook needs none.
        rest: { api: options.apiUrl, makeRequest: fetch as never, retries: 1, timeout: 15_000 },
        allowedMentions: NO_MENTIONS,
      },
    );
    try {
      const requester: Requester = {
        platform: "discord",
        userId: data.userId,
        ...(data.channelId ? { channelId: data.channelId } : {}),
        ...(data.teamId ? { workspaceId: data.teamId } : {}),
        isAdmin: d.isAdmin,
      };
      const progress = progressReporter(
        (content) => webhook.editMessage("@original", { content, allowedMentions: NO_MENTIONS }),
        options.progressIntervalMs,
        (err) => log.warn({ err: describeError(err) }, "progress edit failed"),
      );
      let reply: Reply;
      try {
        reply = await dispatch(data.command, data.text, {
          ...services,
          requester,
          progress: progress.report,
        });
      } finally {
        await progress.stop();
      }
      if (!(await claim())) {
        log.info({}, "answer already posted by another run; not posted again");
        return;
      }
      if (reply.visibility === "private" && !d.privately) {
        await webhook
          .deleteMessage("@original")
          .catch((err: unknown) =>
            log.warn({ err: describeError(err) }, "could not delete the deferred reply"),
          );
        await webhook.send({ ...messageWithButtons(reply), flags: EPHEMERAL });
        return;
      }
      const command = findCommand(services.commands, data.command);
      const withButtons = command ? withActions(reply, command, data.text, services.clock.now()) : reply;
      await webhook.editMessage("@original", { ...messageWithButtons(withButtons), content: "" });
    } catch (err) {
      log.error({ err: describeError(err) }, "queued interaction failed");
      if (!(await claim())) return;
      const message = { content: SORRY, allowedMentions: NO_MENTIONS, embeds: [], files: [] };
      await webhook
        .editMessage("@original", message)
        .catch(() => webhook.send({ ...message, flags: EPHEMERAL }))
        .catch((e: unknown) =>
          log.warn({ err: describeError(e) }, "could not tell the user about the failure"),
        );
    } finally {
      webhook.destroy();
    }
  };
}
