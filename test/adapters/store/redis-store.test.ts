import { afterAll, describe, expect, it } from "vitest";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { redactRedisUrl } from "../../../src/adapters/store/redis.ts";
import { REDIS_SKIP_REASON, startRedis } from "../../helpers/redis.ts";
import { recordingLogger } from "./recording-logger.ts";
import { storeContract } from "./store-contract.ts";

const PASSWORD = "pw-Zq81-not-for-logs";
// One server with a password for the suite; a second one is stopped mid-test.
const redis = await startRedis({ password: PASSWORD });
afterAll(async () => {
  await redis?.stop();
});

describe("redactRedisUrl", () => {
  it("GIVEN a URL with user and password THEN keeps only scheme, host, port and db", () => {
    expect(redactRedisUrl("redis://bot:s3cr%40t@cache.internal:6380/2")).toBe(
      "redis://cache.internal:6380/2",
    );
    expect(redactRedisUrl("rediss://:only-pass@h:6379")).toBe("rediss://h:6379");
    expect(redactRedisUrl("not a url :pass@")).not.toContain("pass");
  });
});

// Skipped when redis-server is missing: REDIS_SKIP_REASON says how to install it.
describe.skipIf(!redis)(
  `Store on Redis (keyv + @keyv/redis)${redis ? "" : ` - skipped: ${REDIS_SKIP_REASON}`}`,
  () => {
    const url = redis?.url ?? "";
    const logger = recordingLogger();

    storeContract(() => createStore({ redisUrl: url }, logger));

    it("GIVEN two stores on one Redis THEN one sees what the other saved (several bot processes)", async () => {
      const a = await createStore({ redisUrl: url }, recordingLogger());
      const b = await createStore({ redisUrl: url }, recordingLogger());
      await a.set("subs", "C42", { hour: 9 });
      expect(await b.get("subs", "C42")).toEqual({ hour: 9 });
      const raced = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).setIfAbsent("claims", "k", i, 60_000)),
      );
      expect(raced.filter((r) => r)).toHaveLength(1);
      expect(await b.get("claims", "k")).toBe(raced.indexOf(true));
      await a.close();
      await b.close();
    });

    it("GIVEN a wrong password THEN opening fails naming the host, without the password", async () => {
      const wrong = url.replace(encodeURIComponent(PASSWORD), "wrong-Secret-77");
      const err = await createStore({ redisUrl: wrong, connectTimeoutMs: 1_000 }, recordingLogger()).catch(
        (e: unknown) => e as Error,
      );
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toContain(`127.0.0.1:${redis?.port}`);
      expect((err as Error).message).not.toContain("wrong-Secret-77");
    });

    it("GIVEN nothing listening THEN opening fails within the connect timeout", async () => {
      const started = Date.now();
      const logger = recordingLogger();
      const closed = `redis://:${PASSWORD}@127.0.0.1:1`;
      await expect(createStore({ redisUrl: closed, connectTimeoutMs: 500 }, logger)).rejects.toThrow(
        /cannot open the Redis store at redis:\/\/127\.0\.0\.1:1: connection refused/,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(logger.text()).not.toContain(PASSWORD);
    });

    it("GIVEN Redis goes away THEN reads miss, writes reject, errors are logged, and close still returns", async () => {
      const own = await startRedis({ password: PASSWORD });
      if (!own) throw new Error("redis-server vanished between suites");
      const logger = recordingLogger();
      const store = await createStore({ redisUrl: own.url }, logger);
      await store.set("quotes", "IWM", { price: 1 });
      await own.stop();

      expect(await store.get("quotes", "IWM")).toBeUndefined();
      await expect(store.set("quotes", "SPY", { price: 2 })).rejects.toThrow(/did not save quotes\/SPY/);
      expect(await store.getMany("quotes", ["IWM", "SPY"])).toEqual([undefined, undefined]);
      await expect(
        store.setMany("quotes", [
          { key: "QQQ", value: { price: 3 } },
          { key: "RSP", value: { price: 4 } },
        ]),
      ).rejects.toThrow(/did not save 2 of 2 entries of quotes, e\.g\. quotes\/QQQ/);
      await expect(store.setIfAbsent("claims", "k", 1, 1_000)).rejects.toThrow();
      // One line says the connection was lost (not one per failed command or reconnect attempt).
      const lost = logger.lines.filter((l) => l.msg === "redis connection lost");
      expect(lost).toHaveLength(1);
      expect(lost[0]?.obj).toMatchObject({ connection: "store", state: "lost", component: "store" });
      expect(logger.lines.filter((l) => l.msg === "store error")).toHaveLength(0);
      await store.close();
    });

    it("never logs the password", () => {
      expect(logger.lines.length).toBeGreaterThan(0);
      expect(logger.text()).toContain("127.0.0.1");
      expect(logger.text()).not.toContain(PASSWORD);
    });
  },
);
