/**
 * Three replicas of the real bot (`node src/main.ts`, Slack HTTP mode, REDIS_URL on one
 * redis-server) behind a round-robin proxy, as a load balancer would put them. 1,000 signed /help
 * commands go through the proxy, some delivered twice as Slack retries them (X-Slack-Retry-Num),
 * and any that fail are retried the same way. Mid-run the fake Slack holds its answers to
 * response_url posts until every replica's worker is busy posting, then one replica is killed
 * (SIGKILL) with jobs in hand: their answers have reached Slack, the replica never heard so. The
 * other replicas take its jobs over (BullMQ stalled-job recovery) and its share of the traffic.
 * Every command must be answered exactly once: one answer per response_url at the fake. Then a
 * surviving replica gets SIGTERM while its worker is posting: it finishes those answers and exits 0.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer as createHttpServer, request, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSlack } from "../fakes/slack/fake-slack.ts";
import { SIGNING_SECRET, signatureHeaders, slashPayload } from "../fakes/slack/sign.ts";
import { freePort } from "../helpers/free-port.ts";
import { REDIS_SKIP_REASON, type RedisHandle, redisServerInstalled, startRedis } from "../helpers/redis.ts";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const COMMANDS = 1000;
/** Every tenth command is delivered a second time, as Slack does after a slow ack. */
const REDELIVER_EVERY = 10;
/** The bot's default worker concurrency (jobs each replica answers at once). */
const PER_REPLICA = 8;
const SENDERS = 16;
/** Commands sent while a surviving replica is told to stop (SIGTERM) with answers under way. */
const LATE = 24;

async function until<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Replica {
  child: ChildProcess;
  port: number;
  metricsPort: number;
  output: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startReplica(env: Record<string, string>, port: number, metricsPort: number): Replica {
  const child = spawn(process.execPath, [MAIN], {
    env: { ...env, SLACK_PORT: String(port), METRICS_PORT: String(metricsPort) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const replica: Replica = {
    child,
    port,
    metricsPort,
    output: "",
    exit: new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal }))),
  };
  const keep = (b: Buffer) => {
    replica.output = (replica.output + b.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return replica;
}

/** A plain round-robin HTTP proxy; a replica that cannot be reached gets the request answered 502. */
function roundRobin(ports: number[]): Server {
  let next = 0;
  return createHttpServer((req, res) => {
    const port = ports[next++ % ports.length] as number;
    const upstream = request(
      { host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("error", () => res.destroy());
      },
    );
    upstream.on("error", () => {
      if (res.headersSent) res.destroy();
      else res.writeHead(502).end("replica unreachable");
    });
    req.pipe(upstream);
  });
}

/** The sample value of one metric series in Prometheus text, 0 when absent. */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.split(" ")[1]) : 0;
}

describe.skipIf(!redisServerInstalled())(
  redisServerInstalled() ? "three replicas, one killed mid-run" : `three replicas: ${REDIS_SKIP_REASON}`,
  () => {
    let dir: string;
    let redis: RedisHandle | undefined;
    let slack: FakeSlack;
    let proxy: Server;
    let replicas: Replica[] = [];
    const payloads: Record<string, string>[] = [];
    let redeliveries = 0;
    let retriesAfterFailure = 0;
    let victimExit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let heldAtKill = 0;
    let takenOver = 0;
    let stoppedExit: { code: number | null; signal: NodeJS.Signals | null } | undefined;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "replicas-"));
      redis = await startRedis();
      if (!redis) return;
      slack = await new FakeSlack().start();
      const env = {
        PATH: process.env.PATH ?? "",
        SLACK_BOT_TOKEN: "xoxb-1111-2222-fakebottoken",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_MODE: "http",
        SLACK_HOST: "127.0.0.1",
        SLACK_API_URL: slack.apiUrl,
        // /help needs no market data; anything that asked would meet a 404 here, never the internet.
        YAHOO_BASE_URL: `${slack.url}/yahoo`,
        REDIS_URL: redis.url,
        SCHEDULER: "off",
        LOG_LEVEL: "warn",
      };
      const ports = [await freePort(), await freePort(), await freePort()];
      const metricsPorts = [await freePort(), await freePort(), await freePort()];
      replicas = ports.map((p, i) => startReplica(env, p, metricsPorts[i] as number));
      for (const r of replicas)
        await until("a replica's /ready", 120_000, async () =>
          (await fetch(`http://127.0.0.1:${r.metricsPort}/ready`)).status === 200 ? true : undefined,
        );
      proxy = roundRobin(ports);
      await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", () => r()));
      const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}/slack/events`;

      for (let i = 0; i < COMMANDS; i++)
        payloads.push(
          slashPayload({ command: "/help", response_url: slack.responseUrl(), trigger_id: `trig-${i}` }),
        );
      const send = async (i: number, retryNum: number): Promise<number> => {
        const body = new URLSearchParams(payloads[i]).toString();
        const retry =
          retryNum > 0
            ? { "x-slack-retry-num": String(retryNum), "x-slack-retry-reason": "http_timeout" }
            : {};
        try {
          const res = await fetch(proxyUrl, {
            method: "POST",
            headers: { ...signatureHeaders(body), ...retry },
            body,
            signal: AbortSignal.timeout(30_000),
          });
          await res.text();
          return res.status;
        } catch {
          return 0;
        }
      };
      let acked = 0;
      let nextIndex = 0;
      const sender = async () => {
        for (let i = nextIndex++; i < payloads.length; i = nextIndex++) {
          // As Slack: a command that got no 200 is delivered again, numbered.
          let retryNum = 0;
          while ((await send(i, retryNum)) !== 200) {
            retryNum++;
            retriesAfterFailure++;
            if (retryNum > 100) throw new Error(`command ${i} never acknowledged`);
            await new Promise((r) => setTimeout(r, 100));
          }
          acked++;
          if (i % REDELIVER_EVERY === 0) {
            redeliveries++;
            await send(i, retryNum + 1);
          }
        }
      };
      const killer = async () => {
        await until("300 commands acknowledged", 120_000, async () => (acked >= 300 ? true : undefined));
        const release = slack.holdResponses();
        // Every worker slot of every replica is now blocked in a post Slack has received.
        heldAtKill = await until("every worker posting", 120_000, async () =>
          slack.held >= PER_REPLICA * replicas.length ? slack.held : undefined,
        );
        const victim = replicas[1] as Replica;
        victim.child.kill("SIGKILL");
        victimExit = await victim.exit;
        release();
      };
      await Promise.all([...Array.from({ length: SENDERS }, sender), killer()]);

      // Done when nothing is queued or running any more (the dead replica's jobs taken over).
      const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
      const queue = new Queue("rotation-bot-commands-slack", { connection });
      const allDone = () =>
        until("every job finished", 180_000, async () => {
          const counts = await queue.getJobCounts("waiting", "active", "delayed", "prioritized");
          return Object.values(counts).every((n) => n === 0) ? true : undefined;
        });
      try {
        await allDone();
        for (const r of [replicas[0], replicas[2]] as Replica[]) {
          const text = await (await fetch(`http://127.0.0.1:${r.metricsPort}/metrics`)).text();
          takenOver += sample(
            text,
            'rotation_bot_command_jobs_total{platform="slack",stage="already_answered"}',
          );
        }

        // SIGTERM while both survivors' workers are posting answers Slack has not confirmed yet.
        const release = slack.holdResponses();
        nextIndex = payloads.length;
        for (let i = 0; i < LATE; i++)
          payloads.push(
            slashPayload({ command: "/help", response_url: slack.responseUrl(), trigger_id: `late-${i}` }),
          );
        const late = Promise.all(Array.from({ length: SENDERS }, sender));
        await until("both survivors posting", 120_000, async () =>
          slack.held >= PER_REPLICA * 2 ? true : undefined,
        );
        const stopping = replicas[0] as Replica;
        stopping.child.kill("SIGTERM");
        await until("the stopping replica's /ready to turn 503", 30_000, async () =>
          (await fetch(`http://127.0.0.1:${stopping.metricsPort}/ready`)).status === 503 ? true : undefined,
        );
        release();
        stoppedExit = await stopping.exit;
        await late;
        await allDone();
      } finally {
        await queue.close();
        connection.disconnect();
      }
    }, 420_000);

    afterAll(async () => {
      for (const r of replicas)
        if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGTERM");
      await Promise.all(replicas.map((r) => r.exit));
      await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
      await slack?.stop();
      await redis?.stop();
      await rm(dir, { recursive: true, force: true });
    }, 60_000);

    it("kills one replica while its worker holds posted answers", () => {
      expect(victimExit?.signal).toBe("SIGKILL");
      expect(heldAtKill).toBeGreaterThanOrEqual(PER_REPLICA * 3);
      expect(redeliveries).toBeGreaterThanOrEqual(COMMANDS / REDELIVER_EVERY);
      // Deliveries that met the dead replica failed and were delivered again to the others.
      expect(retriesAfterFailure).toBeGreaterThan(0);
    });

    it("answers every acknowledged command exactly once", () => {
      const answers = new Map<string, number>();
      for (const r of slack.responses) {
        // A slow command may first get a private "Working on it…" note; that is not its answer.
        if (String(r.body.text ?? "").startsWith("Working on")) continue;
        answers.set(r.id, (answers.get(r.id) ?? 0) + 1);
      }
      const ids = payloads.map((p) => (p.response_url as string).split("/response/")[1] as string);
      const missing = ids.filter((id) => !answers.has(id));
      const doubled = ids.filter((id) => (answers.get(id) ?? 0) > 1);
      const logs = replicas
        .map((r) => r.output)
        .join("\n")
        .slice(-3000);
      expect(missing, logs).toEqual([]);
      expect(doubled, logs).toEqual([]);
      expect(answers.size).toBe(COMMANDS + LATE);
    });

    it("lets a replica told to stop finish the answers it holds, close the queue and exit 0", () => {
      const output = (replicas[0] as Replica).output;
      expect(stoppedExit?.code, output).toBe(0);
      expect(output).not.toMatch(/answers still under way after the grace period|"level":(50|60)/);
    });

    it("has the other replicas take over the dead one's jobs without posting again", () => {
      // Its jobs were re-run elsewhere and found their answers posted.
      expect(takenOver).toBeGreaterThanOrEqual(1);
    });
  },
);
