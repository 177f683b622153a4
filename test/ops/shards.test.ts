/**
 * Shards as an operator runs them: startChat(readConfig(env)) with DISCORD_SHARDS=auto and
 * METRICS_PORT, the fake Discord recommending two shards. /ready lists each shard and answers
 * 200 only while both are connected; /metrics has a connection gauge per shard.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../src/config.ts";
import { type Running, startChat } from "../../src/start-chat.ts";
import { recordingLogger } from "../adapters/discord/harness.ts";
import { FakeDiscord } from "../fakes/discord/fake-discord.ts";

describe("DISCORD_SHARDS=auto with METRICS_PORT", () => {
  let dir: string;
  let fake: FakeDiscord;
  let running: Running | undefined;
  let base: string;
  const logger = recordingLogger();
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`);
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "shards-"));
    fake = await FakeDiscord.start({ shards: 2, maxConcurrency: 2 });
    const config = readConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      DISCORD_SHARDS: "auto",
      MARKET_DATA: "csv:./nowhere",
      STORE_PATH: join(dir, "store.sqlite"),
      SCHEDULER: "off",
      METRICS_PORT: "0",
    });
    running = await startChat(config, logger);
    base = `http://127.0.0.1:${running.metricsPort}`;
  });

  afterAll(async () => {
    await running?.stop();
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("runs the two recommended shards and says so in the log", () => {
    expect([...fake.gateway.identified].sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const line = logger.lines.find((l) => l.msg === "discord shards");
    expect(line?.obj).toMatchObject({ recommendedShards: 2, shardsHere: 2, maxConcurrency: 2 });
  });

  it("is ready with both shards connected, and lists each", async () => {
    const r = await get("/ready");
    expect(r.status, r.text).toBe(200);
    expect(r.text).toContain("discord shard 0: connected");
    expect(r.text).toContain("discord shard 1: connected");
    const metrics = (await get("/metrics")).text;
    expect(metrics).toContain('rotation_bot_chat_shard_connected{platform="discord",shard="0"} 1');
    expect(metrics).toContain('rotation_bot_chat_shard_connected{platform="discord",shard="1"} 1');
    expect(metrics).toContain('rotation_bot_chat_connected{platform="discord"} 1');
  });

  it("is not ready once one shard is gone for good", async () => {
    // 4004 (authentication failed): discord.js does not reconnect that shard.
    await fake.gateway.drop(4004, 1);
    let r = await get("/ready");
    for (let i = 0; i < 100 && r.status === 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      r = await get("/ready");
    }
    expect(r.status).toBe(503);
    expect(r.text).toContain("discord shard 1: not connected");
    expect(r.text).toContain("discord shard 0: connected");
    expect((await get("/metrics")).text).toContain('rotation_bot_chat_connected{platform="discord"} 0');
  });
});
