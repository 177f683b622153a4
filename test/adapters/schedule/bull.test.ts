/**
 * Two bot processes on one Redis (a real redis-server started here on 127.0.0.1): each runs the
 * BullMQ scheduler over its own Redis store connection. Both run at start and BullMQ ticks every
 * second; every subscription still gets one post, and there is one job scheduler per job however
 * many replicas upserted it. Skipped, with the reason, where redis-server is not installed.
 */
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { BullScheduler } from "../../../src/adapters/schedule/bull.ts";
import { startScheduler } from "../../../src/adapters/schedule/index.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { readConfig } from "../../../src/config.ts";
import { dispatchText } from "../../../src/core/dispatch.ts";
import type { Store } from "../../../src/core/ports.ts";
import { SubscriptionStore } from "../../../src/core/subscriptions/store.ts";
import { REDIS_SKIP_REASON, startRedis } from "../../helpers/redis.ts";
import { nyEst, world } from "./harness.ts";

const redis = await startRedis();
afterAll(async () => {
  await redis?.stop();
});

const CHANNELS = Array.from({ length: 20 }, (_, i) => `3000000000000001${String(i).padStart(2, "0")}`);

describe.skipIf(!redis)(
  `BullMQ scheduler, two replicas on one Redis${redis ? "" : ` - skipped: ${REDIS_SKIP_REASON}`}`,
  () => {
    const url = redis?.url ?? "";

    it("posts each subscription once, and keeps one job scheduler per job", async () => {
      const w = world(nyEst("2026-11-24 08:00"));
      const stores: Store[] = [];
      const open = async () => {
        const s = await createStore({ redisUrl: url }, w.logger);
        stores.push(s);
        return s;
      };
      const first = await open();
      for (const c of CHANNELS)
        expect((await w.asManager(first, "discord", c, "/subscribe brief")).kind).toBe("answer");
      w.clock.t = nyEst("2026-11-24 08:30");
      const replica = async (owner: string) =>
        new BullScheduler({
          services: w.services(await open()),
          posters: { discord: w.poster },
          owner,
          redisUrl: url,
          queueName: "schedule-two-replicas",
          pacing: { discordIntervalMs: 0 },
          briefPattern: "* * * * * *",
        });
      const a = await replica("replica-a");
      const b = await replica("replica-b");
      await Promise.all([a.start(), b.start()]);
      const deadline = Date.now() + 15_000;
      while (w.poster.posts.length < CHANNELS.length && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      // More ticks come and go (on either replica): they find every post done.
      await new Promise((r) => setTimeout(r, 2_500));
      const connection = new Redis(url, { maxRetriesPerRequest: null });
      const queue = new Queue("schedule-two-replicas", { connection });
      const schedulers = await queue.getJobSchedulers();
      const jobs = await queue.getJobCounts("completed", "failed");
      await Promise.all([a.stop(), b.stop()]);
      await queue.close();
      // The queue leaves a connection it was given open: close it before Redis goes away.
      connection.disconnect();
      for (const s of stores) await s.close();

      for (const c of CHANNELS) expect(w.poster.to(c), c).toHaveLength(1);
      expect(w.poster.posts).toHaveLength(CHANNELS.length);
      expect(schedulers.map((s) => s.key).sort()).toEqual(["breadth-tick", "brief-tick"]);
      // BullMQ's ticks did run (on one replica each), and none failed.
      expect(jobs.completed).toBeGreaterThan(0);
      expect(jobs.failed).toBe(0);
      const subs = await new SubscriptionStore(await open()).all();
      expect(subs.every((s) => s.state.lastSentSession === "2026-11-24")).toBe(true);
      for (const s of stores) await s.close();
    });

    it("keeps every subscription in the index when two processes subscribe channels at once", async () => {
      const w = world(nyEst("2026-11-24 08:00"));
      const [a, b] = await Promise.all([
        createStore({ redisUrl: url }, w.logger),
        createStore({ redisUrl: url }, w.logger),
      ]);
      const channels = (p: string) => Array.from({ length: 25 }, (_, i) => `C-${p}-${i}`);
      // The same workspace: both processes update the same index keys.
      const as = (store: Store, c: string) =>
        dispatchText("/subscribe brief", {
          ...w.services(store),
          requester: { platform: "slack", channelId: c, workspaceId: "T-RACE", userId: "U1", isAdmin: true },
        });
      await Promise.all([...channels("a").map((c) => as(a, c)), ...channels("b").map((c) => as(b, c))]);
      const indexed = (await new SubscriptionStore(a).inWorkspace("slack", "T-RACE")).map((s) => s.channelId);
      expect(indexed.sort()).toEqual([...channels("a"), ...channels("b")].sort());
      await a.close();
      await b.close();
    });

    it("is what startScheduler picks when REDIS_URL is set", async () => {
      const w = world(nyEst("2026-11-24 08:00"));
      const store = await createStore({ redisUrl: url }, w.logger);
      const config = readConfig({ REDIS_URL: url });
      const scheduler = await startScheduler(
        config,
        w.services(store),
        {},
        {
          runAtStart: false,
          // A pattern that never fires during the test.
          briefPattern: "0 0 1 1 *",
          breadthPattern: "0 0 1 1 *",
        },
      );
      expect(scheduler?.kind).toBe("bullmq");
      await scheduler?.stop();
      await store.close();
      const off = await startScheduler(readConfig({ SCHEDULER: "off" }), w.services(store), {});
      expect(off).toBeUndefined();
    });
  },
);
