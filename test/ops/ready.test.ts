/**
 * /ready against a real SQLite store and the real metrics server: ready while the store takes
 * writes and every configured chat connection is up; not ready once the store is closed, a
 * connection drops, or shutdown has begun. /health stays 200 throughout (the process runs).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrometheusMetrics } from "../../src/adapters/metrics/prometheus.ts";
import { readiness } from "../../src/adapters/metrics/readiness.ts";
import { type OpsServer, startOpsServer } from "../../src/adapters/metrics/server.ts";
import { createStore } from "../../src/adapters/store/create-store.ts";
import { silentLogger, type Store } from "../../src/core/ports.ts";

describe("/ready", () => {
  let dir: string;
  let store: Store;
  let server: OpsServer;
  let stopping = false;
  const metrics = new PrometheusMetrics(["rotation"]);
  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`);
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ready-"));
    store = await createStore({ sqlitePath: join(dir, "store.sqlite") }, silentLogger);
    server = await startOpsServer({
      host: "127.0.0.1",
      port: 0,
      metrics,
      logger: silentLogger,
      readiness: readiness({
        store,
        platforms: () => ["discord"],
        connections: () => metrics.connections(),
        stopping: () => stopping,
      }),
    });
  });

  afterAll(async () => {
    await server?.close();
    await store?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("is not ready until the chat connection is up", async () => {
    const r = await get("/ready");
    expect(r.status).toBe(503);
    expect(r.text).toContain("discord: not connected");
  });

  it("is ready with the connection up and the store writable", async () => {
    metrics.connection({ platform: "discord", connected: true });
    const r = await get("/ready");
    expect(r.status, r.text).toBe(200);
    expect(r.text).toMatch(/^ready\n/);
  });

  it("flips to not ready while the gateway reconnects, and back", async () => {
    metrics.connection({ platform: "discord", connected: false });
    expect((await get("/ready")).status).toBe(503);
    metrics.connection({ platform: "discord", connected: true });
    expect((await get("/ready")).status).toBe(200);
  });

  it("flips to not ready when shutdown begins", async () => {
    stopping = true;
    const r = await get("/ready");
    expect(r.status).toBe(503);
    expect(r.text).toContain("shutdown: stopping");
    stopping = false;
  });

  it("flips to not ready when the store is closed; /health stays 200", async () => {
    expect((await get("/ready")).status).toBe(200);
    await store.close();
    const r = await get("/ready");
    expect(r.status).toBe(503);
    expect(r.text).toContain("store: unreachable");
    expect((await get("/health")).status).toBe(200);
  });
});
