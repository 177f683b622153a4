/**
 * The distributed scheduler, for several bot processes on one Redis (REDIS_URL): BullMQ job
 * schedulers fire the brief tick every minute and the breadth tick every five (New York time).
 * upsertJobScheduler is idempotent, so however many replicas start, there is one scheduler of
 * each and one job per tick, processed by one worker among them; claims on Redis (SET NX) make
 * each post once per subscription and session even when runs overlap (a tick at start, a slow run
 * still posting when the next tick lands on another replica, a stalled job run again).
 */
import { randomUUID } from "node:crypto";
import { type Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { errorMessage } from "../../core/errors.ts";
import { NEW_YORK } from "../../core/market/time.ts";
import type { Logger } from "../../core/ports.ts";
import { type BreadthJobReport, recordDueBreadth } from "../../core/schedule/breadth-job.ts";
import type { BriefRunReport, ScheduleRunner } from "../../core/schedule/runner.ts";
import type { IntradayPoller, PollReport } from "../../core/alerts/intraday.ts";
import type { AlertRunner, AlertRunReport } from "../../core/alerts/runner.ts";
import { type ConnectionWatch, watchConnection } from "../redis/connection-log.ts";
import { redactRedisUrl } from "../store/redis.ts";
import { RedisClaims } from "./redis-claims.ts";
import {
  alertRunnerFor,
  pollerFor,
  BREADTH_PATTERN,
  BRIEF_PATTERN,
  runnerFor,
  type Scheduler,
  type SchedulerOptions,
  STOP_WAIT_MS,
  settleWithin,
} from "./scheduler.ts";

export const QUEUE_NAME = "rotation-bot-schedule";
const KEEP_JOBS = { removeOnComplete: 50, removeOnFail: 200 };
/** The reconnect interval doubles from 200 ms up to this. */
const MAX_RETRY_MS = 5_000;

export interface BullSchedulerOptions extends SchedulerOptions {
  redisUrl: string;
  /** Queue name (tests give each suite its own). */
  queueName?: string;
  /** Key prefix of claims. */
  claimPrefix?: string;
}

export class BullScheduler implements Scheduler {
  readonly kind = "bullmq" as const;
  readonly owner: string;
  private readonly options: BullSchedulerOptions;
  private readonly log: Logger;
  private readonly connection: Redis;
  private readonly claims: RedisClaims;
  private readonly runner: ScheduleRunner;
  private readonly alerts: AlertRunner;
  private readonly poller: IntradayPoller;
  private queue: Queue | undefined;
  private worker: Worker | undefined;
  private workerConnection: Redis | undefined;
  private readonly watch: ConnectionWatch;
  private workerWatch: ConnectionWatch | undefined;
  private startRun: Promise<unknown> | undefined;

  constructor(options: BullSchedulerOptions) {
    this.options = options;
    this.owner = options.owner ?? `bullmq-${randomUUID()}`;
    this.log = options.services.logger.child({ component: "scheduler", kind: "bullmq" });
    // BullMQ needs maxRetriesPerRequest: null (its blocking commands must not give up).
    this.connection = new Redis(options.redisUrl, {
      maxRetriesPerRequest: null,
      lazyConnect: true,
      retryStrategy: (times) => Math.min(2 ** times * 100, MAX_RETRY_MS),
    });
    // Every connection has an error listener (ioredis prints a stack for each unheard error) and
    // logs one line per change of state while Redis is away.
    this.watch = watchConnection(this.connection, this.log, {
      connection: "scheduler",
      where: redactRedisUrl(options.redisUrl),
      maxRetryMs: MAX_RETRY_MS,
    });
    this.claims = new RedisClaims(this.connection, options.claimPrefix);
    this.runner = runnerFor(options, this.claims, this.owner);
    this.alerts = alertRunnerFor(options, this.claims, this.owner);
    this.poller = pollerFor(options, this.claims, this.owner);
  }

  /**
   * Replicas starting together upsert the same scheduler at the same moment, and BullMQ then
   * refuses the later one with "job ID already exists": the scheduler the other replica wrote is
   * the one we wanted, so one more upsert (which finds it) is all that is needed.
   */
  private async upsertTick(id: string, pattern: string, job: string): Promise<void> {
    const upsert = () =>
      this.queue?.upsertJobScheduler(id, { pattern, tz: NEW_YORK }, { name: job, opts: KEEP_JOBS });
    try {
      await upsert();
    } catch (err) {
      if (!/already exists/i.test(errorMessage(err))) throw err;
      this.log.debug({ scheduler: id }, "another replica created the scheduler at the same moment");
      await upsert();
    }
  }

  async start(): Promise<void> {
    await this.connection.connect();
    const name = this.options.queueName ?? QUEUE_NAME;
    this.queue = new Queue(name, { connection: this.connection });
    await this.upsertTick("brief-tick", this.options.briefPattern ?? BRIEF_PATTERN, "brief");
    await this.upsertTick("breadth-tick", this.options.breadthPattern ?? BREADTH_PATTERN, "breadth");
    const poll = this.options.alertPollSeconds ?? 0;
    if (poll > 0) {
      const upsert = () =>
        this.queue?.upsertJobScheduler(
          "alerts-poll-tick",
          { every: poll * 1000 },
          { name: "alerts-poll", opts: KEEP_JOBS },
        );
      // As upsertTick: a replica starting at the same moment may have written it first.
      await upsert()?.catch((err: unknown) => {
        if (!/already exists/i.test(errorMessage(err))) throw err;
        return upsert();
      });
    } else await this.queue.removeJobScheduler("alerts-poll-tick");
    const queue = this.queue;
    // Its own connection: a worker blocks on it while waiting for jobs.
    this.workerConnection = this.connection.duplicate();
    const workerWatch = watchConnection(this.workerConnection, this.log, {
      connection: "scheduler-worker",
      where: redactRedisUrl(this.options.redisUrl),
      maxRetryMs: MAX_RETRY_MS,
    });
    this.workerWatch = workerWatch;
    // BullMQ reports its own connections' errors on the queue and the worker.
    queue.on("error", (err) => this.watch.error(err));
    this.worker = new Worker(name, (job) => this.process(job), {
      connection: this.workerConnection,
      concurrency: 2,
      // A tick that finds the process gone is simply the next tick's to do.
      maxStalledCount: 1,
    });
    this.worker.on("failed", (job, err) =>
      this.log.error({ job: job?.name, err: errorMessage(err) }, "scheduled job failed"),
    );
    this.worker.on("error", (err) => workerWatch.error(err));
    this.log.info({ owner: this.owner, queue: name }, "scheduler started");
    if (this.options.runAtStart !== false) {
      const logged = (what: string) => (err: unknown) =>
        this.log.error({ err: errorMessage(err) }, `${what} at start failed`);
      this.startRun = Promise.all([
        this.runBriefs().catch(logged("brief run")),
        this.recordBreadth()
          .catch(logged("breadth run"))
          .then(() => this.runAlerts())
          .catch(logged("alerts run")),
      ]);
    }
  }

  async stop(): Promise<void> {
    await settleWithin(this.startRun, STOP_WAIT_MS);
    // close() waits for jobs under way; the schedulers stay in Redis for the other replicas.
    await settleWithin(this.worker?.close(), STOP_WAIT_MS);
    this.watch.closing();
    this.workerWatch?.closing();
    await this.queue?.close();
    this.workerConnection?.disconnect();
    this.connection.disconnect();
    this.log.info({ owner: this.owner }, "scheduler stopped");
  }

  runBriefs(now?: number): Promise<BriefRunReport> {
    return this.runner.runBriefs(now);
  }

  recordBreadth(now?: number): Promise<BreadthJobReport | undefined> {
    const delay = this.options.breadthDelayMs;
    return recordDueBreadth(
      this.runner.context(),
      { claims: this.claims, owner: this.owner, ...(delay !== undefined ? { delayMs: delay } : {}) },
      now,
    );
  }

  runAlerts(now?: number): Promise<AlertRunReport | undefined> {
    return this.alerts.runEndOfDay(now);
  }

  pollAlerts(now?: number): Promise<PollReport> {
    return this.poller.poll(now);
  }

  private async process(job: Job): Promise<unknown> {
    // A scheduler's job is created when the previous one runs, delayed until its due time.
    if (job.name === "brief" || job.name === "breadth")
      this.options.services.metrics?.schedulerLag({
        job: job.name,
        seconds: (Date.now() - job.timestamp - (job.opts.delay ?? 0)) / 1000,
      });
    if (job.name === "brief") return summary(await this.runBriefs());
    if (job.name === "breadth") {
      // The alerts read the day's breadth record: they run after it, in the same job.
      const breadth = await this.recordBreadth();
      const alerts = await this.runAlerts();
      return { breadth: breadth ?? null, alerts: alerts ?? null };
    }
    if (job.name === "alerts-poll") return await this.pollAlerts();
    this.log.warn({ job: job.name }, "unknown scheduled job ignored");
    return null;
  }
}

/** What a finished brief job keeps in Redis (the job's return value). */
function summary(r: BriefRunReport): Record<string, number | string> {
  return {
    owed: r.owed,
    posted: r.posted,
    found: r.found,
    failed: r.failed,
    missed: r.missed,
    elsewhere: r.elsewhere,
    ...(r.briefError ? { briefError: r.briefError } : {}),
  };
}
