/**
 * A bot process started on a SQLite store whose scheduler another process runs: it answers
 * commands but posts nothing, and every so often tries the store's scheduler lock. Once that
 * process has stopped (the operating system drops its lock however it ended), this one takes the
 * lock and starts the embedded scheduler, which catches up whatever is owed at once.
 */

import { emptyPollReport, type PollReport } from "../../core/alerts/intraday.ts";
import type { AlertRunReport } from "../../core/alerts/runner.ts";
import { errorMessage } from "../../core/errors.ts";
import type { Logger } from "../../core/ports.ts";
import type { BreadthJobReport } from "../../core/schedule/breadth-job.ts";
import { type BriefRunReport, emptyReport } from "../../core/schedule/run-parts.ts";
import { EmbeddedScheduler } from "./embedded.ts";
import type { Scheduler, SchedulerOptions } from "./scheduler.ts";
import { lockScheduler } from "./scheduler-lock.ts";

export interface StandbyOptions extends SchedulerOptions {
  owner: string;
  storePath: string;
  /** How often to try the lock. */
  retryMs: number;
}

export class StandbyScheduler implements Scheduler {
  readonly kind = "embedded" as const;
  private readonly options: StandbyOptions;
  private readonly log: Logger;
  private timer: ReturnType<typeof setInterval> | undefined;
  private active: EmbeddedScheduler | undefined;
  private trying: Promise<void> | undefined;
  private stopped = false;

  constructor(options: StandbyOptions) {
    this.options = options;
    this.log = options.services.logger.child({ component: "scheduler", kind: "standby" });
  }

  /** True while another process schedules and this one waits. */
  get waiting(): boolean {
    return this.active === undefined;
  }

  async start(): Promise<void> {
    this.timer = setInterval(() => {
      this.trying ??= this.tryTakeOver().finally(() => {
        this.trying = undefined;
      });
    }, this.options.retryMs);
  }

  private async tryTakeOver(): Promise<void> {
    if (this.stopped || this.active) return;
    try {
      const lock = await lockScheduler(
        this.options.storePath,
        this.options.services.store,
        this.options.owner,
      );
      if (!lock.held) return;
      if (this.stopped) {
        lock.release();
        return;
      }
      const scheduler = new EmbeddedScheduler({ ...this.options, lock });
      try {
        await scheduler.start();
      } catch (err) {
        lock.release();
        throw err;
      }
      this.active = scheduler;
      clearInterval(this.timer);
      this.log.info(
        { owner: this.options.owner },
        "scheduler taking over: the process that ran it has stopped",
      );
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, "could not take the scheduler over; will try again");
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.trying;
    await this.active?.stop();
  }

  runBriefs(now?: number): Promise<BriefRunReport> {
    if (this.active) return this.active.runBriefs(now);
    return Promise.resolve(emptyReport(now ?? this.options.services.clock.now()));
  }

  recordBreadth(now?: number): Promise<BreadthJobReport | undefined> {
    return this.active ? this.active.recordBreadth(now) : Promise.resolve(undefined);
  }

  runAlerts(now?: number): Promise<AlertRunReport | undefined> {
    return this.active ? this.active.runAlerts(now) : Promise.resolve(undefined);
  }

  pollAlerts(now?: number): Promise<PollReport> {
    if (this.active) return this.active.pollAlerts(now);
    return Promise.resolve(emptyPollReport());
  }
}
