/**
 * Graceful shutdown with REDIS_URL: the whole bot (startChat, as `npm start` runs it, at a clock
 * the test fixes) in its own process, Slack HTTP mode against the fake Slack, the store on a real
 * redis-server and the scheduler on BullMQ. At start it claims and posts the brief owed to a
 * channel; Slack holds that post's answer while SIGTERM arrives. Released, the post is finished
 * and recorded, BullMQ and the Redis connections are closed, and the process exits 0 within the
 * grace period. Skipped, with the reason, where redis-server is not installed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore } from "../../src/adapters/store/create-store.ts";
import { commands } from "../../src/commands/index.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { silentLogger } from "../../src/core/ports.ts";
import { SubscriptionStore } from "../../src/core/subscriptions/store.ts";
import { FakeSlack, TEAM_ID } from "../fakes/slack/fake-slack.ts";
import { SIGNING_SECRET } from "../fakes/slack/sign.ts";
import { freePort } from "../helpers/free-port.ts";
import { REDIS_SKIP_REASON, startRedis } from "../helpers/redis.ts";

const redis = await startRedis();
const BOT = fileURLToPath(new URL("../adapters/schedule/bot-process.ts", import.meta.url));
const CLOSES = fileURLToPath(new URL("../fixtures/closes", import.meta.url));
const BRIEF = fileURLToPath(new URL("../fixtures/brief", import.meta.url));
const CHANNEL = "C0REDIS";
/** Mon 12 Jan 2026, noon New York: when the channel subscribed. */
const SUBSCRIBED = Date.parse("2026-01-12T17:00:00Z");
/** Tue 13 Jan 2026, 16:33 New York: three minutes after the 16:30 brief was due. */
const NOW = Date.parse("2026-01-13T21:33:00Z");

async function until(what: string, ms: number, check: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!redis)(
  `SIGTERM with REDIS_URL (Redis store, BullMQ scheduler)${redis ? "" : `: skipped, ${REDIS_SKIP_REASON}`}`,
  () => {
    let dir: string;
    let slack: FakeSlack;
    let child: ChildProcess | undefined;
    let output = "";
    let exitCode: number | null = null;
    let acceptedBeforeSignal = false;

    beforeAll(async () => {
      const url = redis?.url ?? "";
      dir = await mkdtemp(join(tmpdir(), "shutdown-redis-"));
      const data = join(dir, "closes");
      await cp(CLOSES, data, { recursive: true });
      await cp(BRIEF, data, { recursive: true });
      // A channel admin subscribed the day before, as /subscribe does in Slack.
      const store = await createStore({ redisUrl: url }, silentLogger);
      const reply = await dispatchText("/subscribe brief 16:30 America/New_York", {
        commands,
        market: { name: "unused" } as never,
        store,
        clock: { now: () => SUBSCRIBED },
        logger: silentLogger,
        requester: {
          platform: "slack",
          channelId: CHANNEL,
          workspaceId: TEAM_ID,
          userId: "U1",
          isAdmin: true,
        },
      });
      expect(reply.kind, reply.fallback).toBe("answer");
      await store.close();

      slack = await new FakeSlack().start();
      // Slack has the brief but holds its answer until the shutdown is under way.
      let release: () => void = () => {};
      const held = new Promise<void>((r) => {
        release = r;
      });
      let accepted = false;
      slack.onAccepted = async (message) => {
        if (message.channel !== CHANNEL) return;
        accepted = true;
        await held;
      };
      child = spawn(process.execPath, [BOT], {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? "",
          NOW: String(NOW),
          REDIS_URL: url,
          SLACK_BOT_TOKEN: "xoxb-1111-2222-fakebottoken",
          SLACK_SIGNING_SECRET: SIGNING_SECRET,
          SLACK_MODE: "http",
          SLACK_PORT: String(await freePort()),
          SLACK_API_URL: slack.apiUrl,
          MARKET_DATA: `csv:${data}`,
          SHUTDOWN_GRACE_MS: "30000",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout?.on("data", (b: Buffer) => {
        output += b.toString();
      });
      child.stderr?.on("data", (b: Buffer) => {
        output += b.toString();
      });
      const exited = new Promise<void>((resolve) =>
        child?.once("exit", (code) => {
          exitCode = code;
          resolve();
        }),
      );
      await until("the brief to reach Slack", 90_000, () => accepted || child?.exitCode !== null);
      acceptedBeforeSignal = accepted;
      child.kill("SIGTERM");
      await until("the shutdown to begin", 20_000, () => output.includes("taking no new work"));
      release();
      await exited;
    }, 180_000);

    afterAll(async () => {
      if (child && child.exitCode === null) child.kill("SIGKILL");
      await slack?.stop();
      await redis?.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("finishes the post it had claimed, once, and records it in Redis", async () => {
      expect(acceptedBeforeSignal, output).toBe(true);
      expect(slack.messages.filter((m) => m.channel === CHANNEL)).toHaveLength(1);
      const store = await createStore({ redisUrl: redis?.url ?? "" }, silentLogger);
      const [sub] = await new SubscriptionStore(store).all();
      await store.close();
      expect(sub?.state).toMatchObject({ lastSentSession: "2026-01-13", failures: 0 });
    });

    it("closes BullMQ and Redis and exits 0 within the grace period", () => {
      expect(exitCode, output).toBe(0);
      expect(output).toContain('"kind":"bullmq"');
      expect(output).toContain("scheduler stopped");
      expect(output).toContain("shutdown complete");
      expect(output).not.toContain("shutdown step failed");
      expect(output).not.toContain("after the grace period");
      expect(output).not.toMatch(/"level":(50|60)/);
    });
  },
);
