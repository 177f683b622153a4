/**
 * One replica under load: `node src/main.ts` in Slack HTTP mode as its own process, as a
 * deployment runs it, against the fake Slack Web API and the fake Yahoo, which run in this
 * process together with the load: signed /rotation ytd slash commands to Bolt's receiver,
 * CONCURRENCY in flight, each one answered with its chart uploaded before the next is sent.
 * Figures: the replica's RSS idle and under load, and warm commands per second, per core (per
 * second of the replica's own CPU time, from /proc, so the load and the fakes are not counted).
 * Run alone: `node bench/replica.ts`. Linux only (/proc).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import { createServer } from "node:net";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FakeSlack } from "../test/fakes/slack/fake-slack.ts";
import { SIGNING_SECRET, signatureHeaders, slashPayload } from "../test/fakes/slack/sign.ts";
import { startFakeYahoo } from "../test/fakes/yahoo/server.ts";
import { percentile } from "./stats.ts";

const MAIN = fileURLToPath(new URL("../src/main.ts", import.meta.url));
/** Answers under way at once: enough to keep the replica's event loop busy between uploads. */
const CONCURRENCY = 16;
const WARM_UP = 40;
const TIMED = 400;
const SETTLE_MS = 3_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** The process's user + system CPU time in seconds, every thread included. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after "(comm) ": state is the 3rd field; utime and stime are the 14th and 15th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Resident set size and its peak so far, in MB. */
function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY + 4 });
function post(url: string, payload: Record<string, string>): Promise<number> {
  const body = new URLSearchParams(payload).toString();
  const headers = { ...signatureHeaders(body), "content-length": String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = request(url, { method: "POST", agent, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(body);
  });
}

export async function benchReplica(): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), "replica-bench-"));
  const slack = await new FakeSlack().start();
  const yahoo = await startFakeYahoo({ synthesize: /^\^?[A-Z]{1,5}$/ });
  const [slackPort, metricsPort] = [await freePort(), await freePort()];
  const events = `http://127.0.0.1:${slackPort}/slack/events`;
  let output = "";
  const child: ChildProcess = spawn(process.execPath, [MAIN], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? "",
      SLACK_BOT_TOKEN: "xoxb-1111-2222-fakebottoken",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_MODE: "http",
      SLACK_HOST: "127.0.0.1",
      SLACK_PORT: String(slackPort),
      SLACK_API_URL: slack.apiUrl,
      YAHOO_BASE_URL: yahoo.url,
      STORE_PATH: join(dir, "store.sqlite"),
      SCHEDULER: "off",
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  child.stderr?.on("data", (b: Buffer) => {
    output += b.toString();
  });
  const pid = child.pid as number;

  // Answers completed, by channel: the chart upload is the last call of an answer.
  const done = new Set<string>();
  let scanned = 0;
  const scan = () => {
    for (; scanned < slack.calls.length; scanned++) {
      const call = slack.calls[scanned];
      if (call?.method === "files.completeUploadExternal") done.add(String(call.params.channel_id));
    }
  };
  let sent = 0;
  const acks: number[] = [];
  let notAcked = 0;
  const command = async (): Promise<void> => {
    const channel = `CR${sent++}`;
    const started = performance.now();
    const status = await post(
      events,
      slashPayload({
        command: "/rotation",
        text: "ytd",
        channel_id: channel,
        response_url: slack.responseUrl(),
      }),
    );
    acks.push(performance.now() - started);
    if (status !== 200) notAcked++;
    await slack.waitFor(
      () => {
        scan();
        return done.has(channel);
      },
      60_000,
      `the answer in ${channel}`,
    );
  };
  /** `n` commands with CONCURRENCY in flight; RSS sampled meanwhile. */
  const run = async (n: number) => {
    let left = n;
    const rss: number[] = [];
    const sampler = setInterval(() => rss.push(memory(pid).rss), 200);
    const worker = async () => {
      while (left-- > 0) await command();
    };
    try {
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    } finally {
      clearInterval(sampler);
    }
    return rss;
  };

  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${metricsPort}/ready`).then(
        (r) => r.status,
        () => 0,
      );
      if (ready === 200) break;
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`replica did not start:\n${output}`);
      await sleep(100);
    }
    await sleep(SETTLE_MS);
    const idleCold = memory(pid).rss;

    await run(WARM_UP); // the market-data cache, the JIT, the chart renderer's fonts
    await sleep(SETTLE_MS);
    const idleWarm = memory(pid).rss;
    acks.length = 0;
    const yahooBefore = yahoo.requests.length;

    const cpuBefore = cpuSeconds(pid);
    const started = performance.now();
    const rss = await run(TIMED);
    const wall = (performance.now() - started) / 1000;
    const cpu = cpuSeconds(pid) - cpuBefore;
    const upstream = yahoo.requests.length - yahooBefore;
    await sleep(SETTLE_MS);
    const after = memory(pid);
    const problems = output.split("\n").filter((l) => l.trim() !== "").length;

    const mb = (n: number) => `${n.toFixed(0)} MB`;
    return [
      `replica: node src/main.ts, Slack HTTP mode, ${availableParallelism()} cores here shared with the fakes and the load`,
      `replica: RSS idle ${mb(idleCold)} once ready (no command yet), ${mb(idleWarm)} idle after ${WARM_UP} warm-up commands`,
      `replica: ${TIMED} warm /rotation ytd (signed, acked, answered with the chart uploaded), ${CONCURRENCY} in flight: ` +
        `${(TIMED / wall).toFixed(1)} commands/s over ${wall.toFixed(1)} s, using ${(cpu / wall).toFixed(2)} cores of CPU`,
      `replica: ${(TIMED / cpu).toFixed(1)} warm /rotation commands per second per core (${((cpu / TIMED) * 1000).toFixed(1)} ms of replica CPU each)`,
      `replica: ack under that load p50 ${percentile(acks, 50).toFixed(1)} ms, p99 ${percentile(acks, 99).toFixed(1)} ms${notAcked ? `, ${notAcked} not 200` : ""}`,
      `replica: RSS under load median ${mb(percentile(rss, 50))}, max sampled ${mb(Math.max(...rss))}, peak (VmHWM) ${mb(after.peak)}; ${mb(after.rss)} ${SETTLE_MS / 1000} s after`,
      `replica: ${upstream} Yahoo requests during the timed commands (warm cache: 0 expected)${problems ? `; ${problems} log lines at warn or above, first: ${output.split("\n")[0]?.slice(0, 200)}` : ""}`,
    ];
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) =>
      child.exitCode !== null ? resolve(undefined) : child.once("exit", resolve),
    );
    agent.destroy();
    await slack.stop();
    await yahoo.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  for (const line of await benchReplica()) console.log(line);
}
