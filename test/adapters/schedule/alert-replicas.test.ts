/**
 * Two replicas on one Redis evaluate the same close at the same moment: the store and the claims
 * are shared (two connections each, as two processes have), the posters record. Every channel
 * gets its alert once, whichever replica posts it; the same for a live level crossing both replicas'
 * polls see at the same moment. Skipped, with the reason, without redis-server.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { CsvMarketData } from "../../../src/adapters/csv/csv-market-data.ts";
import { createMemberLists } from "../../../src/adapters/members/index.ts";
import { RedisClaims } from "../../../src/adapters/schedule/redis-claims.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { IntradayPoller } from "../../../src/core/alerts/intraday.ts";
import { AlertRunner } from "../../../src/core/alerts/runner.ts";
import { dispatchText, type Services } from "../../../src/core/dispatch.ts";
import type { MarketData, Store } from "../../../src/core/ports.ts";
import { REDIS_SKIP_REASON, startRedis } from "../../helpers/redis.ts";
import { writeWeekData } from "./alert-week-data.ts";
import { nyEst, world } from "./harness.ts";

const redis = await startRedis();
const CHANNELS = Array.from({ length: 8 }, (_, i) => `C-REPLICA-${i}`);
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c();
  await redis?.stop();
});

describe.skipIf(!redis)(
  `alerts, two replicas on one Redis${redis ? "" : ` - skipped: ${REDIS_SKIP_REASON}`}`,
  () => {
    it("posts each channel's record close once, across both replicas", async () => {
      const url = redis?.url ?? "";
      const dir = await mkdtemp(join(tmpdir(), "alert-replicas-"));
      cleanup.push(() => rm(dir, { recursive: true, force: true }));
      await writeWeekData(dir);
      const w = world(nyEst("2026-11-23 12:00"));
      const services = (s: Store): Services => ({
        ...w.services(s),
        market: new CsvMarketData({ dir, clock: w.clock }),
        members: createMemberLists({ csvDir: dir }, { store: s, clock: w.clock, logger: w.logger }),
      });
      const stores = [
        await createStore({ redisUrl: url }, w.logger),
        await createStore({ redisUrl: url }, w.logger),
      ];
      for (const s of stores) cleanup.push(() => s.close());
      for (const channel of CHANNELS) {
        const reply = await dispatchText("/alert add record RUT", {
          ...services(stores[0] as Store),
          requester: {
            platform: "slack",
            channelId: channel,
            workspaceId: "W1",
            userId: "U1",
            isAdmin: true,
          },
        });
        expect(reply.kind, reply.fallback).toBe("answer");
      }
      const runners = stores.map((s, i) => {
        const connection = new Redis(url);
        cleanup.push(async () => connection.disconnect());
        return new AlertRunner({
          services: services(s),
          posters: { slack: w.poster },
          claims: new RedisClaims(connection, "test-alert-replicas:"),
          owner: `replica-${i + 1}`,
          pacing: { slackIntervalMs: 0 },
        });
      });
      // Tue 24 Nov 16:30 New York: both replicas run the after-close tick at once.
      const t = nyEst("2026-11-24 16:30");
      w.clock.t = t;
      const reports = await Promise.all(runners.map((r) => r.runEndOfDay(t)));
      for (const channel of CHANNELS) {
        const posts = w.poster.to(channel);
        expect(posts, channel).toHaveLength(1);
        expect(posts[0]?.text).toContain("Russell 2000: record close");
      }
      expect(reports.reduce((n, r) => n + (r?.posted ?? 0), 0)).toBe(CHANNELS.length);
      // A later tick finds nothing owed.
      const again = await runners[1]?.runEndOfDay(t + 5 * 60_000);
      expect(again?.evaluated).toBe(0);
      expect(w.poster.posts).toHaveLength(CHANNELS.length);
    }, 60_000);

    it("posts a live crossing once in each channel, whichever replica's poll sees it", async () => {
      const url = redis?.url ?? "";
      const w = world(nyEst("2026-11-23 18:00"));
      let quoteRequests = 0;
      // IWM at 269 until 10:00, 271 from then on.
      const market: MarketData = {
        name: "Scripted quotes",
        history: async () => {
          throw new Error("no history in this test");
        },
        quotes: async (symbols) => {
          quoteRequests++;
          const t = w.clock.now();
          return {
            source: "Scripted quotes",
            fetchedAt: t,
            missing: [],
            quotes: symbols.map((symbol) => ({
              symbol,
              price: t < nyEst("2026-11-24 10:00") ? 269 : 271,
              time: t,
            })),
          };
        },
      };
      const stores = [
        await createStore({ redisUrl: url }, w.logger),
        await createStore({ redisUrl: url }, w.logger),
      ];
      for (const s of stores) cleanup.push(() => s.close());
      const services = (s: Store): Services => ({ ...w.services(s), market });
      for (const channel of CHANNELS) {
        const reply = await dispatchText("/alert add cross IWM 270", {
          ...services(stores[1] as Store),
          requester: {
            platform: "slack",
            channelId: `${channel}-LIVE`,
            workspaceId: "W1",
            userId: "U1",
            isAdmin: true,
          },
        });
        expect(reply.kind, reply.fallback).toBe("answer");
      }
      const pollers = stores.map((s, i) => {
        const connection = new Redis(url);
        cleanup.push(async () => connection.disconnect());
        return new IntradayPoller({
          services: services(s),
          posters: { slack: w.poster },
          claims: new RedisClaims(connection, "test-alert-replicas-live:"),
          owner: `replica-${i + 1}`,
        });
      });
      const before = w.poster.posts.length;
      // Both replicas poll every minute from 09:58 to 10:03, at the same moments.
      const reports = [];
      for (let t = nyEst("2026-11-24 09:58"); t <= nyEst("2026-11-24 10:03"); t += 60_000) {
        w.clock.t = t;
        reports.push(...(await Promise.all(pollers.map((p) => p.poll(t)))));
      }
      const posts = w.poster.posts.slice(before);
      for (const channel of CHANNELS) {
        const here = posts.filter((p) => p.channelId === `${channel}-LIVE`);
        expect(here, channel).toHaveLength(1);
        expect(here[0]?.text).toContain("IWM crossed above 270.00");
        expect(here[0]?.text).toContain("traded at 271.00 at 10:00 New York");
      }
      expect(reports.reduce((n, r) => n + r.posted, 0)).toBe(CHANNELS.length);
      // Each replica asks once a poll for every watched symbol.
      expect(quoteRequests).toBe(12);
    }, 60_000);
  },
);
