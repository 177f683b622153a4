/**
 * The Metrics port on prom-client: one registry per process (never prom-client's global one, so
 * two bots in one test process do not collide), the default process metrics, and our instruments.
 * Label values are checked against fixed sets; anything else is reported as "other".
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Metrics } from "../../core/metrics.ts";

const PREFIX = "rotation_bot_";
/** Seconds: a warm answer takes milliseconds, breadth over 2,000 members up to a minute. */
const COMMAND_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const UPSTREAM_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Posts are due on the minute and paced: seconds late is normal, hours late is a catch-up. */
const LATENESS_BUCKETS = [1, 5, 15, 30, 60, 300, 900, 3600, 7200];
const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60];
/** A hand-off takes milliseconds; a job recovered from a dead replica waits for its lock to lapse. */
const HANDOFF_BUCKETS = [0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 1, 5, 15, 30, 60];
const JOB_STAGES = new Set(["handed_off", "started", "completed", "already_answered", "expired"]);

const PLATFORMS = new Set(["cli", "slack", "discord", "schedule"]);
const bounded = (value: string, allowed: ReadonlySet<string>) => (allowed.has(value) ? value : "other");

export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly connected = new Map<string, boolean>();
  private readonly shardsUp = new Map<number, boolean>();
  private readonly commandNames: ReadonlySet<string>;
  private readonly commands: Counter<"command" | "platform" | "outcome">;
  private readonly commandSeconds: Histogram<"command" | "platform">;
  private readonly upstreams: Counter<"provider" | "outcome">;
  private readonly upstreamSeconds: Histogram<"provider">;
  private readonly cacheLookups: Counter<"kind" | "result">;
  private readonly posts: Counter<"kind" | "platform" | "outcome">;
  private readonly lateness: Histogram<"kind" | "platform">;
  private readonly lag: Histogram<"job">;
  private readonly connectedGauge: Gauge<"platform">;
  private readonly shardGauge: Gauge<"platform" | "shard">;
  private readonly jobs: Counter<"platform" | "stage">;
  private readonly jobWait: Histogram<"platform">;

  /** `commandNames`: the registry's names; any other reaches the label as "unknown" already. */
  constructor(commandNames: readonly string[]) {
    this.commandNames = new Set([...commandNames, "unknown"]);
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.commands = new Counter({
      name: `${PREFIX}commands_total`,
      help: "Commands answered, by command, platform and outcome (answer, user_error, outage, bug)",
      labelNames: ["command", "platform", "outcome"],
      registers,
    });
    this.commandSeconds = new Histogram({
      name: `${PREFIX}command_duration_seconds`,
      help: "Time from a command's dispatch to its reply being ready (charts drawn), by command and platform",
      labelNames: ["command", "platform"],
      buckets: COMMAND_BUCKETS,
      registers,
    });
    this.upstreams = new Counter({
      name: `${PREFIX}upstream_requests_total`,
      help: "HTTP requests to market-data providers (Yahoo Finance, index holdings) (each attempt), by provider and outcome",
      labelNames: ["provider", "outcome"],
      registers,
    });
    this.upstreamSeconds = new Histogram({
      name: `${PREFIX}upstream_request_duration_seconds`,
      help: "Duration of each request to an upstream provider, by provider",
      labelNames: ["provider"],
      buckets: UPSTREAM_BUCKETS,
      registers,
    });
    this.cacheLookups = new Counter({
      name: `${PREFIX}cache_lookups_total`,
      help: "Market-data cache lookups per symbol, by kind (history, quote) and result (hit, miss)",
      labelNames: ["kind", "result"],
      registers,
    });
    this.posts = new Counter({
      name: `${PREFIX}posts_total`,
      help: "Scheduled posts (brief, alert), by platform and outcome (sent, already_posted, failed, retrying, missed)",
      labelNames: ["kind", "platform", "outcome"],
      registers,
    });
    this.lateness = new Histogram({
      name: `${PREFIX}post_lateness_seconds`,
      help: "How long after its due time a scheduled post was attempted",
      labelNames: ["kind", "platform"],
      buckets: LATENESS_BUCKETS,
      registers,
    });
    this.lag = new Histogram({
      name: `${PREFIX}scheduler_lag_seconds`,
      help: "How long after its due time a scheduler tick started, by job (brief, breadth)",
      labelNames: ["job"],
      buckets: LAG_BUCKETS,
      registers,
    });
    this.connectedGauge = new Gauge({
      name: `${PREFIX}chat_connected`,
      help: "1 while the chat platform's connection is up (Socket Mode, the Discord gateway, the HTTP listener)",
      labelNames: ["platform"],
      registers,
    });
    this.shardGauge = new Gauge({
      name: `${PREFIX}chat_shard_connected`,
      help: "1 while this Discord gateway shard's connection is up, by shard id (only the shards this process runs)",
      labelNames: ["platform", "shard"],
      registers,
    });
    this.jobs = new Counter({
      name: `${PREFIX}command_jobs_total`,
      help: "Acknowledged commands handed to the shared job queue (REDIS_URL), by platform and stage (handed_off, started, completed, already_answered, expired)",
      labelNames: ["platform", "stage"],
      registers,
    });
    this.jobWait = new Histogram({
      name: `${PREFIX}command_job_wait_seconds`,
      help: "Time from a command job's enqueue to a worker taking it, by platform",
      labelNames: ["platform"],
      buckets: HANDOFF_BUCKETS,
      registers,
    });
  }

  command(e: Parameters<Metrics["command"]>[0]): void {
    const labels = {
      command: bounded(e.command, this.commandNames),
      platform: bounded(e.platform, PLATFORMS),
    };
    this.commands.inc({ ...labels, outcome: e.outcome });
    this.commandSeconds.observe(labels, e.seconds);
  }

  upstream(e: Parameters<Metrics["upstream"]>[0]): void {
    this.upstreams.inc({ provider: e.provider, outcome: e.outcome });
    this.upstreamSeconds.observe({ provider: e.provider }, e.seconds);
  }

  cache(e: Parameters<Metrics["cache"]>[0]): void {
    if (e.hits > 0) this.cacheLookups.inc({ kind: e.kind, result: "hit" }, e.hits);
    if (e.misses > 0) this.cacheLookups.inc({ kind: e.kind, result: "miss" }, e.misses);
  }

  post(e: Parameters<Metrics["post"]>[0]): void {
    const labels = { kind: e.kind, platform: bounded(e.platform, PLATFORMS) };
    this.posts.inc({ ...labels, outcome: e.outcome });
    if (e.lateSeconds !== undefined) this.lateness.observe(labels, Math.max(0, e.lateSeconds));
  }

  schedulerLag(e: Parameters<Metrics["schedulerLag"]>[0]): void {
    this.lag.observe({ job: e.job }, Math.max(0, e.seconds));
  }

  connection(e: Parameters<Metrics["connection"]>[0]): void {
    if (e.shard !== undefined) {
      // Bounded: a shard id is below the shard count this process was configured with.
      this.shardsUp.set(e.shard, e.connected);
      this.shardGauge.set({ platform: e.platform, shard: String(e.shard) }, e.connected ? 1 : 0);
      return;
    }
    this.connected.set(e.platform, e.connected);
    this.connectedGauge.set({ platform: e.platform }, e.connected ? 1 : 0);
  }

  commandJob(e: Parameters<Metrics["commandJob"]>[0]): void {
    const platform = bounded(e.platform, PLATFORMS);
    this.jobs.inc({ platform, stage: bounded(e.stage, JOB_STAGES) });
    if (e.waitSeconds !== undefined) this.jobWait.observe({ platform }, Math.max(0, e.waitSeconds));
  }

  /** The chat platforms that reported a connection, with whether it is up now. */
  connections(): ReadonlyMap<string, boolean> {
    return this.connected;
  }

  /** Each Discord shard that reported, with whether it is up now. */
  shards(): ReadonlyMap<number, boolean> {
    return this.shardsUp;
  }
}
