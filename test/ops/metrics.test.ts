/**
 * The metrics port as an operator scrapes it: startChat(readConfig(env)) with METRICS_PORT runs
 * Slack (Socket Mode, real Bolt) and Discord (real discord.js) against the fakes, market data from
 * the fake Yahoo; commands on both platforms show up in /metrics by command, platform and outcome,
 * with Yahoo requests, cache hits and misses, the chat connections and the process metrics.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readConfig } from "../../src/config.ts";
import { type Running, startChat } from "../../src/start-chat.ts";
import { isFinal, recordingLogger } from "../adapters/discord/harness.ts";
import { FakeDiscord } from "../fakes/discord/fake-discord.ts";
import { slashCommand } from "../fakes/discord/payloads.ts";
import { FakeSlack } from "../fakes/slack/fake-slack.ts";
import { FakeSocketMode } from "../fakes/slack/fake-socket.ts";
import { slashPayload } from "../fakes/slack/sign.ts";
import { type FakeYahoo, startFakeYahoo } from "../fakes/yahoo/server.ts";

/** The value of one sample line, e.g. sample(text, 'rotation_bot_commands_total{...}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe("METRICS_PORT with Slack and Discord running", () => {
  let dir: string;
  let yahoo: FakeYahoo;
  let slackFake: FakeSlack;
  let socket: FakeSocketMode;
  let discordFake: FakeDiscord;
  let running: Running | undefined;
  let base: string;
  const logger = recordingLogger();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "metrics-"));
    yahoo = await startFakeYahoo({ synthesize: /^\^?[A-Z]{1,5}$/ });
    slackFake = await new FakeSlack().start();
    socket = await new FakeSocketMode().start(slackFake);
    discordFake = await FakeDiscord.start();
    const config = readConfig({
      SLACK_BOT_TOKEN: "xoxb-1111-2222-fakebottoken",
      SLACK_APP_TOKEN: "xapp-1-A0000001-3333-fakeapptoken",
      SLACK_API_URL: slackFake.apiUrl,
      DISCORD_TOKEN: discordFake.token,
      DISCORD_APPLICATION_ID: discordFake.applicationId,
      DISCORD_API_URL: discordFake.apiUrl,
      YAHOO_BASE_URL: yahoo.url,
      STORE_PATH: join(dir, "store.sqlite"),
      SCHEDULER: "off",
      METRICS_PORT: "0",
    });
    running = await startChat(config, logger);
    base = `http://127.0.0.1:${running.metricsPort}`;
  });

  afterAll(async () => {
    await running?.stop();
    await socket?.stop();
    await slackFake?.stop();
    await discordFake?.close();
    await yahoo?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("binds 127.0.0.1 by default and answers /health and /ready", async () => {
    expect(running?.metricsPort).toBeGreaterThan(0);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const ready = await fetch(`${base}/ready`);
    const text = await ready.text();
    expect(ready.status, text).toBe(200);
    expect(text).toContain("store: ok");
    expect(text).toContain("slack: connected");
    expect(text).toContain("discord: connected");
  });

  it("counts commands by command, platform and outcome, Yahoo requests, cache hits and misses", async () => {
    const answered = () =>
      slackFake.callsTo("files.completeUploadExternal").filter((c) => c.params.channel_id === "C0MET").length;
    // An answer on Slack, twice (the second from the cache), and a user error.
    for (const n of [1, 2]) {
      await socket.sendSlashCommand(
        slashPayload({
          command: "/rotation",
          text: "ytd",
          channel_id: "C0MET",
          response_url: slackFake.responseUrl(),
        }),
      );
      await slackFake.waitFor(() => answered() >= n, 30_000, "the Slack answer");
    }
    const before = slackFake.responses.length;
    await socket.sendSlashCommand(
      slashPayload({ command: "/rotation", text: "fortnight", response_url: slackFake.responseUrl() }),
    );
    await slackFake.waitFor(() => slackFake.responses.length > before, 30_000, "the private user error");
    // An answer on Discord.
    const payload = slashCommand("rotation", { period: "ytd" }, { applicationId: discordFake.applicationId });
    discordFake.gateway.dispatch("INTERACTION_CREATE", payload);
    await discordFake.waitFor(isFinal(payload.token), 30_000);

    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    const commands = (platform: string, outcome: string) =>
      sample(
        text,
        `rotation_bot_commands_total{command="rotation",platform="${platform}",outcome="${outcome}"}`,
      );
    expect(commands("slack", "answer")).toBe(2);
    expect(commands("slack", "user_error")).toBe(1);
    expect(commands("discord", "answer")).toBe(1);
    expect(commands("slack", "bug")).toBeUndefined();
    expect(
      sample(text, 'rotation_bot_command_duration_seconds_count{command="rotation",platform="slack"}'),
    ).toBe(3);
    // Yahoo was asked (each attempt counted), and the later answers came from the cache.
    expect(
      sample(text, 'rotation_bot_upstream_requests_total{provider="yahoo",outcome="ok"}'),
    ).toBeGreaterThan(0);
    expect(
      sample(text, 'rotation_bot_upstream_request_duration_seconds_count{provider="yahoo"}'),
    ).toBeGreaterThan(0);
    expect(sample(text, 'rotation_bot_cache_lookups_total{kind="history",result="miss"}')).toBeGreaterThan(0);
    expect(sample(text, 'rotation_bot_cache_lookups_total{kind="history",result="hit"}')).toBeGreaterThan(0);
    expect(sample(text, 'rotation_bot_chat_connected{platform="slack"}')).toBe(1);
    expect(sample(text, 'rotation_bot_chat_connected{platform="discord"}')).toBe(1);
    // The default process metrics are there too.
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    // No label carries a user, channel or ticker.
    expect(text).not.toMatch(/C0MET|U0000001|\^RUT|IWM/);
  });

  it("answers 404 with the routes it serves, and 405 to anything but GET", async () => {
    const missing = await fetch(`${base}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain("/metrics");
    expect((await fetch(`${base}/metrics`, { method: "POST" })).status).toBe(405);
  });
});
