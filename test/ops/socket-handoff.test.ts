/**
 * Slack Socket Mode with the shared job queue: a command acknowledged on the socket is a BullMQ
 * job (one per trigger_id, however often the envelope is delivered) and is answered by the worker
 * through its response_url, or in the channel through the Web API.
 */
import { randomUUID } from "node:crypto";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jobIdOf } from "../../src/adapters/handoff/command-job.ts";
import { blocksOf } from "../fakes/slack/fake-slack.ts";
import { type RedisHandle, REDIS_SKIP_REASON, redisServerInstalled, startRedis } from "../helpers/redis.ts";
import { type SlackHarness, startHarness } from "../adapters/slack/harness.ts";

describe.skipIf(!redisServerInstalled())(
  redisServerInstalled() ? "Socket Mode commands as jobs" : `Socket Mode hand-off: ${REDIS_SKIP_REASON}`,
  () => {
    const queueName = `test-commands-slack-${randomUUID()}`;
    let redis: RedisHandle | undefined;
    let h: SlackHarness;
    let connection: Redis;
    let queue: Queue;

    beforeAll(async () => {
      redis = await startRedis();
      if (!redis) return;
      h = await startHarness({ mode: "socket", handoff: { redisUrl: redis.url, queueName } });
      connection = new Redis(redis.url, { maxRetriesPerRequest: null });
      queue = new Queue(queueName, { connection });
    }, 60_000);

    afterAll(async () => {
      await queue?.close();
      connection?.disconnect();
      await h?.close();
      await redis?.stop();
    }, 60_000);

    it("GIVEN /help delivered twice THEN one job and one private answer", async () => {
      const payload = h.payload("/help", "", { trigger_id: "trig-help-1" });
      await h.socket?.sendSlashCommand(payload, "env-help-1");
      await h.socket?.sendSlashCommand(payload, "env-help-2");
      const id = (payload.response_url as string).split("/response/")[1];
      await h.fake.waitFor(() => h.fake.responses.some((r) => r.id === id), 20_000, "the /help answer");
      const job = await queue.getJob(jobIdOf("slack", "trig-help-1"));
      expect(job?.data.command).toBe("help");
      // Everything the worker needs to answer, nothing more: no token travels with the job.
      expect(JSON.stringify(job?.data)).not.toMatch(/xox[bp]-/);
      await expect.poll(() => job?.isCompleted(), { timeout: 20_000 }).toBe(true);
      expect(await queue.getJobCounts("completed")).toEqual({ completed: 1 });
      const answers = h.fake.responses.filter((r) => r.id === id);
      expect(answers).toHaveLength(1);
      expect(answers[0]?.body.response_type).toBe("ephemeral");
      expect(JSON.stringify(blocksOf(answers[0] as never))).toContain("rotation-bot commands");
    });

    it("GIVEN /rotation ytd THEN the worker posts it in the channel with its chart", async () => {
      const payload = h.payload("/rotation", "ytd", { channel_id: "C0JOBS" });
      await h.socket?.sendSlashCommand(payload);
      await h.fake.waitFor(
        () => h.fake.callsTo("files.completeUploadExternal").some((c) => c.params.channel_id === "C0JOBS"),
        30_000,
        "the chart upload",
      );
      expect(h.fake.callsTo("chat.postMessage").filter((c) => c.params.channel === "C0JOBS")).toHaveLength(1);
      expect(await queue.getJob(jobIdOf("slack", payload.trigger_id as string))).toBeDefined();
    });
  },
);
