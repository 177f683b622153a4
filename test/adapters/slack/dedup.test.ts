/**
 * GIVEN the same trigger_id delivered more than once THEN exactly one delivery is answered, also
 * when the copies arrive together or reach two processes sharing one store.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEDUP_NAMESPACE, DeliveryGuard } from "../../../src/adapters/slack/dedup.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { type Store, silentLogger } from "../../../src/core/ports.ts";
import { recordingLogger } from "../store/recording-logger.ts";

describe("DeliveryGuard", () => {
  it("GIVEN two copies at once in one process THEN only the first passes", async () => {
    const store = await createStore({ sqlitePath: ":memory:" }, silentLogger);
    const guard = new DeliveryGuard(store, silentLogger);
    const results = await Promise.all([guard.first("t1"), guard.first("t1"), guard.first("t2")]);
    expect(results).toEqual([true, false, true]);
    expect(await store.get(DEDUP_NAMESPACE, "t1")).toBeTypeOf("number");
    await store.close();
  });

  it("GIVEN two processes sharing the store THEN the second one drops the repeat", async () => {
    const store = await createStore({ sqlitePath: ":memory:" }, silentLogger);
    expect(await new DeliveryGuard(store, silentLogger).first("t1")).toBe(true);
    expect(await new DeliveryGuard(store, silentLogger).first("t1")).toBe(false);
    await store.close();
  });

  it("GIVEN two processes racing on one store file THEN exactly one of them answers", async () => {
    const dir = await mkdtemp(join(tmpdir(), "rotation-bot-dedup-"));
    const file = join(dir, "shared.sqlite");
    const a = await createStore({ sqlitePath: file }, silentLogger);
    const b = await createStore({ sqlitePath: file }, silentLogger);
    // Two processes: two guards, two connections, no shared memory between them.
    const guards = [new DeliveryGuard(a, silentLogger), new DeliveryGuard(b, silentLogger)];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => guards[i % 2]?.first("trigger-7")),
    );
    expect(results.filter((r) => r === true)).toHaveLength(1);
    await a.close();
    await b.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("GIVEN the id is older than the TTL THEN it counts as new again", async () => {
    let now = 1_000_000;
    const store = await createStore({ sqlitePath: ":memory:" }, silentLogger);
    const guard = new DeliveryGuard(store, silentLogger, { ttlMs: 50, now: () => now });
    expect(await guard.first("t1")).toBe(true);
    now += 60;
    await new Promise((r) => setTimeout(r, 80)); // the store's own expiry runs on the real clock
    expect(await guard.first("t1")).toBe(true);
    await store.close();
  });

  it("GIVEN the store is down THEN the command is still answered, and the outage logged", async () => {
    const broken: Store = {
      get: () => Promise.reject(new Error("redis down")),
      set: () => Promise.reject(new Error("redis down")),
      getMany: () => Promise.reject(new Error("redis down")),
      setMany: () => Promise.reject(new Error("redis down")),
      setIfAbsent: () => Promise.reject(new Error("redis down")),
      delete: () => Promise.reject(new Error("redis down")),
      close: () => Promise.resolve(),
    };
    const logger = recordingLogger();
    expect(await new DeliveryGuard(broken, logger).first("t1")).toBe(true);
    expect(logger.text()).toContain("dedup store unavailable");
  });
});
