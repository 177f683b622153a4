/**
 * The container recipe, as far as it can be checked without a container engine: compose.yaml
 * parses as YAML and wires the bot to Redis, the store to a volume and a second replica for Slack
 * HTTP mode behind a profile; the Dockerfile is multi-stage on node:24-slim, installs the packed
 * tarball with production dependencies only, runs as a non-root user with the store on a volume,
 * and checks /health. (The image's start command itself is run from a packed install in
 * pack.test.ts.)
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

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
    expect(instructions).toMatch(/^HEALTHCHECK [^\n]*\\\n[^\n]*\/health/m);
    expect(instructions).toMatch(/^CMD \["rotation-bot", "start"\]$/m);
  });
});
