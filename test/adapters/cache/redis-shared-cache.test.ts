import { afterAll, describe, expect, it } from "vitest";
import { CachedMarketData } from "../../../src/adapters/cache/cached-market-data.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { silentLogger } from "../../../src/core/ports.ts";
import { REDIS_SKIP_REASON, startRedis } from "../../helpers/redis.ts";
import { CountingMarketData, ManualClock, ny, sessions } from "./counting-market-data.ts";
import { CountingStore } from "./counting-store.ts";

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
      await mdA.flush(); // quote writes go behind the answer
      const fromB = await mdB.history("^RUT", { from: "2026-01-06", to: "2026-01-13" });
      const quotesB = await mdB.quotes(["IWM"]);

      expect(fromB.bars).toEqual(fromA.bars.filter((bar) => bar.date >= "2026-01-06"));
      expect(quotesB.quotes.map((q) => q.price)).toEqual([261.3]);
      expect(b.historyCalls).toHaveLength(0);
      expect(b.quoteCalls).toHaveLength(0);
      await storeA.close();
      await storeB.close();
    });

    it("GIVEN 2,000 quotes THEN each process makes one MGET-sized read and one write, and sees the other's newer quotes once its own go stale", async () => {
      const clock = new ManualClock(ny("2026-01-13", "11:00"));
      const symbols = Array.from({ length: 2_000 }, (_, i) => `M${i}`);
      const [a, b] = [new CountingMarketData(clock), new CountingMarketData(clock)];
      for (const [i, s] of symbols.entries()) {
        a.prices.set(s, 10 + i);
        b.prices.set(s, 20 + i);
      }
      const storeA = new CountingStore(await createStore({ redisUrl: redis?.url ?? "" }, silentLogger));
      const storeB = new CountingStore(await createStore({ redisUrl: redis?.url ?? "" }, silentLogger));
      const mdA = new CachedMarketData(a, storeA, clock, silentLogger);
      const mdB = new CachedMarketData(b, storeB, clock, silentLogger);

      expect((await mdA.quotes(symbols)).quotes).toHaveLength(2_000);
      await mdA.flush();
      expect(storeA.calls.map((c) => [c.method, c.keys.length])).toEqual([
        ["getMany", 2_000],
        ["setMany", 2_000],
      ]);
      expect((await mdA.quotes(symbols)).quotes[1999]?.price).toBe(2_009);
      expect(storeA.calls).toHaveLength(2); // warm: memory only

      clock.advance(61_000);
      expect((await mdB.quotes(symbols)).quotes[0]?.price).toBe(20); // B fetched: A's were stale
      await mdB.flush();
      storeA.reset();
      const seenByA = await mdA.quotes(symbols);
      expect(seenByA.quotes.map((q) => q.price)).toEqual(symbols.map((_, i) => 20 + i));
      expect(a.quoteCalls).toHaveLength(1);
      expect(storeA.calls.map((c) => [c.method, c.keys.length])).toEqual([["getMany", 2_000]]);
      await storeA.close();
      await storeB.close();
    });
  },
);
