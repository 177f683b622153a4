/**
 * Answers interactions: slash commands through the core dispatcher, autocomplete from the known
 * instruments, anything else with a polite private note. The handler never throws.
 *
 * Privacy: a deferred public reply cannot become ephemeral, so privacy is decided before
 * deferring wherever it can be: `parse` runs first (it is pure and fast) and its user errors are
 * answered ephemerally at once, as is an admin command from someone who may not use it; commands
 * whose answers are private (`private`: /help, /subscriptions) are deferred ephemerally. Only an
 * answer that turns out private after running (a user error found while running, an outage)
 * replaces the public "thinking…" message: delete it, then follow up ephemerally.
 */
import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  MessageFlags,
  PermissionFlagsBits,
} from "discord.js";
import type { AnyCommand, Requester } from "../../core/command.ts";
import { dispatch, type Services, userErrorReply } from "../../core/dispatch.ts";
import { UserError } from "../../core/errors.ts";
import type { Logger } from "../../core/ports.ts";
import type { Reply } from "../../core/reply.ts";
import { withActions } from "../../core/actions.ts";
import { suggest } from "./autocomplete.ts";
import { answerButton, messageWithButtons } from "./buttons.ts";
import { progressReporter } from "./progress.ts";
import { discordName, optionsToText } from "./registration.ts";
import { describeError } from "./safe-error.ts";
import type { CommandJobData } from "../handoff/command-job.ts";
import { discordJob } from "./job.ts";

/** Never let bot output ping anyone, whatever text ends up in it. */
export const NO_MENTIONS = { parse: [] as never[] };

const SORRY = "Something went wrong on our side while answering that. It has been logged; please try again.";
const UNKNOWN_INTERACTION = "I don't know what to do with that. Try /help.";

export interface HandlerOptions {
  services: Services;
  logger: Logger;
  /** Least time between two progress edits of the deferred message. */
  progressIntervalMs?: number;
  /** Whether this connection receives message text (cashtags), for /settings to say so. */
  readsMessages?: boolean;
  /**
   * With the shared job queue (REDIS_URL): queues a deferred command for any replica to answer;
   * false when it could not be queued (then it is answered here).
   */
  handoff?: (job: Omit<CommandJobData, "enqueuedAt">) => Promise<boolean>;
  /**
   * With `handoff`: claims the answer of an interaction answered here because it could not be
   * queued in time, with the marker a job would take; false when a job that landed late has it.
   */
  claimInProcess?: (commandId: string) => Promise<boolean>;
}

/** The embeds, PNG attachments, buttons and mention guard of a reply, as discord.js sends them. */
export function messageOptions(reply: Reply) {
  return messageWithButtons(reply);
}

export function createInteractionHandler(
  options: HandlerOptions,
): (interaction: Interaction) => Promise<void> {
  const { services, logger } = options;
  const progressIntervalMs = options.progressIntervalMs ?? 1500;
  // Read from `services` at each use (tests swap its parts after start), plus what this bot knows.
  const known = options.readsMessages !== undefined ? { readsMessages: options.readsMessages } : {};

  const findByDiscordName = (name: string): AnyCommand | undefined =>
    services.commands.find((c) => discordName(c.name) === name);

  async function answerCommand(interaction: ChatInputCommandInteraction, log: Logger): Promise<void> {
    const requester: Requester = {
      platform: "discord",
      userId: interaction.user.id,
      ...(interaction.channelId ? { channelId: interaction.channelId } : {}),
      ...(interaction.guildId ? { workspaceId: interaction.guildId } : {}),
      // Manage Channels here (channel overwrites included; Administrator implies it).
      isAdmin: interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false,
    };
    const command = findByDiscordName(interaction.commandName);
    if (!command) {
      // A command registered earlier and since removed: the dispatcher explains and suggests.
      const reply = await dispatch(interaction.commandName, "", { ...services, ...known, requester });
      await interaction.reply({ ...messageOptions(reply), flags: MessageFlags.Ephemeral });
      return;
    }
    const text = optionsToText(command, (name) => interaction.options.get(name)?.value);
    try {
      command.parse(text);
    } catch (err) {
      if (err instanceof UserError) {
        log.info({ code: err.code }, "user error");
        await interaction.reply({ ...messageOptions(userErrorReply(err)), flags: MessageFlags.Ephemeral });
        return;
      }
      // Anything else is the dispatcher's to log and answer.
    }
    if (command.admin && !requester.isAdmin) {
      // The dispatcher says who may use it, before anything runs: private, at once.
      const reply = await dispatch(command.name, text, { ...services, ...known, requester });
      await interaction.reply({ ...messageOptions(reply), flags: MessageFlags.Ephemeral });
      return;
    }
    const privately = command.private === true;
    await interaction.deferReply(privately ? { flags: MessageFlags.Ephemeral } : {});
    // Deferred (Discord's ack): from here the answer can come from any replica's worker.
    if (
      options.handoff &&
      (await options.handoff(discordJob(interaction, command.name, text, requester, privately)))
    )
      return;
    const progress = progressReporter(
      (content) => interaction.editReply({ content, allowedMentions: NO_MENTIONS }),
      progressIntervalMs,
      (err) => log.warn({ err: describeError(err) }, "progress edit failed"),
    );
    let reply: Reply;
    try {
      reply = await dispatch(command.name, text, {
        ...services,
        ...known,
        requester,
        progress: progress.report,
      });
    } finally {
      await progress.stop();
    }
    // A queue add that was too slow may still have landed: one answer, whoever claims it first.
    if (options.handoff && options.claimInProcess && !(await options.claimInProcess(interaction.id))) {
      log.info({}, "answered by a queued job that landed late; not posted again");
      return;
    }
    if (reply.visibility === "private" && !privately) {
      await interaction
        .deleteReply()
        .catch((err: unknown) =>
          log.warn({ err: describeError(err) }, "could not delete the deferred reply"),
        );
      await interaction.followUp({ ...messageOptions(reply), flags: MessageFlags.Ephemeral });
      return;
    }
    // content "" clears a progress line that may have been shown; public answers get their buttons.
    const withButtons = withActions(reply, command, text, services.clock.now());
    await interaction.editReply({ ...messageOptions(withButtons), content: "" });
  }

  async function answerAutocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const command = findByDiscordName(interaction.commandName);
    const spec = command?.options.find((o) => discordName(o.name) === focused.name);
    await interaction.respond(spec ? suggest(spec, String(focused.value ?? "")) : []);
  }

  /** Best effort: whatever state the interaction is in, leave the user with an answer. */
  async function apologise(interaction: Interaction, log: Logger): Promise<void> {
    if (!interaction.isRepliable()) return;
    const message = { content: SORRY, allowedMentions: NO_MENTIONS, embeds: [], files: [] };
    const privately = { ...message, flags: MessageFlags.Ephemeral as const };
    try {
      if (!interaction.deferred && !interaction.replied) await interaction.reply(privately);
      // The deferred message may be gone (deleted for a private answer): then follow up.
      else await interaction.editReply(message).catch(() => interaction.followUp(privately));
    } catch (err) {
      log.warn({ err: describeError(err) }, "could not tell the user about the failure");
    }
  }

  return async (interaction) => {
    const log = logger.child({
      interaction: interaction.id,
      ...("commandName" in interaction ? { command: interaction.commandName } : {}),
    });
    try {
      if (interaction.isChatInputCommand()) await answerCommand(interaction, log);
      else if (interaction.isAutocomplete()) await answerAutocomplete(interaction);
      else if (interaction.isButton()) await answerButton(interaction, services, log);
      else if (interaction.isRepliable()) {
        log.info({ type: interaction.type }, "unsupported interaction");
        await interaction.reply({
          content: UNKNOWN_INTERACTION,
          flags: MessageFlags.Ephemeral,
          allowedMentions: NO_MENTIONS,
        });
      } else log.info({ type: (interaction as Interaction).type }, "ignored interaction");
    } catch (err) {
      log.error({ err: describeError(err) }, "interaction failed");
      await apologise(interaction, log);
    }
  };
}
