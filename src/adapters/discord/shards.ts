/**
 * Gateway shards, run by discord.js in this process: the client options for DISCORD_SHARDS, a look
 * at Discord's session start limit before connecting (so running short is our sentence, not a
 * library's), and each shard's connection state: Discord counts as connected only while every
 * shard this process runs is.
 */
import { type Client, type ClientOptions, DiscordAPIError, Events, Routes } from "discord.js";
import type { DiscordShards } from "../../config.ts";
import type { Logger } from "../../core/ports.ts";
import { describeError } from "./safe-error.ts";

/** What GET /gateway/bot answers (the fields we read). */
interface GatewayBot {
  shards: number;
  session_start_limit: { total: number; remaining: number; reset_after: number; max_concurrency: number };
}

export function shardOptions(
  shards: DiscordShards = { count: "auto" },
): Pick<ClientOptions, "shards" | "shardCount"> {
  if (shards.count === "auto") return { shards: "auto" };
  return {
    shards: shards.ids ?? Array.from({ length: shards.count }, (_, i) => i),
    shardCount: shards.count,
  };
}

/**
 * Reads Discord's recommendation and session start limit, logs them, and refuses to start when
 * fewer sessions remain than this process has shards. discord.js then identifies the shards
 * `max_concurrency` at a time, itself.
 */
export async function checkGateway(
  client: Client,
  shards: DiscordShards | undefined,
  log: Logger,
): Promise<void> {
  let info: GatewayBot;
  try {
    info = (await client.rest.get(Routes.gatewayBot())) as GatewayBot;
  } catch (err) {
    if (err instanceof DiscordAPIError && err.status === 401)
      throw new Error(
        "Discord did not accept DISCORD_TOKEN: copy the bot token again (Developer Portal > Bot > Reset Token)",
      );
    log.error({ err: describeError(err) }, "GET /gateway/bot failed");
    throw new Error("Discord's gateway information could not be read (GET /gateway/bot); see the log");
  }
  const limit = info.session_start_limit;
  const running =
    shards === undefined || shards.count === "auto" ? info.shards : (shards.ids?.length ?? shards.count);
  log.info(
    {
      recommendedShards: info.shards,
      totalShards: shards === undefined || shards.count === "auto" ? info.shards : shards.count,
      shardsHere: running,
      maxConcurrency: limit.max_concurrency,
      sessionStartsRemaining: limit.remaining,
    },
    "discord shards",
  );
  if (shards !== undefined && shards.count !== "auto" && shards.count < info.shards)
    log.warn(
      { recommendedShards: info.shards, totalShards: shards.count },
      "fewer shards than Discord recommends: it closes the gateway once a shard holds more than 2,500 guilds",
    );
  if (limit.remaining < running) {
    const resets = new Date(Date.now() + limit.reset_after).toISOString();
    throw new Error(
      `Discord allows ${limit.remaining} more gateway session start(s) until ${resets} and this process needs ${running} (one per shard): start it after that, or give it fewer shards (DISCORD_SHARD_IDS)`,
    );
  }
}

/** Each shard's state as it changes, and whether all of them are up. */
export function trackShards(
  client: Client,
  report: (e: { shard: number; up: boolean; all: boolean }) => void,
): { allUp(): boolean; ids(): number[] } {
  const up = new Map<number, boolean>();
  // Filled by discord.js before it spawns any shard; its keys are the shards this process runs.
  const ids = () => [...client.ws.shards.keys()];
  const allUp = () => ids().length > 0 && ids().every((id) => up.get(id) === true);
  const set = (shard: number, state: boolean) => {
    up.set(shard, state);
    report({ shard, up: state, all: allUp() });
  };
  client.on(Events.ShardReady, (shard) => set(shard, true));
  client.on(Events.ShardResume, (shard) => set(shard, true));
  client.on(Events.ShardReconnecting, (shard) => set(shard, false));
  client.on(Events.ShardDisconnect, (_event, shard) => set(shard, false));
  return { allUp, ids };
}
