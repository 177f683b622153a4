/**
 * `npm run discord:register [-- --guild <id>]`: registers every registry command as a Discord
 * slash command, then prints the invite URL. Reads DISCORD_TOKEN, DISCORD_APPLICATION_ID and
 * DISCORD_API_URL (from .env when there is one). Global commands reach every server the bot is in;
 * --guild updates one server at once, handy while testing.
 */
import { existsSync } from "node:fs";
import { registerCommands } from "../src/adapters/discord/register.ts";
import {
  CASHTAG_PERMISSIONS,
  CHANNEL_POST_PERMISSIONS,
  inviteUrl,
} from "../src/adapters/discord/registration.ts";
import { redact } from "../src/adapters/discord/safe-error.ts";
import { commands } from "../src/commands/index.ts";
import { readConfig } from "../src/config.ts";

const fail = (message: string, code = 2): never => {
  process.stderr.write(`discord-register: ${message}\n`);
  process.exit(code);
};

if (existsSync(".env")) process.loadEnvFile(".env");
const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  process.stdout.write("Usage: npm run discord:register [-- --guild <server id>]\n");
  process.exit(0);
}
const at = args.findIndex((a) => a === "--guild" || a.startsWith("--guild="));
const guildArg = at === -1 ? undefined : (args[at]?.split("=")[1] ?? args[at + 1]);
if (at !== -1 && !guildArg) fail("--guild needs a server id");
const guildId = guildArg;

try {
  const config = readConfig();
  if (!config.discord)
    fail("DISCORD_TOKEN is not set: copy the bot token (Developer Portal > Bot > Reset Token) into .env");
  const discord = config.discord as NonNullable<typeof config.discord>;
  const registered = await registerCommands({
    config: discord,
    commands,
    ...(guildId ? { guildId } : {}),
  });
  const where = guildId
    ? `in server ${guildId} (available now)`
    : "globally (new commands can take a few minutes to appear in every server)";
  const lines = [`Registered ${registered.length} slash commands ${where}:`];
  for (const c of registered)
    lines.push(`  /${c.name}${c.options.length ? `  (${c.options.join("; ")})` : ""}`);
  lines.push(
    "",
    "Invite the bot with:",
    `  ${inviteUrl(discord.applicationId, discord.messageContent ? CASHTAG_PERMISSIONS : CHANNEL_POST_PERMISSIONS)}`,
    "Permissions asked: View Channel, Send Messages, Embed Links, Attach Files (for scheduled posts to a",
    discord.messageContent
      ? "channel), and Read Message History (replies to cashtags). Then run `npm start`."
      : "channel; answers to slash commands need none). Then run `npm start`.",
  );
  if (discord.messageContent)
    lines.push(
      "DISCORD_MESSAGE_CONTENT=true: enable Bot > Privileged Gateway Intents > Message Content Intent in the",
      "Developer Portal first, or the bot cannot connect.",
    );
  process.stdout.write(`${lines.join("\n")}\n`);
} catch (err) {
  fail(explain(err), 1);
}

/**
 * Our sentence for a failure: a configuration error as readConfig words it, Discord refusing the
 * request (its status and message), or Discord never reached (the network, not the token).
 */
function explain(err: unknown): string {
  const e = err as { name?: unknown; status?: unknown; message?: unknown; cause?: unknown };
  const message = typeof e?.message === "string" ? e.message : String(err);
  if (e?.name === "ConfigError") return redact(message);
  if (typeof e?.status === "number")
    return redact(
      e.status === 401
        ? "Discord refused DISCORD_TOKEN (401 Unauthorized): copy the bot token again (Developer Portal > Bot > Reset Token)"
        : `Discord refused the registration (HTTP ${e.status}): ${message}`,
    );
  const host = (() => {
    try {
      return new URL(process.env.DISCORD_API_URL || "https://discord.com/api").host;
    } catch {
      return "discord.com";
    }
  })();
  const cause = e?.cause as { code?: unknown } | undefined;
  const code = typeof cause?.code === "string" ? cause.code : "";
  const why =
    code === "ECONNREFUSED"
      ? "connection refused"
      : code === "ENOTFOUND" || code === "EAI_AGAIN"
        ? "host not found"
        : /timeout|abort/i.test(`${code} ${message}`)
          ? "no answer in time"
          : "no answer";
  return `could not reach Discord at ${host} (${why}): check the network, a proxy, or DISCORD_API_URL; nothing was registered`;
}
