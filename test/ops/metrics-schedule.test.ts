/**
 * The metrics no chat command shows, as an operator scrapes them from the metrics port: the
 * embedded scheduler's lag and the brief it posts (croner ticking every second, the bot's clock
 * fixed three minutes after a 16:30 brief was due, the post through Slack's WebClient to the fake
 * Slack), and the requests for index member lists (a local holdings server, one answering, one
 * failing), by provider and outcome.
 */
import { readFileSync } from "node:fs";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { webApi } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrometheusMetrics } from "../../src/adapters/metrics/prometheus.ts";
import { type OpsServer, startOpsServer } from "../../src/adapters/metrics/server.ts";
import { EmbeddedScheduler } from "../../src/adapters/schedule/embedded.ts";
import { slackPoster } from "../../src/adapters/slack/poster.ts";
import { commands } from "../../src/commands/index.ts";
import { type Built, buildServices } from "../../src/compose.ts";
import { readConfig } from "../../src/config.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { silentLogger } from "../../src/core/ports.ts";
import { recordingLogger } from "../adapters/discord/harness.ts";
import { type HoldingsServer, startHoldingsServer } from "../adapters/members/holdings-server.ts";
import { FakeSlack } from "../fakes/slack/fake-slack.ts";

const CLOSES = fileURLToPath(new URL("../fixtures/closes", import.meta.url));
const BRIEF = fileURLToPath(new URL("../fixtures/brief", import.meta.url));
const HOLDINGS = readFileSync(
  fileURLToPath(new URL("../fixtures/breadth/IWM_holdings-small.csv", import.meta.url)),
  "utf8",
);
/** Mon 12 Jan 2026, noon New York: when the channel subscribed. */
const SUBSCRIBED = Date.parse("2026-01-12T17:00:00Z");
/** Tue 13 Jan 2026, 16:33 New York: three minutes after the 16:30 brief was due. */
const NOW = Date.parse("2026-01-13T21:33:00Z");

/** The value of one sample line of a scrape, e.g. value(text, 'rotation_bot_posts_total{...}'). */
function value(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function opsFor(metrics: PrometheusMetrics): Promise<OpsServer> {
  return startOpsServer({
    host: "127.0.0.1",
    port: 0,
    metrics,
    logger: silentLogger,
    readiness: async () => ({ ready: true, checks: [] }),
  });
}

const scrape = (ops: OpsServer) => fetch(`http://127.0.0.1:${ops.port}/metrics`).then((r) => r.text());

describe("a brief posted by the embedded scheduler", () => {
  let dir: string;
  let slack: FakeSlack;
  let services: Built | undefined;
  let ops: OpsServer | undefined;
  let text = "";
  const logger = recordingLogger();
  const posted = () => slack.messages.filter((m) => m.channel === "C0LAG");

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "metrics-schedule-"));
    const data = join(dir, "closes");
    await cp(CLOSES, data, { recursive: true });
    await cp(BRIEF, data, { recursive: true });
    slack = await new FakeSlack().start();
    const metrics = new PrometheusMetrics(commands.map((c) => c.name));
    let now = SUBSCRIBED;
    services = await buildServices(
      readConfig({ MARKET_DATA: `csv:${data}`, STORE_PATH: join(dir, "store.sqlite") }),
      logger,
      { clock: { now: () => now }, metrics },
    );
    const subscribed = await dispatchText("/subscribe brief 16:30 America/New_York", {
      ...services,
      requester: { platform: "slack", channelId: "C0LAG", workspaceId: "T1", userId: "U1", isAdmin: true },
    });
    expect(subscribed.kind, subscribed.fallback).toBe("answer");
    now = NOW;
    ops = await opsFor(metrics);
    const web = new webApi.WebClient("xoxb-1111-2222-fakebottoken", {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
    });
    const scheduler = new EmbeddedScheduler({
      services,
      posters: { slack: slackPoster(async () => web) },
      runAtStart: false,
      pacing: { slackIntervalMs: 0 },
      // Every second, so the brief is posted by a tick of croner's, not by a call from the test.
      briefPattern: "* * * * * *",
      breadthPattern: "0 0 1 1 *",
    });
    await scheduler.start();
    const deadline = Date.now() + 30_000;
    while (posted().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await scheduler.stop();
    text = await scrape(ops);
  }, 60_000);

  afterAll(async () => {
    await ops?.close();
    await services?.close();
    await slack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("posts the brief once, from a scheduler tick", () => {
    expect(posted()).toHaveLength(1);
  });

  it("shows the scheduler's lag on /metrics: every tick counted, none negative or a period late", () => {
    const count = value(text, 'rotation_bot_scheduler_lag_seconds_count{job="brief"}') ?? 0;
    expect(count).toBeGreaterThanOrEqual(1);
    expect(value(text, 'rotation_bot_scheduler_lag_seconds_sum{job="brief"}')).toBeGreaterThanOrEqual(0);
    // A tick that started a whole minute late would be a scheduler stuck behind its own runs.
    expect(value(text, 'rotation_bot_scheduler_lag_seconds_bucket{le="60",job="brief"}')).toBe(count);
    // The breadth tick (1 January only) never came.
    expect(value(text, 'rotation_bot_scheduler_lag_seconds_count{job="breadth"}')).toBeUndefined();
  });

  it("counts the post by kind, platform and outcome, three minutes late by the bot's clock", () => {
    expect(value(text, 'rotation_bot_posts_total{kind="brief",platform="slack",outcome="sent"}')).toBe(1);
    expect(value(text, 'rotation_bot_post_lateness_seconds_count{kind="brief",platform="slack"}')).toBe(1);
    expect(value(text, 'rotation_bot_post_lateness_seconds_sum{kind="brief",platform="slack"}')).toBe(180);
    expect(
      value(text, 'rotation_bot_commands_total{command="brief",platform="schedule",outcome="answer"}'),
    ).toBe(1);
    expect(text).not.toMatch(/C0LAG|T1|U1/);
  });
});

describe("member lists fetched from holdings URLs", () => {
  let dir: string;
  let good: HoldingsServer;
  let down: HoldingsServer;
  let services: Built | undefined;
  let ops: OpsServer | undefined;
  let text = "";
  let failure: unknown;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "metrics-holdings-"));
    good = await startHoldingsServer(HOLDINGS);
    down = await startHoldingsServer("");
    down.answer(503, "<html>maintenance</html>");
    const metrics = new PrometheusMetrics(commands.map((c) => c.name));
    services = await buildServices(
      readConfig({
        STORE_PATH: join(dir, "store.sqlite"),
        HOLDINGS_URL_RUT: good.url,
        HOLDINGS_URL_SPX: down.url,
        // Never asked here; a local address so nothing could leave the machine.
        YAHOO_BASE_URL: "http://127.0.0.1:9",
      }),
      silentLogger,
      { clock: { now: () => NOW }, metrics },
    );
    ops = await opsFor(metrics);
    const list = await services.members?.members("RUT");
    expect(list?.memberCount).toBe(7);
    failure = await services.members?.members("SPX").then(
      () => undefined,
      (err: unknown) => err,
    );
    text = await scrape(ops);
  });

  afterAll(async () => {
    await ops?.close();
    await services?.close();
    await good?.close();
    await down?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("counts each request by provider and outcome, with its duration, and no URL in a label", () => {
    expect(failure).toBeDefined();
    expect(good.requests).toBe(1);
    expect(down.requests).toBeGreaterThanOrEqual(1);
    expect(value(text, 'rotation_bot_upstream_requests_total{provider="holdings",outcome="ok"}')).toBe(1);
    expect(
      value(text, 'rotation_bot_upstream_requests_total{provider="holdings",outcome="server_error"}'),
    ).toBe(down.requests);
    expect(value(text, 'rotation_bot_upstream_request_duration_seconds_count{provider="holdings"}')).toBe(
      1 + down.requests,
    );
    expect(
      value(text, 'rotation_bot_upstream_requests_total{provider="yahoo",outcome="ok"}'),
    ).toBeUndefined();
    expect(text).not.toMatch(/127\.0\.0\.1|ajax|IWM_holdings/);
  });
});
