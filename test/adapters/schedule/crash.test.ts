/**
 * "Once per day" across a crash, with real OS processes: the whole bot (bot-process.ts) posts the
 * brief owed to a channel; the fake platform accepts the message and, before it answers, the test
 * SIGKILLs the bot (the platform has the post, the bot never heard). A new bot process on the same
 * SQLite store takes the scheduler over and tries the post again:
 * - Discord: the same nonce with enforce_nonce, so Discord answers the first message: one post.
 * - Slack with SLACK_DEDUP_HISTORY=true: it finds the post's metadata in the channel: one post.
 * - Slack without it: it posts again, the rare duplicate the README states.
 * And the lock: a second process on a store another one schedules from posts nothing and says
 * why; once the first is killed, it takes the scheduling over.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { commands } from "../../../src/commands/index.ts";
import { dispatchText } from "../../../src/core/dispatch.ts";
import { silentLogger } from "../../../src/core/ports.ts";
import type { ChatPlatform } from "../../../src/core/subscriptions/model.ts";
import { SubscriptionStore } from "../../../src/core/subscriptions/store.ts";
import { FakeDiscord } from "../../fakes/discord/fake-discord.ts";
import { FakeSlack, TEAM_ID } from "../../fakes/slack/fake-slack.ts";
import { SIGNING_SECRET } from "../../fakes/slack/sign.ts";

const CLOSES = fileURLToPath(new URL("../../fixtures/closes", import.meta.url));
const BRIEF = fileURLToPath(new URL("../../fixtures/brief", import.meta.url));
const BOT = fileURLToPath(new URL("./bot-process.ts", import.meta.url));
/** Tue 13 Jan 2026 08:31 New York (EST): one minute after the 08:30 post was due. */
const NOW = Date.parse("2026-01-13T13:31:00Z");
const SESSION = "2026-01-13";
/** Each process loads the whole bot: generous on a busy machine (these are deadlines, not timings). */
const WAIT_MS = 90_000;
const TEST_MS = 240_000;

type LogLine = { msg?: string; [key: string]: unknown };

class BotProcess {
  readonly child: ChildProcess;
  readonly lines: LogLine[] = [];
  readonly exited: Promise<void>;
  private readonly waiters: { match: (l: LogLine) => boolean; resolve: () => void }[] = [];
  private stderr = "";

  constructor(env: Record<string, string>) {
    this.child = spawn(process.execPath, [BOT], {
      env: { ...process.env, ...env, NOW: String(NOW), LOG_LEVEL: "info" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    this.exited = new Promise((resolve) => this.child.once("exit", () => resolve()));
    let partial = "";
    this.child.stderr?.on("data", (chunk) => {
      this.stderr += String(chunk);
      const text = partial + String(chunk);
      const parts = text.split("\n");
      partial = parts.pop() ?? "";
      for (const part of parts) {
        let line: LogLine;
        try {
          line = JSON.parse(part) as LogLine;
        } catch {
          continue;
        }
        this.lines.push(line);
        for (const w of this.waiters.filter((x) => x.match(line))) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
  }

  /** Resolves at the first log line that matches (logged already or later). */
  waitFor(match: (l: LogLine) => boolean, what: string): Promise<void> {
    if (this.lines.some(match)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`bot process: no "${what}" within ${WAIT_MS} ms; stderr:\n${this.stderr}`)),
        WAIT_MS,
      );
      this.child.once("exit", () => {
        clearTimeout(timer);
        if (!this.lines.some(match))
          reject(new Error(`bot process exited before "${what}":\n${this.stderr}`));
      });
      this.waiters.push({
        match,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
    return this.exited;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    await this.exited;
  }
}

const bots: BotProcess[] = [];
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const bot of bots.splice(0)) await bot.kill();
});
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

function start(env: Record<string, string>): BotProcess {
  const bot = new BotProcess(env);
  bots.push(bot);
  return bot;
}

/** A data folder and a store in which a manager subscribed `channelId` the day before. */
async function setUp(platform: ChatPlatform, channelId: string, workspaceId: string) {
  const dir = await mkdtemp(join(tmpdir(), "crash-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const data = join(dir, "closes");
  await cp(CLOSES, data, { recursive: true });
  await cp(BRIEF, data, { recursive: true });
  const storePath = join(dir, "store.sqlite");
  const store = await createStore({ sqlitePath: storePath }, silentLogger);
  const reply = await dispatchText("/subscribe brief 08:30 America/New_York", {
    commands,
    market: { name: "unused" } as never,
    store,
    clock: { now: () => NOW - 86_400_000 },
    logger: silentLogger,
    requester: { platform, channelId, workspaceId, isAdmin: true },
  });
  expect(reply.kind, reply.fallback).toBe("answer");
  await store.close();
  return { storePath, env: { MARKET_DATA: `csv:${data}`, STORE_PATH: storePath } };
}

async function sentSession(storePath: string): Promise<string | undefined> {
  const store = await createStore({ sqlitePath: storePath }, silentLogger);
  const [sub] = await new SubscriptionStore(store).all();
  await store.close();
  return sub?.state.lastSentSession;
}

const briefRunDone = (l: LogLine) =>
  l.msg === "brief run" && Number(l.posted ?? 0) + Number(l.found ?? 0) >= 1;

describe("a bot killed right after Discord accepted the brief", () => {
  it(
    "posts it once: the restarted bot's repeat carries the same nonce and Discord answers the first message",
    async () => {
      const channel = "300000000000000090";
      const fake = await FakeDiscord.start();
      cleanups.push(() => fake.close());
      const { storePath, env } = await setUp("discord", channel, "400000000000000001");
      const discordEnv = {
        ...env,
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
      };
      const first = start(discordEnv);
      let killed = false;
      fake.onAccepted = async (message) => {
        if (killed || message.channelId !== channel) return;
        killed = true;
        // Discord has the message; the bot dies before the answer reaches it.
        await first.kill();
      };
      await first.exited;
      expect(killed).toBe(true);
      expect(first.lines.some((l) => l.msg === "brief run")).toBe(false);

      const second = start(discordEnv);
      await second.waitFor(briefRunDone, "brief run");
      await second.stop();

      const tries = fake.requests.filter(
        (r) => r.method === "POST" && r.path.endsWith(`/channels/${channel}/messages`),
      );
      expect(tries).toHaveLength(2);
      expect(new Set(tries.map((r) => r.json?.nonce)).size).toBe(1);
      expect(tries.every((r) => r.json?.enforce_nonce === true)).toBe(true);
      expect(fake.created.filter((m) => m.channelId === channel)).toHaveLength(1);
      expect(await sentSession(storePath)).toBe(SESSION);
    },
    TEST_MS,
  );
});

describe("a bot killed right after Slack accepted the brief", () => {
  async function crashAndRestart(dedupHistory: "true" | "false", channel: string) {
    const fake = await new FakeSlack().start();
    cleanups.push(() => fake.stop());
    const { storePath, env } = await setUp("slack", channel, TEAM_ID);
    const slackEnv = {
      ...env,
      SLACK_BOT_TOKEN: "xoxb-1111-2222-fakebottoken",
      SLACK_MODE: "http",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_PORT: "0",
      SLACK_API_URL: fake.apiUrl,
      SLACK_DEDUP_HISTORY: dedupHistory,
    };
    const first = start(slackEnv);
    let killed = false;
    fake.onAccepted = async (message) => {
      if (killed || message.channel !== channel) return;
      killed = true;
      await first.kill();
    };
    await first.exited;
    expect(killed).toBe(true);
    const second = start(slackEnv);
    await second.waitFor(briefRunDone, "brief run");
    await second.stop();
    return { fake, storePath, second };
  }

  it(
    "with the history scope (SLACK_DEDUP_HISTORY=true): finds the first post's metadata and posts nothing more",
    async () => {
      const channel = "C0CRASH1";
      const { fake, storePath, second } = await crashAndRestart("true", channel);
      const posted = fake.messages.filter((m) => m.channel === channel);
      expect(posted).toHaveLength(1);
      expect(posted[0]?.metadata).toMatchObject({
        event_type: "rotation_brief",
        event_payload: { session: SESSION },
      });
      expect(fake.callsTo("conversations.history").filter((c) => c.params.channel === channel)).toHaveLength(
        1,
      );
      expect(second.lines.find((l) => l.msg === "brief run")).toMatchObject({ found: 1, posted: 0 });
      expect(await sentSession(storePath)).toBe(SESSION);
    },
    TEST_MS,
  );

  it(
    "without it (SLACK_DEDUP_HISTORY=false): posts again, the one duplicate the README warns of",
    async () => {
      const channel = "C0CRASH2";
      const { fake, storePath } = await crashAndRestart("false", channel);
      expect(fake.messages.filter((m) => m.channel === channel)).toHaveLength(2);
      expect(fake.callsTo("conversations.history")).toHaveLength(0);
      expect(await sentSession(storePath)).toBe(SESSION);
    },
    TEST_MS,
  );
});

describe("two bot processes on one SQLite store", () => {
  it(
    "the second runs no scheduler and says why; once the first is killed, it takes over",
    async () => {
      const channel = "300000000000000091";
      const fake = await FakeDiscord.start();
      cleanups.push(() => fake.close());
      const { env } = await setUp("discord", channel, "400000000000000001");
      const discordEnv = {
        ...env,
        DISCORD_TOKEN: fake.token,
        DISCORD_APPLICATION_ID: fake.applicationId,
        DISCORD_API_URL: fake.apiUrl,
        SCHEDULER_STANDBY_RETRY_SECONDS: "1",
      };
      const first = start(discordEnv);
      await first.waitFor(briefRunDone, "brief run");
      const second = start(discordEnv);
      await second.waitFor((l) => l.msg === "bot process ready", "ready");
      const refusal = second.lines.find((l) => String(l.msg).startsWith("scheduler not started"));
      expect(refusal?.msg).toContain(`process ${first.child.pid} on `);
      expect(refusal?.msg).toContain("runs the scheduler on this store");
      expect(second.lines.some((l) => l.msg === "scheduler started")).toBe(false);
      // Still standing by while the first one runs.
      await new Promise((r) => setTimeout(r, 2_500));
      expect(second.lines.some((l) => String(l.msg).startsWith("scheduler taking over"))).toBe(false);

      await first.kill();
      await second.waitFor((l) => String(l.msg).startsWith("scheduler taking over"), "scheduler taking over");
      await second.stop();
      // The first process had posted and recorded the brief: the one taking over does not post it again.
      expect(fake.created.filter((m) => m.channelId === channel)).toHaveLength(1);
    },
    TEST_MS,
  );
});
