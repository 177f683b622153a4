/**
 * One morning brief delivered to 1,000 subscribed channels, as the scheduler runs it: the embedded
 * scheduler over a SQLite store, the brief computed from the CSV closes fixture with the local
 * chart renderer, posted through the real discord.js REST client and the real Slack Web API
 * client to the fake servers. The fakes run in a worker thread, as Discord and Slack would run
 * elsewhere, so the main thread's CPU is the bot's own. Pacing is off (the platforms' limits
 * would make this a test of patience); the figures show the work beyond the first channel is
 * posting, not computing. Run alone: `node bench/brief.ts`.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { webApi } from "@slack/bolt";
import { Client } from "discord.js";
import { createChartRenderer } from "../src/adapters/charts/index.ts";
import { CsvMarketData } from "../src/adapters/csv/csv-market-data.ts";
import { discordPoster } from "../src/adapters/discord/poster.ts";
import { createMemberLists } from "../src/adapters/members/index.ts";
import { EmbeddedScheduler } from "../src/adapters/schedule/embedded.ts";
import { slackPoster } from "../src/adapters/slack/poster.ts";
import { createStore } from "../src/adapters/store/create-store.ts";
import { commands } from "../src/commands/index.ts";
import { dispatch, type Services } from "../src/core/dispatch.ts";
import { type Store, silentLogger } from "../src/core/ports.ts";
import type { Posters } from "../src/core/schedule/poster.ts";
import { type ChatPlatform, subscriptionId } from "../src/core/subscriptions/model.ts";
import { SubscriptionStore } from "../src/core/subscriptions/store.ts";
import { FakeDiscord } from "../test/fakes/discord/fake-discord.ts";
import { FakeSlack } from "../test/fakes/slack/fake-slack.ts";

const CHANNELS = 1000;
const CONCURRENCY = 16;
/** Tue 13 Jan 2026 08:30 New York: the brief covers the close of Mon 12 Jan. */
const DUE = Date.parse("2026-01-13T13:30:00Z");
const CLOSES = fileURLToPath(new URL("../test/fixtures/closes", import.meta.url));
const EXTRAS = fileURLToPath(new URL("../test/fixtures/brief", import.meta.url));

type FakeInfo = { apiUrl: string; token: string };

/** The worker side: one fake platform server, counting what it receives. */
async function serveFake(kind: "discord" | "slack"): Promise<void> {
  const port = parentPort;
  if (!port) return;
  if (kind === "discord") {
    const fake = await FakeDiscord.start();
    port.on("message", () => {
      const posts = fake.requests.filter((r) => /\/channels\/\d+\/messages$/.test(r.path));
      port.postMessage({ posts: posts.length, files: posts.reduce((n, r) => n + r.files.length, 0) });
      // Keep the worker's memory flat between runs.
      fake.requests.length = 0;
    });
    port.postMessage({ apiUrl: fake.apiUrl, token: fake.token });
  } else {
    const fake = await new FakeSlack().start();
    port.on("message", () => {
      port.postMessage({ posts: fake.callsTo("chat.postMessage").length, files: fake.uploads.length });
      fake.calls.length = 0;
      fake.uploads.length = 0;
    });
    port.postMessage({ apiUrl: fake.apiUrl, token: "xoxb-1111-2222-fakebottoken" });
  }
}

function fakeIn(kind: "discord" | "slack"): Promise<{ worker: Worker; info: FakeInfo }> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { kind } });
  return new Promise((resolve, reject) => {
    worker.once("message", (info: FakeInfo) => resolve({ worker, info }));
    worker.once("error", reject);
  });
}

function countsOf(worker: Worker): Promise<{ posts: number; files: number }> {
  return new Promise((resolve) => {
    worker.once("message", resolve);
    worker.postMessage("counts");
  });
}

async function subscribe(store: Store, platform: ChatPlatform, n: number): Promise<void> {
  // One process on SQLite: no other writer to wait for.
  const subs = new SubscriptionStore(store, { verifyAfterMs: 0 });
  const created = DUE - 86_400_000;
  for (let i = 0; i < n; i++) {
    const channelId =
      platform === "discord" ? String(400000000000000000n + BigInt(i)) : `C${String(i).padStart(8, "0")}`;
    await subs.save({
      id: subscriptionId(platform, "W1", channelId, "brief"),
      platform,
      workspaceId: "W1",
      channelId,
      kind: "brief",
      time: "08:30",
      zone: "America/New_York",
      createdBy: "U-bench",
      createdAt: created,
      updatedAt: created,
    });
  }
}

const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;

async function deliver(platform: ChatPlatform, dir: string): Promise<string[]> {
  const { worker, info } = await fakeIn(platform);
  const store = await createStore({ sqlitePath: join(dir, `${platform}.sqlite`) }, silentLogger);
  const clock = { now: () => DUE };
  const services: Services = {
    commands,
    market: new CsvMarketData({ dir, clock }),
    members: createMemberLists({ csvDir: dir }, { store, clock, logger: silentLogger }),
    store,
    clock,
    logger: silentLogger,
    charts: createChartRenderer({ kind: "local" }),
  };
  let client: Client | undefined;
  const posters: Posters = {};
  if (platform === "discord") {
    client = new Client({
      intents: [],
      rest: { api: info.apiUrl, retries: 0, makeRequest: fetch as never, globalRequestsPerSecond: 1_000_000 },
    });
    client.rest.setToken(info.token);
    posters.discord = discordPoster(client);
  } else {
    const web = new webApi.WebClient(info.token, { slackApiUrl: info.apiUrl, retryConfig: { retries: 0 } });
    posters.slack = slackPoster(async () => web);
  }
  try {
    await subscribe(store, platform, CHANNELS);
    // Warm: the closes are read and the chart renderer has drawn once, as in a running bot.
    const warm = await dispatch("brief", "", { ...services, requester: { platform: "schedule" } });
    if (warm.kind !== "answer") throw new Error(`the brief failed: ${warm.fallback}`);
    const cpu0 = process.threadCpuUsage();
    const t0 = performance.now();
    await dispatch("brief", "", { ...services, requester: { platform: "schedule" } });
    const onceMs = performance.now() - t0;
    const onceCpu = process.threadCpuUsage(cpu0);

    const scheduler = new EmbeddedScheduler({
      services,
      posters,
      runAtStart: false,
      pacing: { concurrency: CONCURRENCY, slackIntervalMs: 0, discordIntervalMs: 0 },
    });
    const cpu1 = process.threadCpuUsage();
    const all1 = process.cpuUsage();
    const t1 = performance.now();
    const report = await scheduler.runBriefs(DUE);
    const wall = performance.now() - t1;
    const cpu = process.threadCpuUsage(cpu1);
    const all = process.cpuUsage(all1);
    const seen = await countsOf(worker);
    const mainCpu = cpu.user + cpu.system;
    const briefCpu = onceCpu.user + onceCpu.system;
    const perPost = (mainCpu - briefCpu) / Math.max(1, report.posted) / 1000;
    const name =
      platform === "discord" ? "Discord (discord.js REST)" : "Slack (Web API: postMessage + 3 upload calls)";
    return [
      `${name}: ${report.posted} of ${CHANNELS} channels posted, ${report.failed} failed; the fake received ${seen.posts} messages and ${seen.files} chart files`,
      `  total ${wall.toFixed(0)} ms wall (${(report.posted / (wall / 1000)).toFixed(0)} posts/s at concurrency ${CONCURRENCY}); bot thread CPU ${ms(mainCpu)} (whole process incl. the fake ${ms(all.user + all.system)})`,
      `  brief computed + rendered once in the run: ${report.computeMs.toFixed(0)} ms (alone, warm: ${onceMs.toFixed(0)} ms wall, ${ms(briefCpu)} CPU); posting: ${report.postMs.toFixed(0)} ms wall`,
      `  bot CPU per channel beyond the brief: ${perPost.toFixed(2)} ms (render to platform format, HTTP, claim and state writes)`,
    ];
  } finally {
    await client?.destroy();
    await store.close();
    await worker.terminate();
  }
}

export async function benchBrief(): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "brief-bench-"));
  try {
    await cp(CLOSES, dir, { recursive: true });
    await cp(EXTRAS, dir, { recursive: true });
    return [
      `one morning brief to ${CHANNELS.toLocaleString("en-US")} subscribed channels, pacing off, embedded scheduler on SQLite`,
      ...(await deliver("discord", dir)),
      ...(await deliver("slack", dir)),
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (!isMainThread) await serveFake((workerData as { kind: "discord" | "slack" }).kind);
else if (import.meta.main) for (const line of await benchBrief()) console.log(line);
