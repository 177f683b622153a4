/**
 * GIVEN the fake Discord recommending two shards (GET /gateway/bot) WHEN the real discord.js client
 * starts with DISCORD_SHARDS=auto THEN both shards identify with their [id, 2], an interaction
 * from a guild on either shard is answered through REST, and a shard whose socket drops resumes
 * alone while the other stays connected. Readiness and the per-shard gauge follow each shard.
 */
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DiscordBot, startDiscord } from "../../../src/adapters/discord/index.ts";
import { PrometheusMetrics } from "../../../src/adapters/metrics/prometheus.ts";
import { readiness } from "../../../src/adapters/metrics/readiness.ts";
import { commands } from "../../../src/commands/index.ts";
import type { Services } from "../../../src/core/dispatch.ts";
import { FakeDiscord } from "../../fakes/discord/fake-discord.ts";
import { shardOf } from "../../fakes/discord/gateway.ts";
import { slashCommand } from "../../fakes/discord/payloads.ts";
import { isFinal, recordingLogger, testServices } from "./harness.ts";

/** Guild ids whose events Discord sends to shard 0 and to shard 1 of two. */
const GUILD_ON_0 = (1000n << 22n).toString();
const GUILD_ON_1 = (1001n << 22n).toString();

describe("Discord with DISCORD_SHARDS=auto and two recommended shards", () => {
  let fake: FakeDiscord;
  let bot: DiscordBot;
  let services: Services;
  const metrics = new PrometheusMetrics(commands.map((c) => c.name));
  const logger = recordingLogger();
  /** The shard each interaction arrived on, by interaction id, as discord.js saw it. */
  const arrivedOn = new Map<string, number>();
  const reconnecting: number[] = [];

  beforeAll(async () => {
    fake = await FakeDiscord.start({ shards: 2, maxConcurrency: 2 });
    services = { ...(await testServices(logger)), metrics };
    bot = await startDiscord(
      {
        token: fake.token,
        applicationId: fake.applicationId,
        apiUrl: fake.apiUrl,
        shards: { count: "auto" },
      },
      services,
    );
    bot.client.on("raw", (packet: { t?: string; d?: { id?: string } }, shard: number) => {
      if (packet.t === "INTERACTION_CREATE" && packet.d?.id) arrivedOn.set(packet.d.id, shard);
    });
    bot.client.on("shardReconnecting", (shard: number) => reconnecting.push(shard));
  });

  afterAll(async () => {
    await bot?.stop();
    await services?.store.close();
    await fake?.close();
  });

  const ask = async (guildId: string) => {
    const payload = slashCommand("help", {}, { applicationId: fake.applicationId, guildId });
    fake.gateway.dispatch("INTERACTION_CREATE", payload);
    const final = await fake.waitFor(isFinal(payload.token), 20_000);
    return { payload, final };
  };

  const ready = readiness({
    store: { set: async () => {} },
    platforms: () => ["discord"],
    connections: () => metrics.connections(),
    shards: () => metrics.shards(),
    stopping: () => false,
  });

  it("identifies each shard with its [id, 2] and is ready only with both", async () => {
    expect([...fake.gateway.identified].sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect([...bot.client.ws.shards.keys()].sort()).toEqual([0, 1]);
    const r = await ready();
    expect(r.ready, r.checks.join("\n")).toBe(true);
    expect(r.checks).toEqual(
      expect.arrayContaining(["discord shard 0: connected", "discord shard 1: connected"]),
    );
    const text = await metrics.registry.metrics();
    expect(text).toContain('rotation_bot_chat_shard_connected{platform="discord",shard="0"} 1');
    expect(text).toContain('rotation_bot_chat_shard_connected{platform="discord",shard="1"} 1');
  });

  it("answers an interaction arriving on either shard", async () => {
    expect([shardOf(GUILD_ON_0, 2), shardOf(GUILD_ON_1, 2)]).toEqual([0, 1]);
    for (const [guild, shard] of [
      [GUILD_ON_0, 0],
      [GUILD_ON_1, 1],
    ] as const) {
      const { payload, final } = await ask(guild);
      expect(arrivedOn.get(payload.id)).toBe(shard);
      expect(final.method).toBe("PATCH");
      expect(JSON.stringify(final.json?.embeds)).toContain("rotation-bot commands");
    }
  });

  it("resumes a dropped shard alone (RESUME, not IDENTIFY) while the other stays connected", async () => {
    const identifies = fake.gateway.identifies;
    await fake.gateway.drop("network", 1);
    expect(fake.gateway.connected(0)).toBe(true);
    await fake.gateway.waitFor("resume", 1);
    expect(fake.gateway.resumed).toEqual([1]);
    expect(fake.gateway.identifies).toBe(identifies);
    expect(reconnecting).toEqual([1]);
    expect(fake.gateway.connected(0)).toBe(true);
    const { payload } = await ask(GUILD_ON_1);
    expect(arrivedOn.get(payload.id)).toBe(1);
    expect((await ready()).ready).toBe(true);
  });

  it("is not ready while one shard is down for good, naming it", async () => {
    const down = once(bot.client, "shardDisconnect");
    // 4004 (authentication failed) is a close discord.js does not come back from.
    await fake.gateway.drop(4004, 0);
    await down;
    const r = await ready();
    expect(r.ready).toBe(false);
    expect(r.checks).toEqual(
      expect.arrayContaining([
        "discord: not connected",
        "discord shard 0: not connected",
        "discord shard 1: connected",
      ]),
    );
    expect(await metrics.registry.metrics()).toContain(
      'rotation_bot_chat_shard_connected{platform="discord",shard="0"} 0',
    );
  });
});

describe("Discord shards chosen by number", () => {
  it("DISCORD_SHARDS=4 with DISCORD_SHARD_IDS=1,3 runs shards 1 and 3 of 4", async () => {
    const fake = await FakeDiscord.start({ shards: 1, maxConcurrency: 4 });
    const logger = recordingLogger();
    const services = await testServices(logger);
    const bot = await startDiscord(
      {
        token: fake.token,
        applicationId: fake.applicationId,
        apiUrl: fake.apiUrl,
        shards: { count: 4, ids: [1, 3] },
      },
      services,
    );
    try {
      expect([...fake.gateway.identified].sort()).toEqual([
        [1, 4],
        [3, 4],
      ]);
      // A guild on shard 1 of 4 is answered.
      const guild = (5n << 22n).toString();
      expect(shardOf(guild, 4)).toBe(1);
      const payload = slashCommand("help", {}, { applicationId: fake.applicationId, guildId: guild });
      fake.gateway.dispatch("INTERACTION_CREATE", payload);
      await fake.waitFor(isFinal(payload.token), 20_000);
    } finally {
      await bot.stop();
      await services.store.close();
      await fake.close();
    }
  });

  it("refuses to start, in its own words, when Discord allows fewer session starts than shards", async () => {
    const fake = await FakeDiscord.start({ shards: 2, maxConcurrency: 2, sessionsRemaining: 1 });
    const logger = recordingLogger();
    const services = await testServices(logger);
    try {
      await expect(
        startDiscord(
          {
            token: fake.token,
            applicationId: fake.applicationId,
            apiUrl: fake.apiUrl,
            shards: { count: "auto" },
          },
          services,
        ),
      ).rejects.toThrow(
        /^Discord allows 1 more gateway session start\(s\) until .* this process needs 2 \(one per shard\)/,
      );
      expect(fake.gateway.identifies).toBe(0);
    } finally {
      await services.store.close();
      await fake.close();
    }
  });

  it("says the token was refused when GET /gateway/bot answers 401", async () => {
    const fake = await FakeDiscord.start();
    const logger = recordingLogger();
    const services = await testServices(logger);
    try {
      await expect(
        startDiscord(
          { token: "not-the-token", applicationId: fake.applicationId, apiUrl: fake.apiUrl },
          services,
        ),
      ).rejects.toThrow("Discord did not accept DISCORD_TOKEN");
      expect(logger.text()).not.toContain("not-the-token");
    } finally {
      await services.store.close();
      await fake.close();
    }
  });
});
