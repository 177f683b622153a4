/**
 * One bot replica in its own OS process, for two-processes.test.ts: the BullMQ scheduler over a
 * Redis store, the real /brief from a folder of closes at a fixed clock, and the real Discord
 * poster (discord.js REST) aimed at the fake Discord the test runs. Settings come from the
 * environment; it prints "ready" once started and stops cleanly on SIGTERM.
 *
 *   REDIS_URL DISCORD_API_URL DISCORD_TOKEN DATA_DIR NOW (epoch ms) OWNER QUEUE
 *   POST_DELAY_MS: how long each post takes before it reaches Discord (a slow platform), so the
 *   two processes' runs overlap and really race for the same channels.
 */
import { Client } from "discord.js";
import { CsvMarketData } from "../../../src/adapters/csv/csv-market-data.ts";
import { discordPoster } from "../../../src/adapters/discord/poster.ts";
import { BullScheduler } from "../../../src/adapters/schedule/bull.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { commands } from "../../../src/commands/index.ts";
import { silentLogger } from "../../../src/core/ports.ts";
import type { Poster } from "../../../src/core/schedule/poster.ts";

function slow(poster: Poster, ms: number): Poster {
  return {
    post: async (target, reply) => {
      await new Promise((r) => setTimeout(r, ms));
      await poster.post(target, reply);
    },
  };
}

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
}

const redisUrl = env("REDIS_URL");
const now = Number(env("NOW"));
const clock = { now: () => now };
const store = await createStore({ redisUrl }, silentLogger);
const client = new Client({
  intents: [],
  rest: { api: env("DISCORD_API_URL"), retries: 0, makeRequest: fetch as never },
});
client.rest.setToken(env("DISCORD_TOKEN"));
const scheduler = new BullScheduler({
  services: {
    commands,
    market: new CsvMarketData({ dir: env("DATA_DIR"), clock }),
    store,
    clock,
    logger: silentLogger,
  },
  posters: { discord: slow(discordPoster(client), Number(process.env.POST_DELAY_MS ?? 0)) },
  owner: env("OWNER"),
  redisUrl,
  queueName: env("QUEUE"),
  pacing: { discordIntervalMs: 0 },
  // A tick every second, so both processes see many ticks during the test.
  briefPattern: "* * * * * *",
});
await scheduler.start();
process.stdout.write("ready\n");
process.once("SIGTERM", async () => {
  await scheduler.stop();
  await client.destroy();
  await store.close();
  process.exit(0);
});
