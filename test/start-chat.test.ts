/**
 * The `npm start` path with a chat platform configured: startChat(readConfig(env)) brings up the
 * real Discord client against the fake Discord, and with it the scheduler, which on its own (no
 * call from the test) posts the morning brief owed to a subscribed channel and records the
 * session's breadth after the close (the history behind /breadth history). Settings come from
 * environment variables only, as in production; the clock is the one thing the test chooses.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore } from "../src/adapters/store/create-store.ts";
import { commands } from "../src/commands/index.ts";
import { readConfig } from "../src/config.ts";
import { BREADTH_HISTORY_NAMESPACE } from "../src/core/breadth/history-store.ts";
import { dispatchText } from "../src/core/dispatch.ts";
import { silentLogger } from "../src/core/ports.ts";
import { SubscriptionStore } from "../src/core/subscriptions/store.ts";
import { type Running, startChat } from "../src/start-chat.ts";
import { recordingLogger } from "./adapters/discord/harness.ts";
import { FakeDiscord, type RecordedRequest } from "./fakes/discord/fake-discord.ts";

const CLOSES = fileURLToPath(new URL("fixtures/closes", import.meta.url));
const BRIEF = fileURLToPath(new URL("fixtures/brief", import.meta.url));
const CHANNEL = "300000000000000077";
/** Tue 13 Jan 2026, 16:33 New York (EST): three minutes after a 16:30 post, after the close. */
const NOW = Date.parse("2026-01-13T21:33:00Z");
/** Mon 12 Jan 2026, noon New York: when the channel subscribed. */
const SUBSCRIBED = Date.parse("2026-01-12T17:00:00Z");

const posts = (fake: FakeDiscord) =>
  fake.requests.filter(
    (r: RecordedRequest) => r.method === "POST" && r.path.endsWith(`/channels/${CHANNEL}/messages`),
  );

describe("npm start with Discord configured", () => {
  let dir: string;
  let fake: FakeDiscord;
  let running: Running | undefined;
  let scrape = "";
  const logger = recordingLogger();
  const storePath = () => join(dir, "store.sqlite");

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "start-chat-"));
    const data = join(dir, "closes");
    await cp(CLOSES, data, { recursive: true });
    await cp(BRIEF, data, { recursive: true });
    // A moderator subscribed the channel the day before, as /subscribe does in Discord.
    const clock = { now: () => SUBSCRIBED };
    const store = await createStore({ sqlitePath: storePath() }, silentLogger);
    const reply = await dispatchText("/subscribe brief 16:30 America/New_York", {
      commands,
      market: { name: "unused" } as never,
      store,
      clock,
      logger: silentLogger,
      requester: {
        platform: "discord",
        channelId: CHANNEL,
        workspaceId: "400000000000000001",
        isAdmin: true,
      },
    });
    expect(reply.kind, reply.fallback).toBe("answer");
    await store.close();

    fake = await FakeDiscord.start();
    const config = readConfig({
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: fake.applicationId,
      DISCORD_API_URL: fake.apiUrl,
      MARKET_DATA: `csv:${data}`,
      STORE_PATH: storePath(),
      METRICS_PORT: "0",
    });
    running = await startChat(config, logger, { clock: { now: () => NOW } });
    const deadline = Date.now() + 20_000;
    const recorded = () => logger.lines.some((l) => l.msg === "breadth recorded");
    while ((posts(fake).length === 0 || !recorded()) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    scrape = await fetch(`http://127.0.0.1:${running.metricsPort}/metrics`).then((r) => r.text());
    await running.stop();
    running = undefined;
  });

  afterAll(async () => {
    await running?.stop();
    await fake?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("posts the brief owed at 16:30 to the subscribed channel, once, through discord.js", async () => {
    expect(posts(fake)).toHaveLength(1);
    const embed = (posts(fake)[0]?.json?.embeds as { title?: string }[] | undefined)?.[0];
    expect(embed?.title).toBe("Morning brief: close of Tue 13 Jan 2026");
    const store = await createStore({ sqlitePath: storePath() }, silentLogger);
    const [sub] = await new SubscriptionStore(store).all();
    await store.close();
    expect(sub?.state).toMatchObject({ lastSentSession: "2026-01-13", failures: 0 });
  });

  it("records the Russell 2000's breadth for the session after the close, in the store /breadth history reads", async () => {
    const store = await createStore({ sqlitePath: storePath() }, silentLogger);
    const record = await store.get<Record<string, number>>(BREADTH_HISTORY_NAMESPACE, "RUT:2026-01-13");
    await store.close();
    // test/fixtures/closes/README.md: 7 advancing, 4 declining, 1 unchanged on 13 Jan.
    expect(record).toMatchObject({ advancing: 7, declining: 4, unchanged: 1 });
  });

  it("reports the post and its lateness (3 minutes) to the metrics port", () => {
    const line = (series: string) => scrape.split("\n").find((l) => l.startsWith(`${series} `));
    expect(line('rotation_bot_posts_total{kind="brief",platform="discord",outcome="sent"}')).toMatch(/ 1$/);
    expect(line('rotation_bot_post_lateness_seconds_sum{kind="brief",platform="discord"}')).toMatch(
      / 18\d(\.\d+)?$/,
    );
    expect(line('rotation_bot_commands_total{command="brief",platform="schedule",outcome="answer"}')).toMatch(
      / 1$/,
    );
  });

  it("logged no error", () => {
    expect(logger.lines.filter((l) => l.level === "error")).toEqual([]);
  });
});
