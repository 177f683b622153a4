/**
 * The platform posters on the real SDKs against the fake Slack and Discord servers: a scheduled
 * brief reaches the channel, and each platform's refusals are sorted into permanent (bot removed,
 * channel gone, access missing) and transient (the platform's own trouble).
 */
import { webApi } from "@slack/bolt";
import { Client } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postNonce } from "../../../src/adapters/discord/channel-post.ts";
import { discordPoster } from "../../../src/adapters/discord/poster.ts";
import { EmbeddedScheduler } from "../../../src/adapters/schedule/embedded.ts";
import { slackPoster } from "../../../src/adapters/slack/poster.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { makeReply } from "../../../src/core/reply.ts";
import { ChannelPostError, type Poster, type PostIdentity } from "../../../src/core/schedule/poster.ts";
import { FakeDiscord } from "../../fakes/discord/fake-discord.ts";
import { FakeSlack } from "../../fakes/slack/fake-slack.ts";
import { recordingLogger } from "../store/recording-logger.ts";
import { nyEst, world } from "./harness.ts";

const reply = makeReply(
  [
    { type: "title", text: "Morning brief: close of Mon 23 Nov 2026" },
    { type: "text", text: "Covers the close of Mon 23 Nov 2026." },
  ],
  {},
);
const DISCORD_CHANNEL = "300000000000000050";

async function refusal(
  poster: Poster,
  channelId: string,
  platform: "slack" | "discord",
): Promise<ChannelPostError> {
  try {
    await poster.post({ platform, channelId, workspaceId: "W1" }, reply);
  } catch (err) {
    if (err instanceof ChannelPostError) return err;
    throw err;
  }
  throw new Error("expected the post to be refused");
}

let discord: FakeDiscord;
let client: Client;
let slack: FakeSlack;
let web: webApi.WebClient;

beforeAll(async () => {
  discord = await FakeDiscord.start();
  client = new Client({
    intents: [],
    rest: { api: discord.apiUrl, retries: 0, makeRequest: fetch as never },
  });
  client.rest.setToken(discord.token);
  slack = await new FakeSlack().start();
  web = new webApi.WebClient("xoxb-1111-2222-fakebottoken", {
    slackApiUrl: slack.apiUrl,
    retryConfig: { retries: 0 },
  });
});
afterAll(async () => {
  await client.destroy();
  await discord.close();
  await slack.stop();
});

describe("Discord poster", () => {
  it("posts the brief as an embed to the channel", async () => {
    await discordPoster(client).post({ platform: "discord", channelId: DISCORD_CHANNEL }, reply);
    const sent = discord.requests.find((r) => r.path === `/api/v10/channels/${DISCORD_CHANNEL}/messages`);
    expect(JSON.stringify(sent?.json?.embeds)).toContain("Morning brief: close of Mon 23 Nov 2026");
  });

  it("Missing Access (403, 50001) is permanent; a 500 is worth retrying", async () => {
    const to = (id: string) => (r: { path: string }) => r.path === `/api/v10/channels/${id}/messages`;
    discord.failNext(to("300000000000000051"), 403, { message: "Missing Access", code: 50001 });
    const gone = await refusal(discordPoster(client), "300000000000000051", "discord");
    expect(gone).toMatchObject({ code: "50001", permanent: true });
    expect(gone.message).toContain("Missing Access");
    discord.failNext(to("300000000000000052"), 500, { message: "Internal Server Error", code: 0 });
    expect(await refusal(discordPoster(client), "300000000000000052", "discord")).toMatchObject({
      permanent: false,
    });
  });
});

describe("Discord poster: one message per scheduled post", () => {
  const identity = (session: string, repeat = false): PostIdentity => ({
    subscriptionId: "discord:300000000000000070",
    session,
    dueAt: Date.parse("2026-11-24T13:30:00Z"),
    repeat,
  });

  it("GIVEN the same post attempted twice THEN Discord creates one message, through the nonce", async () => {
    const channel = "300000000000000070";
    const poster = discordPoster(client);
    const before = discord.created.length;
    await poster.post({ platform: "discord", channelId: channel }, reply, identity("2026-11-24"));
    await poster.post({ platform: "discord", channelId: channel }, reply, identity("2026-11-24", true));
    const created = discord.created.slice(before);
    expect(created).toHaveLength(1);
    const sent = discord.requests.filter((r) => r.path === `/api/v10/channels/${channel}/messages`);
    expect(sent).toHaveLength(2);
    expect(sent.map((r) => r.json?.nonce)).toEqual([
      postNonce("discord:300000000000000070", "2026-11-24"),
      postNonce("discord:300000000000000070", "2026-11-24"),
    ]);
    expect(sent.every((r) => r.json?.enforce_nonce === true)).toBe(true);
    // The next session is another post.
    await poster.post({ platform: "discord", channelId: channel }, reply, identity("2026-11-25"));
    expect(discord.created.slice(before)).toHaveLength(2);
  });

  it("GIVEN no identity (not a scheduled post) THEN no nonce is sent", async () => {
    await discordPoster(client).post({ platform: "discord", channelId: "300000000000000071" }, reply);
    const sent = discord.requests.find((r) => r.path === "/api/v10/channels/300000000000000071/messages");
    expect(sent?.json).not.toHaveProperty("nonce");
    expect(sent?.json).not.toHaveProperty("enforce_nonce");
  });

  it("nonces are at most 25 characters, the same for the same post and different otherwise", () => {
    const subs = ["discord:1", "discord:300000000000000070", `discord:${"9".repeat(22)}`, "x\ny", ""];
    const sessions = ["2026-01-02", "2026-01-05", "2026-11-24", "2027-12-31"];
    const seen = new Map<string, string>();
    for (const s of subs)
      for (const session of sessions) {
        const n = postNonce(s, session);
        expect(n.length).toBeLessThanOrEqual(25);
        expect(n).toMatch(/^[A-Za-z0-9_-]+$/);
        expect(postNonce(s, session)).toBe(n);
        expect(seen.get(n)).toBeUndefined();
        seen.set(n, `${s}/${session}`);
      }
    expect(seen.size).toBe(subs.length * sessions.length);
  });
});

describe("Slack poster: scheduled posts carry metadata; a repeat looks for it first", () => {
  const identity = (channel: string, repeat: boolean): PostIdentity => ({
    subscriptionId: `slack:T1:${channel}`,
    session: "2026-11-24",
    dueAt: Date.now() - 60_000,
    repeat,
  });
  const count = (channel: string) => slack.messages.filter((m) => m.channel === channel).length;

  it("GIVEN a scheduled post THEN the message carries its subscription and session as metadata", async () => {
    await slackPoster(async () => web).post(
      { platform: "slack", channelId: "C0META", workspaceId: "T1" },
      reply,
      identity("C0META", false),
    );
    const posted = slack.messages.find((m) => m.channel === "C0META");
    expect(posted?.metadata).toEqual({
      event_type: "rotation_brief",
      event_payload: { subscription: "slack:T1:C0META", session: "2026-11-24" },
    });
    // A first attempt does not read the channel.
    expect(slack.callsTo("conversations.history").some((c) => c.params.channel === "C0META")).toBe(false);
  });

  it("GIVEN an alert post THEN its metadata names the alert's occurrence, and a repeat finds it", async () => {
    const poster = slackPoster(async () => web, { dedupHistory: true });
    const target = { platform: "slack" as const, channelId: "C0ALERT", workspaceId: "T1" };
    const alert = (repeat: boolean): PostIdentity => ({
      subscriptionId: "alert:slack:T1:C0ALERT:1:2026-11-24:record",
      session: "2026-11-24",
      dueAt: Date.now() - 60_000,
      repeat,
      kind: "alert",
    });
    await poster.post(target, reply, alert(false));
    expect(slack.messages.find((m) => m.channel === "C0ALERT")?.metadata).toEqual({
      event_type: "rotation_alert",
      event_payload: { subscription: "alert:slack:T1:C0ALERT:1:2026-11-24:record", session: "2026-11-24" },
    });
    expect(await poster.post(target, reply, alert(true))).toEqual({ alreadyPosted: true });
    // A brief of the same id and session is another post.
    expect(await poster.post(target, reply, { ...alert(true), kind: "brief" })).toBeUndefined();
    expect(count("C0ALERT")).toBe(2);
  });

  it("GIVEN the history setting and a repeat of a post that went through THEN nothing new is posted", async () => {
    const poster = slackPoster(async () => web, { dedupHistory: true });
    const target = { platform: "slack" as const, channelId: "C0TWICE", workspaceId: "T1" };
    expect(await poster.post(target, reply, identity("C0TWICE", false))).toBeUndefined();
    expect(await poster.post(target, reply, identity("C0TWICE", true))).toEqual({ alreadyPosted: true });
    expect(count("C0TWICE")).toBe(1);
    const search = slack.callsTo("conversations.history").find((c) => c.params.channel === "C0TWICE");
    expect(String(search?.params.include_all_metadata)).toBe("true");
    // A repeat of a post that never went through (another session) does go out.
    const other = { ...identity("C0TWICE", true), session: "2026-11-25" };
    expect(await poster.post(target, reply, other)).toBeUndefined();
    expect(count("C0TWICE")).toBe(2);
  });

  it("GIVEN no history setting THEN a repeat posts again (at least once)", async () => {
    const poster = slackPoster(async () => web);
    const target = { platform: "slack" as const, channelId: "C0NOHIST", workspaceId: "T1" };
    await poster.post(target, reply, identity("C0NOHIST", false));
    await poster.post(target, reply, identity("C0NOHIST", true));
    expect(count("C0NOHIST")).toBe(2);
    expect(slack.callsTo("conversations.history").some((c) => c.params.channel === "C0NOHIST")).toBe(false);
  });

  it("GIVEN the setting but the app lacks the history scope THEN it says so in the log and posts again", async () => {
    const logger = recordingLogger();
    const poster = slackPoster(async () => web, { dedupHistory: true, logger });
    const target = { platform: "slack" as const, channelId: "C0NOSCOPE", workspaceId: "T1" };
    await poster.post(target, reply, identity("C0NOSCOPE", false));
    slack.withoutScopes.add("channels:history");
    try {
      await poster.post(target, reply, identity("C0NOSCOPE", true));
    } finally {
      slack.withoutScopes.delete("channels:history");
    }
    expect(count("C0NOSCOPE")).toBe(2);
    const line = logger.lines.find((l) => l.msg?.includes("could not search the channel"));
    expect(line?.obj).toMatchObject({ code: "missing_scope", channel: "C0NOSCOPE" });
  });
});

describe("Slack poster", () => {
  it("posts the brief with chat.postMessage in the workspace's client", async () => {
    const teams: (string | undefined)[] = [];
    const poster = slackPoster(async (team) => {
      teams.push(team);
      return web;
    });
    await poster.post({ platform: "slack", channelId: "C0BRIEF", workspaceId: "T1" }, reply);
    expect(teams).toEqual(["T1"]);
    const call = slack.callsTo("chat.postMessage").find((c) => c.params.channel === "C0BRIEF");
    expect(String(call?.params.text)).toContain("Morning brief: close of Mon 23 Nov 2026");
  });

  it("not_in_channel and a lost installation are permanent; internal_error is worth retrying", async () => {
    const poster = slackPoster(async () => web);
    slack.fail("chat.postMessage", "not_in_channel", 1);
    expect(await refusal(poster, "C0GONE", "slack")).toMatchObject({
      code: "not_in_channel",
      permanent: true,
    });
    slack.fail("chat.postMessage", "internal_error", 1);
    expect(await refusal(poster, "C0FLAKY", "slack")).toMatchObject({
      code: "internal_error",
      permanent: false,
    });
    const uninstalled = slackPoster(async () => {
      throw new Error("no installation for T9");
    });
    expect(await refusal(uninstalled, "C0X", "slack")).toMatchObject({
      code: "no_installation",
      permanent: true,
    });
  });
});

describe("a scheduled run through both real posters", () => {
  it("reaches a Slack and a Discord channel, and pauses neither", async () => {
    const w = world(nyEst("2026-11-23 20:00"));
    const store = await createStore({ sqlitePath: ":memory:" }, w.logger);
    await w.asManager(store, "slack", "C0MORNING", "/subscribe brief");
    await w.asManager(store, "discord", "300000000000000060", "/subscribe brief");
    const scheduler = new EmbeddedScheduler({
      services: w.services(store),
      posters: { slack: slackPoster(async () => web), discord: discordPoster(client) },
      runAtStart: false,
      pacing: { slackIntervalMs: 0, discordIntervalMs: 0 },
    });
    const report = await scheduler.runBriefs(nyEst("2026-11-24 08:30"));
    await store.close();
    expect(report).toMatchObject({ owed: 2, posted: 2, failed: 0 });
    expect(slack.callsTo("chat.postMessage").some((c) => c.params.channel === "C0MORNING")).toBe(true);
    expect(discord.requests.some((r) => r.path === "/api/v10/channels/300000000000000060/messages")).toBe(
      true,
    );
  });
});
