/**
 * Acknowledged commands as BullMQ jobs on the shared Redis (REDIS_URL), one queue per platform:
 * the replica that acknowledges a command queues it before the ack goes out, and whichever
 * replica's worker is free answers it through the platform's reply channel. A replica that dies
 * (kill -9) holding jobs loses their locks; another replica's stalled-job check takes them over
 * within about LOCK_MS + STALLED_CHECK_MS, far inside the platforms' reply windows. Answers are
 * posted once: a worker claims the command's "answered" marker in the store (one SET NX) right
 * before posting, so a re-run job or a redelivered command that got a second job finds it taken.
 * Connections follow the scheduler's (bull.ts): maxRetriesPerRequest null, capped reconnect
 * backoff, one line per change of state.
 */
import { type Job, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { errorMessage } from "../../core/errors.ts";
import type { Metrics } from "../../core/metrics.ts";
import type { Logger, Store } from "../../core/ports.ts";
import { type ConnectionWatch, watchConnection } from "../redis/connection-log.ts";
import { redactRedisUrl } from "../store/redis.ts";
import {
  type CommandJobData,
  DISCORD_REPLY_WINDOW_MS,
  type JobPlatform,
  jobIdOf,
  SLACK_REPLY_WINDOW_MS,
} from "./command-job.ts";

export const COMMAND_QUEUE_PREFIX = "rotation-bot-commands";
export const ANSWERED_NAMESPACE = "command-answers";
/** A job's lock; renewed every half of it while its worker lives. */
const LOCK_MS = 10_000;
/** How often each worker looks for jobs whose lock lapsed (their worker died). */
const STALLED_CHECK_MS = 5_000;
/** A job may be taken over this many times (replicas dying one after another) before it fails. */
const MAX_STALLED = 3;
/** Queuing must not eat the platform's 3-second ack window: past this, answer in-process. */
const ENQUEUE_TIMEOUT_MS = 1_000;
/** A job taken with less than this left before its deadline is dropped: the answer could not land. */
const POST_MARGIN_MS = 10_000;
/** Completed jobs are kept this long so a late redelivery finds its id taken (seconds). */
const KEEP_COMPLETED_S = 15 * 60;
const MAX_RETRY_MS = 5_000;

export interface CommandQueueOptions {
  redisUrl: string;
  platform: JobPlatform;
  store: Store;
  logger: Logger;
  metrics?: Metrics;
  /** Jobs answered at once by this replica. */
  concurrency: number;
  /** Queue name (tests give each suite its own); default rotation-bot-commands-<platform>. */
  queueName?: string;
  /** False: this replica queues commands but answers none (default true). */
  work?: boolean;
  now?: () => number;
}

/**
 * Answers one job. `claim()` must be called right before posting the answer: false means it is
 * already posted (or being posted) and nothing may be sent.
 */
export type JobAnswerer = (data: CommandJobData, claim: () => Promise<boolean>) => Promise<void>;

export function replyWindowMs(platform: JobPlatform): number {
  return platform === "slack" ? SLACK_REPLY_WINDOW_MS : DISCORD_REPLY_WINDOW_MS;
}

export class CommandQueue {
  readonly name: string;
  private readonly options: CommandQueueOptions;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly connection: Redis;
  private readonly watch: ConnectionWatch;
  private queue: Queue | undefined;
  private worker: Worker | undefined;
  private workerConnection: Redis | undefined;
  private draining: Promise<void> | undefined;

  constructor(options: CommandQueueOptions) {
    this.options = options;
    this.name = options.queueName ?? `${COMMAND_QUEUE_PREFIX}-${options.platform}`;
    this.now = options.now ?? Date.now;
    this.log = options.logger.child({ component: "command-queue", platform: options.platform });
    this.connection = new Redis(options.redisUrl, {
      maxRetriesPerRequest: null,
      lazyConnect: true,
      retryStrategy: (times) => Math.min(2 ** times * 100, MAX_RETRY_MS),
    });
    this.watch = watchConnection(this.connection, this.log, {
      connection: "command-queue",
      where: redactRedisUrl(options.redisUrl),
      maxRetryMs: MAX_RETRY_MS,
    });
  }

  /** Connects, and (unless `work: false`) starts this replica's worker with `answer`. */
  async start(answer: JobAnswerer): Promise<void> {
    await this.connection.connect();
    this.queue = new Queue(this.name, { connection: this.connection });
    this.queue.on("error", (err) => this.watch.error(err));
    if (this.options.work === false) return;
    this.workerConnection = this.connection.duplicate();
    this.watch.add(this.workerConnection);
    this.worker = new Worker(this.name, (job: Job<CommandJobData>) => this.process(job, answer), {
      connection: this.workerConnection,
      concurrency: Math.max(1, this.options.concurrency),
      lockDuration: LOCK_MS,
      stalledInterval: STALLED_CHECK_MS,
      maxStalledCount: MAX_STALLED,
    });
    this.worker.on("error", (err) => this.watch.error(err));
    this.worker.on("failed", (job, err) =>
      this.log.error({ job: job?.id, err: errorMessage(err) }, "command job failed"),
    );
    this.log.info({ queue: this.name }, "command queue started");
  }

  /**
   * Queues an acknowledged command under its stable id (a repeat adds nothing). False when Redis
   * did not take it in time: the caller answers in-process instead.
   */
  async enqueue(data: Omit<CommandJobData, "enqueuedAt">): Promise<boolean> {
    const queue = this.queue;
    if (!queue) return false;
    const job: CommandJobData = { ...data, enqueuedAt: this.now() };
    let timer: NodeJS.Timeout | undefined;
    try {
      const added = queue.add(job.command, job, {
        jobId: jobIdOf(data.platform, data.commandId),
        // A job that throws is tried again (the claim keeps a second post out).
        attempts: 3,
        backoff: { type: "fixed", delay: 2_000 },
        removeOnComplete: { age: KEEP_COMPLETED_S },
        removeOnFail: { age: KEEP_COMPLETED_S },
      });
      const late = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), ENQUEUE_TIMEOUT_MS);
      });
      // A late add may still land: then the claim keeps the two answers to one.
      added.catch(() => {});
      if ((await Promise.race([added, late])) === "late") {
        this.log.warn({ timeoutMs: ENQUEUE_TIMEOUT_MS }, "command not queued in time; answering here");
        return false;
      }
      this.options.metrics?.commandJob({ platform: data.platform, stage: "handed_off" });
      return true;
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, "command not queued; answering here");
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The claim of a command answered outside the queue (it could not be queued in time): the same
   * marker a job would take, so if the queue took it after all only one answer is posted.
   */
  claimer(commandId: string): () => Promise<boolean> {
    let claimed: Promise<boolean> | undefined;
    return () => {
      claimed ??= this.claim(commandId, "in-process", this.log);
      return claimed;
    };
  }

  /** Takes no new jobs and waits for the ones under way (a replica shutting down). */
  drain(): Promise<void> {
    this.draining ??= (this.worker?.close() ?? Promise.resolve()).catch((err: unknown) =>
      this.log.warn({ err: errorMessage(err) }, "command worker did not close cleanly"),
    );
    return this.draining;
  }

  /**
   * Closes the queue and its connections. Jobs still running are abandoned, not failed: their
   * locks lapse and another replica takes them over.
   */
  async close(): Promise<void> {
    this.watch.closing();
    if (this.worker && !this.draining) await this.worker.close(true).catch(() => {});
    await this.queue?.close().catch(() => {});
    this.workerConnection?.disconnect();
    this.connection.disconnect();
  }

  private async process(job: Job<CommandJobData>, answer: JobAnswerer): Promise<void> {
    const data = job.data;
    const { platform, commandId } = data;
    const metrics = this.options.metrics;
    const now = this.now();
    metrics?.commandJob({ platform, stage: "started", waitSeconds: (now - data.enqueuedAt) / 1000 });
    const log = this.log.child({ command: data.command, job: job.id, attempt: job.attemptsStarted });
    if (now + POST_MARGIN_MS > data.deadline) {
      // The platform would refuse the reply (or refuse it mid-post): never answer late.
      log.warn({ lateMs: now - data.deadline }, "command job past its reply deadline; dropped unanswered");
      metrics?.commandJob({ platform, stage: "expired" });
      return;
    }
    if (await this.answered(commandId, log)) {
      log.info({}, "command already answered; job ignored");
      metrics?.commandJob({ platform, stage: "already_answered" });
      return;
    }
    let claimed: boolean | undefined;
    await answer(data, async () => {
      claimed ??= await this.claim(commandId, job.id ?? "", log);
      return claimed;
    });
    metrics?.commandJob({ platform, stage: claimed === false ? "already_answered" : "completed" });
  }

  private async answered(commandId: string, log: Logger): Promise<boolean> {
    try {
      return (await this.options.store.get(ANSWERED_NAMESPACE, this.key(commandId))) !== undefined;
    } catch (err) {
      log.warn({ err: errorMessage(err) }, "answered marker unreadable; answering");
      return false;
    }
  }

  private async claim(commandId: string, jobId: string, log: Logger): Promise<boolean> {
    try {
      return await this.options.store.setIfAbsent(
        ANSWERED_NAMESPACE,
        this.key(commandId),
        { job: jobId, at: this.now() },
        replyWindowMs(this.options.platform),
      );
    } catch (err) {
      // As for redeliveries (dedup.ts): answering twice beats never answering.
      log.warn({ err: errorMessage(err) }, "answered marker not claimed; answering anyway");
      return true;
    }
  }

  private key(commandId: string): string {
    return `${this.options.platform}-${commandId}`;
  }
}
