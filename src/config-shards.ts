/**
 * DISCORD_SHARDS and DISCORD_SHARD_IDS: how many gateway shards the bot has in all, and which of
 * them this process runs. discord.js does the sharding; these only say how to ask it.
 */
import { ConfigError } from "./config-error.ts";

/**
 * `auto`: as many shards as Discord recommends (GET /gateway/bot), all in this process. A number:
 * that many in all, and `ids` the ones this process runs (all of them when absent).
 */
export type DiscordShards = { count: "auto" } | { count: number; ids?: number[] };

/** Far above any bot's needs (Discord wants a shard per 2,500 guilds); keeps typos from spawning thousands. */
export const MAX_SHARDS = 4096;

type Env = Record<string, string | undefined>;

const get = (env: Env, name: string) => {
  const v = env[name]?.trim();
  return v === "" ? undefined : v;
};

export function readDiscordShards(env: Env): DiscordShards {
  const raw = (get(env, "DISCORD_SHARDS") ?? "auto").toLowerCase();
  const idsRaw = get(env, "DISCORD_SHARD_IDS");
  if (raw === "auto") {
    if (idsRaw !== undefined)
      throw new ConfigError(
        "DISCORD_SHARD_IDS",
        "needs DISCORD_SHARDS set to the total number of shards (a number, not auto), the same in every process",
      );
    return { count: "auto" };
  }
  if (!/^\d{1,5}$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_SHARDS)
    throw new ConfigError(
      "DISCORD_SHARDS",
      `must be "auto" (Discord's recommendation) or the number of shards, 1 to ${MAX_SHARDS}, got "${raw.slice(0, 40)}"`,
    );
  const count = Number(raw);
  if (idsRaw === undefined) return { count };
  return { count, ids: parseShardIds(idsRaw, count) };
}

/** "0,1,5" or "0-3,8": each id once, below `count`, in the order given. */
export function parseShardIds(raw: string, count: number): number[] {
  const bad = (why: string) =>
    new ConfigError(
      "DISCORD_SHARD_IDS",
      `${why}: write the shards this process runs as ids from 0 to ${count - 1}, e.g. 0,1 or 0-3`,
    );
  const ids: number[] = [];
  for (const part of raw.split(",").map((p) => p.trim())) {
    const m = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(part);
    if (!m) throw bad(`"${part.slice(0, 20)}" is not a shard id or a range`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) throw bad(`the range ${from}-${to} runs backwards`);
    if (to >= count) throw bad(`shard ${to} does not exist with DISCORD_SHARDS=${count}`);
    for (let id = from; id <= to; id++) {
      if (ids.includes(id)) throw bad(`shard ${id} is listed twice`);
      ids.push(id);
    }
  }
  return ids;
}
