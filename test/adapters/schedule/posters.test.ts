/**
 * The platform posters on the real SDKs against the fake Slack and Discord servers: a scheduled
 * brief reaches the channel, and each platform's refusals are sorted into permanent (bot removed,
 * channel gone, access missing) and transient (the platform's own trouble).
 */
import { webApi } from "@slack/bolt";
import { Client } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discordPoster } from "../../../src/adapters/discord/poster.ts";
import { EmbeddedScheduler } from "../../../src/adapters/schedule/embedded.ts";
import { slackPoster } from "../../../src/adapters/slack/poster.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { makeReply } from "../../../src/core/reply.ts";
import { ChannelPostError, type Poster } from "../../../src/core/schedule/poster.ts";
import { FakeDiscord } from "../../fakes/discord/fake-discord.ts";
import { FakeSlack } from "../../fakes/slack/fake-slack.ts";
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
