import { afterAll, describe, expect, it } from "vitest";
import { CachedMarketData } from "../../../src/adapters/cache/cached-market-data.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { silentLogger } from "../../../src/core/ports.ts";
import { REDIS_SKIP_REASON, startRedis } from "../../helpers/redis.ts";
import { CountingMarketData, ManualClock, ny, sessions } from "./counting-market-data.ts";

const redis = await startRedis();
afterAll(async () => {
  await redis?.stop();
});

// Skipped when redis-server is missing: REDIS_SKIP_REASON says how to install it.
describe.skipIf(!redis)(
  `CachedMarketData on a shared Redis${redis ? "" : ` - skipped: ${REDIS_SKIP_REASON}`}`,
  () => {
    it("GIVEN two bot processes on one Redis THEN the second is answered from what the first fetched", async () => {
      const clock = new ManualClock(ny("2026-01-13", "11:00"));
      const [a, b] = [new CountingMarketData(clock), new CountingMarketData(clock)];
      for (const inner of [a, b]) {
        inner.bars.set("^RUT", sessions("2023-01-03", "2026-01-13"));
        inner.prices.set("IWM", 261.3);
      }
      const storeA = await createStore({ redisUrl: redis?.url ?? "" }, silentLogger);
      const storeB = await createStore({ redisUrl: redis?.url ?? "" }, silentLogger);
      const mdA = new CachedMarketData(a, storeA, clock, silentLogger);
      const mdB = new CachedMarketData(b, storeB, clock, silentLogger);

      const fromA = await mdA.history("^RUT", { from: "2025-12-31", to: "2026-01-13" });
      await mdA.quotes(["IWM"]);
      const fromB = await mdB.history("^RUT", { from: "2026-01-06", to: "2026-01-13" });
      const quotesB = await mdB.quotes(["IWM"]);

      expect(fromB.bars).toEqual(fromA.bars.filter((bar) => bar.date >= "2026-01-06"));
      expect(quotesB.quotes.map((q) => q.price)).toEqual([261.3]);
      expect(b.historyCalls).toHaveLength(0);
      expect(b.quoteCalls).toHaveLength(0);
      await storeA.close();
      await storeB.close();
    });
  },
);
