/**
 * The bar "two processes on one Redis: one post per subscription per day", with two real OS
 * processes (replica-process.ts), each running the BullMQ scheduler, the real /brief and the real
 * Discord poster against one fake Discord and one redis-server on 127.0.0.1. Both run at start
 * and then tick every second; every subscribed channel must receive exactly one brief. Skipped,
 * with the reason, where redis-server is not installed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { commands } from "../../../src/commands/index.ts";
import { dispatchText } from "../../../src/core/dispatch.ts";
import { silentLogger } from "../../../src/core/ports.ts";
import { SubscriptionStore } from "../../../src/core/subscriptions/store.ts";
import { FakeDiscord } from "../../fakes/discord/fake-discord.ts";
import { REDIS_SKIP_REASON, startRedis } from "../../helpers/redis.ts";

const redis = await startRedis();
const CLOSES = fileURLToPath(new URL("../../fixtures/closes", import.meta.url));
const BRIEF = fileURLToPath(new URL("../../fixtures/brief", import.meta.url));
const REPLICA = fileURLToPath(new URL("./replica-process.ts", import.meta.url));
const CHANNELS = Array.from({ length: 12 }, (_, i) => `3000000000000002${String(i).padStart(2, "0")}`);
/** Tue 13 Jan 2026 08:31 New York (EST): one minute after the 08:30 posts were due. */
const NOW = Date.parse("2026-01-13T13:31:00Z");

const children: ChildProcess[] = [];
let fake: FakeDiscord | undefined;
let dir: string | undefined;
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid, "SIGKILL");
  await fake?.close();
  await redis?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function replica(owner: string, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [REPLICA], {
    env: { ...process.env, ...env, OWNER: owner },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let err = "";
  child.stderr?.on("data", (d) => {
    err += String(d);
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d) => {
      if (String(d).includes("ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`${owner} exited (${code}) before it was ready: ${err}`)));
  });
}

function stopped(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve(code));
    if (child.pid) process.kill(child.pid, "SIGTERM");
  });
}

describe.skipIf(!redis)(
  `two bot processes on one Redis${redis ? "" : ` - skipped: ${REDIS_SKIP_REASON}`}`,
  () => {
    it("post each subscription's brief once between them", async () => {
      const url = redis?.url ?? "";
      dir = await mkdtemp(join(tmpdir(), "two-processes-"));
      await cp(CLOSES, dir, { recursive: true });
      await cp(BRIEF, dir, { recursive: true });
      fake = await FakeDiscord.start();
      // Moderators subscribed the channels the day before.
      const store = await createStore({ redisUrl: url }, silentLogger);
      for (const channelId of CHANNELS) {
        const reply = await dispatchText("/subscribe brief", {
          commands,
          market: { name: "unused" } as never,
          store,
          clock: { now: () => NOW - 86_400_000 },
          logger: silentLogger,
          requester: { platform: "discord", channelId, workspaceId: "400000000000000001", isAdmin: true },
        });
        expect(reply.kind, reply.fallback).toBe("answer");
      }
      const env = {
        REDIS_URL: url,
        DISCORD_API_URL: fake.apiUrl,
        DISCORD_TOKEN: fake.token,
        DATA_DIR: dir,
        NOW: String(NOW),
        QUEUE: "two-processes",
        // Four posts in flight per run, each 400 ms: a run lasts over a second, so the runs at
        // start and the ticks of the two processes overlap and contend for the same channels.
        POST_DELAY_MS: "400",
      };
      const [a, b] = await Promise.all([replica("process-a", env), replica("process-b", env)]);
      const posts = () =>
        (fake as FakeDiscord).requests.filter(
          (r) => r.method === "POST" && /\/channels\/\d+\/messages$/.test(r.path),
        );
      const deadline = Date.now() + 20_000;
      while (posts().length < CHANNELS.length && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      // More ticks come and go on either process: they find every post done.
      await new Promise((r) => setTimeout(r, 2_500));
      expect(await stopped(a)).toBe(0);
      expect(await stopped(b)).toBe(0);

      const perChannel = CHANNELS.map(
        (c) => posts().filter((p) => p.path.endsWith(`/channels/${c}/messages`)).length,
      );
      expect(perChannel).toEqual(CHANNELS.map(() => 1));
      expect(posts()).toHaveLength(CHANNELS.length);
      const subs = await new SubscriptionStore(store).all();
      expect(subs.map((s) => s.state.lastSentSession)).toEqual(CHANNELS.map(() => "2026-01-13"));
      await store.close();
      // Two Node processes start, connect and tick: on a loaded machine that alone takes 20 s.
    }, 90_000);
  },
);
