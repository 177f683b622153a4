/**
 * Discord slash commands generated from the command registry, with no per-command code: each
 * OptionSpec becomes a typed option, and the values an interaction carries are joined back into
 * the text the command's `parse` reads.
 */
import {
  type APIApplicationCommandBasicOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from "discord.js";
import type { AnyCommand, OptionSpec } from "../../core/command.ts";
import { clip, LIMITS } from "./limits.ts";

/**
 * A command as registration reads it. `admin` is proposed for core's Command (commands that
 * change workspace settings, such as a future /subscribe); until it lands it is simply absent.
 */
export type RegistrableCommand = AnyCommand & { admin?: boolean };

/** Longest text accepted in one string option; the dispatcher caps whole commands at 500. */
const STRING_MAX = 100;
const TICKERS_MAX = 200;

/** Discord names: 1-32 characters, lowercase letters, digits, - and _. */
export function discordName(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, LIMITS.commandName);
  if (cleaned === "") throw new Error(`"${name}" cannot be made into a Discord name`);
  return cleaned;
}

function description(text: string, fallback: string): string {
  const trimmed = text.trim();
  return clip(trimmed === "" ? fallback : trimmed, LIMITS.commandDescription);
}

/** Choices Discord can list inline; more than 25 are offered through autocomplete instead. */
export function inlineChoices(spec: OptionSpec): boolean {
  return spec.type === "choice" && (spec.choices?.length ?? 0) > 0 && (spec.choices?.length ?? 0) <= 25;
}

/** Whether Discord should ask us for completions while the user types this option. */
export function hasAutocomplete(spec: OptionSpec): boolean {
  if (spec.type === "tickers") return true;
  if (spec.type === "choice") return !inlineChoices(spec);
  return spec.type === "string" && spec.autocomplete !== undefined;
}

export function optionPayload(spec: OptionSpec): APIApplicationCommandBasicOption {
  const base = {
    name: discordName(spec.name),
    description: description(spec.description, spec.name),
    required: spec.required === true,
  };
  switch (spec.type) {
    case "integer":
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(spec.min !== undefined ? { min_value: spec.min } : {}),
        ...(spec.max !== undefined ? { max_value: spec.max } : {}),
      };
    case "choice":
      if (inlineChoices(spec))
        return {
          ...base,
          type: ApplicationCommandOptionType.String,
          choices: (spec.choices ?? []).map((c) => ({
            name: clip(c.label || c.value, LIMITS.choiceName),
            value: c.value.slice(0, LIMITS.choiceValue),
          })),
        };
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        autocomplete: true,
        max_length: STRING_MAX,
      };
    case "tickers":
      return {
        ...base,
        description: /separated/i.test(base.description)
          ? base.description
          : description(`${spec.description.trim()} (space-separated tickers)`, "Space-separated tickers"),
        type: ApplicationCommandOptionType.String,
        autocomplete: true,
        max_length: TICKERS_MAX,
      };
    case "string":
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        max_length: STRING_MAX,
        ...(hasAutocomplete(spec) ? { autocomplete: true } : {}),
      };
    default:
      return assertUnknownType(spec.type);
  }
}

function assertUnknownType(type: never): never {
  throw new Error(`Unknown option type ${String(type)}`);
}

export function commandPayload(command: RegistrableCommand): RESTPostAPIChatInputApplicationCommandsJSONBody {
  if (command.options.length > LIMITS.options)
    throw new Error(`/${command.name} has more than ${LIMITS.options} options`);
  const options = command.options.map(optionPayload);
  // Discord rejects an optional option listed before a required one; stable sort keeps the rest.
  options.sort((a, b) => Number(b.required === true) - Number(a.required === true));
  return {
    type: ApplicationCommandType.ChatInput,
    name: discordName(command.name),
    description: description(command.description, command.name),
    options,
    // null lets everyone use it; admins can still narrow it per server in Integrations settings.
    default_member_permissions: command.admin ? PermissionFlagsBits.ManageChannels.toString() : null,
    integration_types: [ApplicationIntegrationType.GuildInstall],
    contexts: command.admin
      ? [InteractionContextType.Guild]
      : [InteractionContextType.Guild, InteractionContextType.BotDM],
    nsfw: false,
  };
}

/** The full PUT body: every registry command. Throws on two commands with the same Discord name. */
export function commandPayloads(
  commands: readonly RegistrableCommand[],
): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const payloads = commands.map(commandPayload);
  const seen = new Set<string>();
  for (const p of payloads) {
    if (seen.has(p.name)) throw new Error(`Two commands are named /${p.name} on Discord`);
    seen.add(p.name);
  }
  return payloads;
}

/** An option value as an interaction delivers it. */
export type OptionValue = string | number | boolean | undefined | null;

/**
 * Rebuilds the text `parse` expects: values in the command's option order, absent ones skipped.
 * `get` reads a value by its Discord option name.
 */
export function optionsToText(command: AnyCommand, get: (discordName: string) => OptionValue): string {
  const parts: string[] = [];
  for (const spec of command.options) {
    const value = get(discordName(spec.name));
    if (value === undefined || value === null) continue;
    const text = String(value).trim();
    if (text === "") continue;
    // "150" in a level box is 150 bp, not a window of 150 sessions.
    parts.push(spec.unit && /^[+-]?\d+(\.\d+)?$/.test(text) ? `${text}${spec.unit}` : text);
  }
  return parts.join(" ");
}

/**
 * Permissions the bot asks for when invited. Interaction replies (embeds and chart uploads) go
 * through the interaction webhook and need none; postReplyToChannel (the scheduled brief) posts
 * to channels and needs exactly these four.
 */
export const CHANNEL_POST_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles;

/**
 * With DISCORD_MESSAGE_CONTENT=true the bot also replies to messages (cashtags), which Discord
 * allows only with Read Message History in the channel.
 */
export const CASHTAG_PERMISSIONS = CHANNEL_POST_PERMISSIONS | PermissionFlagsBits.ReadMessageHistory;

export function inviteUrl(applicationId: string, permissions: bigint = CHANNEL_POST_PERMISSIONS): string {
  return `https://discord.com/oauth2/authorize?client_id=${encodeURIComponent(applicationId)}&scope=bot+applications.commands&permissions=${permissions.toString()}`;
}
