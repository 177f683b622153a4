/**
 * The cost of handing an acknowledged command to the shared job queue (REDIS_URL) over a local
 * redis-server: the BullMQ add a command waits for before its ack, and the hand-off latency from
 * enqueue to a worker starting on it, for commands one at a time and for a burst of 500.
 * Producer and worker are two CommandQueues on their own connections in one process (as in a
 * replica that answers its own commands). Run alone: `node bench/handoff.ts`.
 */
import { randomUUID } from "node:crypto";
import { CommandQueue } from "../src/adapters/handoff/command-queue.ts";
import type { CommandJobData } from "../src/adapters/handoff/command-job.ts";
import { createStore } from "../src/adapters/store/create-store.ts";
import { type Metrics, noMetrics } from "../src/core/metrics.ts";
import { silentLogger } from "../src/core/ports.ts";
import { startRedis } from "../test/helpers/redis.ts";
import { percentile } from "./stats.ts";

const SEQUENTIAL = 500;
const BURST = 500;
const TARGET_P50_MS = 20;

const redis = await startRedis();
if (!redis) {
  console.log("skipped: redis-server is not installed");
  process.exit(0);
}
const store = await createStore({ redisUrl: redis.url }, silentLogger);
const queueName = `bench-commands-${randomUUID()}`;
const waits: number[] = [];
const metrics: Metrics = {
  ...noMetrics,
  commandJob: (e) => {
    if (e.stage === "started" && e.waitSeconds !== undefined) waits.push(e.waitSeconds * 1000);
  },
};
const common = { redisUrl: redis.url, platform: "slack" as const, store, logger: silentLogger, queueName };
const producer = new CommandQueue({ ...common, concurrency: 1, work: false });
const worker = new CommandQueue({ ...common, concurrency: 8, metrics });
const started = new Map<string, () => void>();
await producer.start(async () => {});
await worker.start(async (data) => {
  started.get(data.commandId)?.();
});

const job = (): Omit<CommandJobData, "enqueuedAt"> => ({
  platform: "slack",
  commandId: randomUUID(),
  command: "help",
  text: "",
  userId: "U0000001",
  channelId: "C0000001",
  deadline: Date.now() + 30 * 60_000,
  slack: { responseUrl: "http://127.0.0.1:9/response/R1" },
});

// One at a time: a worker is idle, waiting for the next job (the usual case).
const adds: number[] = [];
const handoffs: number[] = [];
for (let i = 0; i < SEQUENTIAL + 50; i++) {
  const data = job();
  const t0 = performance.now();
  const taken = new Promise<void>((resolve) => started.set(data.commandId, resolve));
  const queued = await producer.enqueue(data);
  const t1 = performance.now();
  await taken;
  const t2 = performance.now();
  started.delete(data.commandId);
  if (!queued) throw new Error("a job was not queued");
  // The first 50 warm up connections and scripts.
  if (i >= 50) {
    adds.push(t1 - t0);
    handoffs.push(t2 - t0);
  }
}

// A burst: 500 commands acknowledged at once, eight worked on at a time.
waits.length = 0;
const burstStart = performance.now();
const done = Array.from({ length: BURST }, () => {
  const data = job();
  const taken = new Promise<void>((resolve) => started.set(data.commandId, resolve));
  return producer.enqueue(data).then(() => taken);
});
await Promise.all(done);
const burstMs = performance.now() - burstStart;

const ms = (v: number) => `${v.toFixed(2)} ms`;
console.log(
  `queue add before the ack (${SEQUENTIAL} one at a time): p50 ${ms(percentile(adds, 50))}, p99 ${ms(percentile(adds, 99))}`,
);
console.log(
  `hand-off, enqueue -> worker starts (one at a time): p50 ${ms(percentile(handoffs, 50))}, p99 ${ms(percentile(handoffs, 99))} (target p50 < ${TARGET_P50_MS} ms: ${percentile(handoffs, 50) < TARGET_P50_MS ? "met" : "NOT met"})`,
);
console.log(
  `hand-off in a burst of ${BURST} (wait in the queue, ms clock): p50 ${ms(percentile(waits, 50))}, p99 ${ms(percentile(waits, 99))}; all ${BURST} taken in ${ms(burstMs)}`,
);

await worker.drain();
await worker.close();
await producer.close();
await store.close();
await redis.stop();
