/**
 * Registers the slash commands with Discord: one bulk PUT that replaces the application's commands
 * (globally, or in one guild where changes show at once while testing).
 */
import { REST, Routes } from "discord.js";
import type { DiscordConfig } from "../../config.ts";
import { commandPayloads, type RegistrableCommand } from "./registration.ts";

export interface RegisteredCommand {
  id: string;
  name: string;
  /** "name: type" of each option, e.g. "period: string, autocomplete". */
  options: string[];
}

const TYPE_NAMES: Record<number, string> = { 3: "string", 4: "integer", 5: "boolean", 10: "number" };

export async function registerCommands(input: {
  config: DiscordConfig;
  commands: readonly RegistrableCommand[];
  guildId?: string;
}): Promise<RegisteredCommand[]> {
  const { config, guildId } = input;
  if (guildId !== undefined && !/^\d{15,22}$/.test(guildId))
    throw new Error(
      "--guild takes the numeric id of a server (Developer Mode > right-click > Copy Server ID)",
    );
  const body = commandPayloads(input.commands);
  const rest = new REST({ api: config.apiUrl, makeRequest: fetch as never, retries: 1 }).setToken(
    config.token,
  );
  const route = guildId
    ? Routes.applicationGuildCommands(config.applicationId, guildId)
    : Routes.applicationCommands(config.applicationId);
  const saved = (await rest.put(route, { body })) as { id: string; name: string }[];
  return body.map((command) => ({
    id: saved.find((s) => s.name === command.name)?.id ?? "",
    name: command.name,
    options: (command.options ?? []).map((o) => {
      const traits = [TYPE_NAMES[o.type] ?? `type ${o.type}`];
      if (o.required) traits.push("required");
      if ("choices" in o && o.choices) traits.push(`${o.choices.length} choices`);
      if ("autocomplete" in o && o.autocomplete) traits.push("autocomplete");
      return `${o.name}: ${traits.join(", ")}`;
    }),
  }));
}
