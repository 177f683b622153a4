/**
 * The embedded scheduler: croner timers in this process (New York time, DST-aware), claims and
 * delivery state in the Store. For one bot process per store (startScheduler takes the SQLite
 * store's scheduler lock first); several processes need the BullMQ scheduler (REDIS_URL). A run still under way when the next minute
 * comes is not started twice (croner's `protect`), and each run catches up what is owed.
 */
import { randomUUID } from "node:crypto";
import { Cron } from "croner";
import { errorMessage } from "../../core/errors.ts";
import { NEW_YORK } from "../../core/market/time.ts";
import type { Logger } from "../../core/ports.ts";
import { type BreadthJobReport, recordDueBreadth } from "../../core/schedule/breadth-job.ts";
import type { IntradayPoller, PollReport } from "../../core/alerts/intraday.ts";
import type { AlertRunner, AlertRunReport } from "../../core/alerts/runner.ts";
import { type Claims, StoreClaims } from "../../core/schedule/claims.ts";
import type { BriefRunReport, ScheduleRunner } from "../../core/schedule/runner.ts";
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

export interface EmbeddedSchedulerOptions extends SchedulerOptions {
  /**
   * Held while this scheduler runs: the store's scheduler lock, which makes it the only one, so
   * claims left by another owner belong to a process that is gone. Released by stop().
   */
  lock?: { release: () => void };
}

export class EmbeddedScheduler implements Scheduler {
  readonly kind = "embedded" as const;
  readonly owner: string;
  private readonly options: EmbeddedSchedulerOptions;
  private readonly runner: ScheduleRunner;
  private readonly alerts: AlertRunner;
  private readonly poller: IntradayPoller;
  private readonly claims: Claims;
  private readonly log: Logger;
  private crons: Cron[] = [];
  private running = new Set<Promise<unknown>>();

  constructor(options: EmbeddedSchedulerOptions) {
    this.options = options;
    this.owner = options.owner ?? `embedded-${randomUUID()}`;
    this.claims = new StoreClaims(
      options.services.store,
      options.services.clock,
      options.lock ? { soleOwner: this.owner } : {},
    );
    this.log = options.services.logger.child({ component: "scheduler", kind: "embedded" });
    this.runner = runnerFor(options, this.claims, this.owner);
    this.alerts = alertRunnerFor(options, this.claims, this.owner);
    this.poller = pollerFor(options, this.claims, this.owner);
  }

  async start(): Promise<void> {
    const metrics = this.options.services.metrics;
    const every = (pattern: string, name: "brief" | "breadth", job: () => Promise<unknown>) => {
      // The tick each callback is for: its lag is how long after that it started.
      let due: Date | null = null;
      const cron = new Cron(pattern, { timezone: NEW_YORK, protect: true, catch: true }, async () => {
        if (due) metrics?.schedulerLag({ job: name, seconds: (Date.now() - due.getTime()) / 1000 });
        due = cron.nextRun();
        await this.track(job());
      });
      due = cron.nextRun();
      return cron;
    };
    this.crons = [
      every(this.options.briefPattern ?? BRIEF_PATTERN, "brief", () => this.runBriefs()),
      every(this.options.breadthPattern ?? BREADTH_PATTERN, "breadth", () => this.afterClose()),
    ];
    const poll = this.options.alertPollSeconds ?? 0;
    if (poll > 0)
      // Every second, at most once per `poll` seconds; the poll itself does nothing outside hours.
      this.crons.push(
        new Cron(
          "* * * * * *",
          { timezone: NEW_YORK, protect: true, catch: true, interval: poll },
          async () => {
            await this.track(this.pollAlerts());
          },
        ),
      );
    this.log.info({ owner: this.owner, next: this.crons[0]?.nextRun()?.toISOString() }, "scheduler started");
    if (this.options.runAtStart !== false) {
      void this.track(this.runBriefs());
      void this.track(this.afterClose());
    }
  }

  async stop(): Promise<void> {
    for (const cron of this.crons) cron.stop();
    this.crons = [];
    await settleWithin(Promise.all(this.running), STOP_WAIT_MS);
    this.options.lock?.release();
    this.log.info({ owner: this.owner }, "scheduler stopped");
  }

  async runBriefs(now?: number): Promise<BriefRunReport> {
    try {
      return await this.runner.runBriefs(now);
    } catch (err) {
      this.log.error({ err: errorMessage(err) }, "brief run failed");
      throw err;
    }
  }

  async recordBreadth(now?: number): Promise<BreadthJobReport | undefined> {
    const delay = this.options.breadthDelayMs;
    return recordDueBreadth(
      this.runner.context(),
      { claims: this.claims, owner: this.owner, ...(delay !== undefined ? { delayMs: delay } : {}) },
      now,
    ).catch((err: unknown) => {
      this.log.error({ err: errorMessage(err) }, "breadth run failed");
      return undefined;
    });
  }

  /** The after-close tick: the day's breadth record first, then the alerts that read it. */
  private async afterClose(): Promise<void> {
    await this.recordBreadth();
    await this.runAlerts();
  }

  async runAlerts(now?: number): Promise<AlertRunReport | undefined> {
    return this.alerts.runEndOfDay(now).catch((err: unknown) => {
      this.log.error({ err: errorMessage(err) }, "alerts run failed");
      return undefined;
    });
  }

  pollAlerts(now?: number): Promise<PollReport> {
    return this.poller.poll(now);
  }

  /** Keeps hold of a run so stop() can wait for it; the returned promise never rejects. */
  private track(work: Promise<unknown>): Promise<void> {
    const settled = work.then(
      () => {},
      () => {},
    );
    this.running.add(settled);
    void settled.finally(() => this.running.delete(settled));
    return settled;
  }
}
