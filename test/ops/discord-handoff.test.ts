/**
 * Discord commands through the shared job queue: bot A (the real discord.js client on the fake
 * gateway) defers an interaction and queues it, taking no jobs itself; replica B, which has no
 * gateway and no bot token, takes the job from Redis and answers through the interaction's
 * webhook at the fake Discord REST. A job past the 15-minute token window is dropped, logged and
 * counted, never answered.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DiscordBot, startDiscord } from "../../src/adapters/discord/index.ts";
import { discordJobAnswerer } from "../../src/adapters/discord/job.ts";
import { CommandQueue } from "../../src/adapters/handoff/command-queue.ts";
import { PrometheusMetrics } from "../../src/adapters/metrics/prometheus.ts";
import { createStore } from "../../src/adapters/store/create-store.ts";
import { commands } from "../../src/commands/index.ts";
import type { Services } from "../../src/core/dispatch.ts";
import { isFinal, recordingLogger, testServices } from "../adapters/discord/harness.ts";
import { FakeDiscord, type RecordedRequest } from "../fakes/discord/fake-discord.ts";
import { slashCommand } from "../fakes/discord/payloads.ts";
import { type RedisHandle, REDIS_SKIP_REASON, redisServerInstalled, startRedis } from "../helpers/redis.ts";

describe.skipIf(!redisServerInstalled())(
  redisServerInstalled()
    ? "a Discord command answered by another replica"
    : `Discord hand-off: ${REDIS_SKIP_REASON}`,
  () => {
    const queueName = `test-commands-discord-${randomUUID()}`;
    let redis: RedisHandle | undefined;
    let fake: FakeDiscord;
    let a: DiscordBot;
    let aServices: Services;
    let bServices: Services;
    let b: CommandQueue;
    let producer: CommandQueue;
    const aLog = recordingLogger();
    const bLog = recordingLogger();
    const bMetrics = new PrometheusMetrics(commands.map((c) => c.name));
    let token = "";
    let requests: RecordedRequest[] = [];
    let final: RecordedRequest | undefined;

    beforeAll(async () => {
      redis = await startRedis();
      if (!redis) return;
      fake = await FakeDiscord.start();
      const shared = async (logger: typeof aLog): Promise<Services> => ({
        ...(await testServices(logger)),
        store: await createStore({ redisUrl: (redis as RedisHandle).url }, logger),
      });
      aServices = await shared(aLog);
      bServices = { ...(await shared(bLog)), metrics: bMetrics };
      a = await startDiscord(
        { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl },
        aServices,
        { handoff: { redisUrl: redis.url, queueName, work: false } },
      );
      b = new CommandQueue({
        redisUrl: redis.url,
        platform: "discord",
        store: bServices.store,
        logger: bLog,
        metrics: bMetrics,
        concurrency: 2,
        queueName,
      });
      await b.start(
        discordJobAnswerer({
          services: bServices,
          logger: bLog,
          apiUrl: fake.apiUrl,
          progressIntervalMs: 1500,
        }),
      );

      const payload = slashCommand(
        "rotation",
        { period: "ytd" },
        { applicationId: fake.applicationId, guildId: "400000000000000001" },
      );
      token = payload.token;
      fake.gateway.dispatch("INTERACTION_CREATE", payload);
      final = await fake.waitFor(isFinal(token), 60_000).catch((err: unknown) => {
        const seen = fake.requests.map((r) => `${r.method} ${r.path}`).join("\n");
        throw new Error(`${String(err)}\n${seen}\nA:\n${aLog.text()}\nB:\n${bLog.text()}`);
      });
      requests = fake.forToken(token);
    }, 120_000);

    afterAll(async () => {
      await producer?.close();
      await b?.close();
      await a?.stop(0);
      await aServices?.store.close();
      await bServices?.store.close();
      await fake?.close();
      await redis?.stop();
    }, 60_000);

    it("A defers the interaction, B edits the deferred message with the answer through the webhook", () => {
      const callback = requests.find((r) => r.path.endsWith("/callback"));
      expect(callback?.json?.type).toBe(5);
      expect(final?.method).toBe("PATCH");
      expect(final?.path).toBe(`/api/v10/webhooks/${fake.applicationId}/${token}/messages/@original`);
      expect(((final?.json?.embeds as unknown[] | undefined) ?? []).length).toBeGreaterThan(0);
      expect(final?.files.length).toBeGreaterThan(0);
      // B holds no bot token: the webhook needs none, and none was sent.
      expect(final?.authorization).toBeUndefined();
    });

    it("A queued it and did not answer it; B did", () => {
      expect(aLog.text()).not.toMatch(/queued interaction failed|interaction failed/);
      expect(bLog.text()).not.toMatch(/queued interaction failed/);
      const edits = requests.filter(
        (r) => r.method === "PATCH" && ((r.json?.embeds as unknown[]) ?? []).length,
      );
      expect(edits).toHaveLength(1);
    });

    it("drops a job past the interaction token's 15 minutes, with a log line and a metric", async () => {
      producer = new CommandQueue({
        redisUrl: (redis as RedisHandle).url,
        platform: "discord",
        store: bServices.store,
        logger: recordingLogger(),
        concurrency: 1,
        queueName,
        work: false,
      });
      await producer.start(async () => {});
      const stale = `itoken-stale-${randomUUID()}`;
      const queued = await producer.enqueue({
        platform: "discord",
        commandId: `stale-${randomUUID()}`,
        command: "help",
        text: "",
        userId: "200000000000000001",
        deadline: Date.now() - 60_000,
        discord: { applicationId: fake.applicationId, token: stale, isAdmin: false, privately: true },
      });
      expect(queued).toBe(true);
      const series = 'rotation_bot_command_jobs_total{platform="discord",stage="expired"}';
      const deadline = Date.now() + 30_000;
      while (!(await bMetrics.registry.metrics()).includes(`${series} 1`) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      expect(await bMetrics.registry.metrics()).toContain(`${series} 1`);
      expect(bLog.text()).toContain("past its reply deadline");
      expect(fake.forToken(stale)).toEqual([]);
    });
  },
);
