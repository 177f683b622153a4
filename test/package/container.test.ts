/**
 * The container recipe, as far as it can be checked without a container engine: compose.yaml
 * parses as YAML and wires the bot to Redis, the store to a volume and a second replica for Slack
 * HTTP mode behind a profile; the Dockerfile is multi-stage on node:24-slim, installs the packed
 * tarball with production dependencies only, runs as a non-root user with the store on a volume,
 * and checks /health. (The image's start command itself is run from a packed install in
 * pack.test.ts.)
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PrometheusMetrics } from "../../src/adapters/metrics/prometheus.ts";
import { startOpsServer } from "../../src/adapters/metrics/server.ts";
import { silentLogger } from "../../src/core/ports.ts";

const ROOT = new URL("../../", import.meta.url);
const text = (name: string) => readFile(fileURLToPath(new URL(name, ROOT)), "utf8");

interface Service {
  build?: unknown;
  image?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  profiles?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

describe("compose.yaml", () => {
  it("parses, with the bot on Redis and its store on a volume", async () => {
    const doc = parse(await text("compose.yaml")) as { services: Record<string, Service>; volumes: object };
    const { redis, bot } = doc.services;
    expect(redis?.image).toMatch(/^redis:/);
    expect(redis?.healthcheck?.test).toContain("ping");
    expect(bot?.build).toBe(".");
    expect(bot?.environment?.REDIS_URL).toBe("redis://redis:6379/0");
    expect(bot?.volumes).toContain("bot-data:/data");
    expect(bot?.depends_on?.redis?.condition).toBe("service_healthy");
    expect(bot?.profiles).toBeUndefined();
    expect(Object.keys(doc.volumes)).toEqual(expect.arrayContaining(["bot-data", "redis-data"]));
  });

  it("adds a second replica in Slack HTTP mode behind the http profile, on its own port", async () => {
    const doc = parse(await text("compose.yaml")) as { services: Record<string, Service> };
    const second = doc.services["bot-2"];
    expect(second?.profiles).toEqual(["http"]);
    expect(second?.image).toBe(doc.services.bot?.image);
    expect(second?.environment).toMatchObject({ REDIS_URL: "redis://redis:6379/0", SLACK_MODE: "http" });
    expect(second?.ports).toContain("3001:3000");
    // Metrics ports stay on the host's loopback.
    for (const s of [doc.services.bot, second])
      expect(s?.ports?.some((p) => p.startsWith("127.0.0.1:"))).toBe(true);
  });
});

describe("Dockerfile", () => {
  it("is multi-stage on node:24-slim, production dependencies only, non-root, store on a volume, health-checked", async () => {
    const lines = (await text("Dockerfile")).split("\n").filter((l) => !l.trimStart().startsWith("#"));
    const instructions = lines.join("\n");
    expect(lines.filter((l) => l.startsWith("FROM node:24-slim"))).toHaveLength(2);
    expect(instructions).toMatch(/npm pack/);
    expect(instructions).toMatch(/npm install -g --omit=dev[^\n]*rotation-bot\.tgz/);
    expect(instructions).toMatch(/^USER node$/m);
    expect(instructions).toMatch(/^VOLUME \/data$/m);
    expect(instructions).toMatch(/STORE_PATH=\/data\//);
    // Inside the container the metrics port must answer the health check and Prometheus.
    expect(instructions).toMatch(/METRICS_PORT=9464/);
    expect(instructions).toMatch(/METRICS_HOST=0\.0\.0\.0/);
    expect(instructions).toMatch(/^HEALTHCHECK [^\n]*\\\n[^\n]*\/health/m);
    expect(instructions).toMatch(/^CMD \["rotation-bot", "start"\]$/m);
  });

  it("has a HEALTHCHECK command that node runs as written: 0 while /health answers, 1 once it does not", async () => {
    const dockerfile = await text("Dockerfile");
    const cmd = /^HEALTHCHECK [^\n]*\\\n\s*CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    const argv = JSON.parse(cmd ?? "[]") as string[];
    expect(argv[0]).toBe("node");
    const run = (port: number) =>
      new Promise<number>((resolve) => {
        execFile(
          process.execPath,
          argv.slice(1),
          { env: { PATH: process.env.PATH ?? "", METRICS_PORT: String(port) }, timeout: 30_000 },
          (err) => resolve(err ? (typeof err.code === "number" ? err.code : 99) : 0),
        );
      });
    const ops = await startOpsServer({
      host: "127.0.0.1",
      port: 0,
      metrics: new PrometheusMetrics([]),
      logger: silentLogger,
      readiness: async () => ({ ready: false, checks: [] }),
    });
    const port = ops.port;
    try {
      expect(await run(port)).toBe(0);
    } finally {
      await ops.close();
    }
    expect(await run(port)).toBe(1);
  });
});
