/**
 * The one interface both schedulers implement, and what they share: the runner that posts the
 * briefs and the after-close breadth job, each triggered once a minute (briefs) and every five
 * minutes (breadth) in New York time, and once at start so downtime is caught up at once.
 */

import { IntradayPoller, type PollReport } from "../../core/alerts/intraday.ts";
import { type AlertPolicy, AlertRunner, type AlertRunReport } from "../../core/alerts/runner.ts";
import type { Services } from "../../core/dispatch.ts";
import type { BreadthJobReport } from "../../core/schedule/breadth-job.ts";
import type { Claims } from "../../core/schedule/claims.ts";
import type { DeliveryPolicy } from "../../core/schedule/delivery.ts";
import type { Pacing } from "../../core/schedule/pacer.ts";
import type { Posters } from "../../core/schedule/poster.ts";
import { type BriefRunReport, ScheduleRunner } from "../../core/schedule/runner.ts";

export interface Scheduler {
  readonly kind: "embedded" | "bullmq";
  /** Starts the timers (and runs once at once, unless told not to). */
  start(): Promise<void>;
  /** Stops the timers and waits (bounded) for a run under way. */
  stop(): Promise<void>;
  /** One brief run at the clock's now: what each tick does. */
  runBriefs(now?: number): Promise<BriefRunReport>;
  /** One after-close breadth run at the clock's now. */
  recordBreadth(now?: number): Promise<BreadthJobReport | undefined>;
  /** One after-close alerts run (after the breadth record, in the same tick). */
  runAlerts(now?: number): Promise<AlertRunReport | undefined>;
  /** One poll of live quotes for level crossings (nothing outside NYSE hours). */
  pollAlerts(now?: number): Promise<PollReport>;
}

export interface SchedulerOptions {
  services: Services;
  posters: Posters;
  /** This process's name in claims; default a random one. */
  owner?: string;
  policy?: Partial<DeliveryPolicy>;
  pacing?: Partial<Pacing>;
  leaseMs?: number;
  /** Cron pattern of the brief tick (New York time); default every minute. */
  briefPattern?: string;
  /** Cron pattern of the breadth tick; default every five minutes. */
  breadthPattern?: string;
  /** Run both jobs once at start (default true). */
  runAtStart?: boolean;
  /** How long after the close the breadth record is due (default 30 min). */
  breadthDelayMs?: number;
  /** Alerts: the cap of posts per channel and session, and when a failing channel is paused. */
  alertPolicy?: Partial<AlertPolicy>;
  /** Seconds between polls of live quotes for level crossings; 0 or absent: after the close instead. */
  alertPollSeconds?: number;
}

export const BRIEF_PATTERN = "* * * * *";
export const BREADTH_PATTERN = "*/5 * * * *";
/** How long stop() waits for a run under way. */
export const STOP_WAIT_MS = 10_000;

/** Resolves when `work` settles or after `ms`, whichever is first. */
export function settleWithin(work: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (!work) return Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    work.then(
      () => {},
      () => {},
    ),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The runner both schedulers drive: the same delivery rules over their own claims. */
export function runnerFor(options: SchedulerOptions, claims: Claims, owner: string): ScheduleRunner {
  return new ScheduleRunner({
    services: options.services,
    posters: options.posters,
    claims,
    owner,
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.pacing ? { pacing: options.pacing } : {}),
    ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
  });
}

/** The alerts runner both schedulers drive after each close, over their own claims. */
export function alertRunnerFor(options: SchedulerOptions, claims: Claims, owner: string): AlertRunner {
  return new AlertRunner({
    services: options.services,
    posters: options.posters,
    claims,
    owner,
    ...(options.alertPolicy ? { policy: options.alertPolicy } : {}),
    ...(options.pacing ? { pacing: options.pacing } : {}),
    ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
    ...(options.breadthDelayMs !== undefined ? { delayMs: options.breadthDelayMs } : {}),
    liveCrossings: (options.alertPollSeconds ?? 0) > 0,
  });
}

/** The live level-crossing poller both schedulers drive during NYSE hours. */
export function pollerFor(options: SchedulerOptions, claims: Claims, owner: string): IntradayPoller {
  return new IntradayPoller({
    services: options.services,
    posters: options.posters,
    claims,
    owner,
    ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
    ...(options.alertPolicy?.maxPerSession !== undefined
      ? { maxPerSession: options.alertPolicy.maxPerSession }
      : {}),
    ...(options.alertPolicy?.pauseAfterFailures !== undefined
      ? { pauseAfterFailures: options.alertPolicy.pauseAfterFailures }
      : {}),
    ...(options.alertPolicy?.transientAttempts !== undefined
      ? { transientAttempts: options.alertPolicy.transientAttempts }
      : {}),
  });
}
