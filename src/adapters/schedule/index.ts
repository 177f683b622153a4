/**
 * Starts the scheduler the configuration asks for: BullMQ on Redis when REDIS_URL is set (any
 * number of bot processes, one post per subscription and session), else croner in this process,
 * in the one process that holds the SQLite store's scheduler lock.
 */
import { randomUUID } from "node:crypto";
import type { Config } from "../../config.ts";
import type { Services } from "../../core/dispatch.ts";
import type { Posters } from "../../core/schedule/poster.ts";
import { BullScheduler } from "./bull.ts";
import { EmbeddedScheduler } from "./embedded.ts";
import { lockScheduler } from "./scheduler-lock.ts";
import { StandbyScheduler } from "./standby.ts";
import type { Scheduler, SchedulerOptions } from "./scheduler.ts";

export { BullScheduler, QUEUE_NAME } from "./bull.ts";
export { EmbeddedScheduler } from "./embedded.ts";
export { RedisClaims } from "./redis-claims.ts";
export { StandbyScheduler } from "./standby.ts";
export type { Scheduler, SchedulerOptions } from "./scheduler.ts";

/** The scheduler options a Config implies. */
export function scheduleOptions(
  config: Config,
): Pick<SchedulerOptions, "policy" | "pacing" | "alertPolicy" | "alertPollSeconds"> {
  const s = config.schedule;
  return {
    policy: {
      catchUp: { catchUpMs: s.catchUpMinutes * 60_000, lateNoteAfterMs: 5 * 60_000 },
      pauseAfterFailures: s.pauseAfterFailures,
    },
    pacing: { slackIntervalMs: s.slackPostIntervalMs, discordIntervalMs: s.discordPostIntervalMs },
    alertPolicy: { maxPerSession: s.alertMaxPerSession, pauseAfterFailures: s.pauseAfterFailures },
    alertPollSeconds: s.alertPollSeconds,
  };
}

/**
 * Builds and starts the scheduler; undefined when SCHEDULER=off. When another process on the
 * same SQLite store already schedules, a standby that takes over once that process has stopped
 * (logged with the reason).
 */
export async function startScheduler(
  config: Config,
  services: Services,
  posters: Posters,
  overrides: Partial<SchedulerOptions> = {},
): Promise<Scheduler | undefined> {
  if (config.schedule.mode === "off") return undefined;
  const options: SchedulerOptions = { services, posters, ...scheduleOptions(config), ...overrides };
  if (config.redisUrl) {
    const scheduler = new BullScheduler({ ...options, redisUrl: config.redisUrl });
    await scheduler.start();
    return scheduler;
  }
  const owner = options.owner ?? `embedded-${randomUUID()}`;
  // An in-memory store cannot be shared: nothing to guard.
  const lock =
    config.storePath === ":memory:"
      ? undefined
      : await lockScheduler(config.storePath, services.store, owner);
  if (lock && !lock.held) {
    services.logger.warn({ component: "scheduler", owner }, `scheduler not started: ${lock.reason}`);
    const standby = new StandbyScheduler({
      ...options,
      owner,
      storePath: config.storePath,
      retryMs: config.schedule.standbyRetrySeconds * 1000,
    });
    await standby.start();
    return standby;
  }
  const scheduler = new EmbeddedScheduler({ ...options, owner, ...(lock ? { lock } : {}) });
  try {
    await scheduler.start();
  } catch (err) {
    lock?.release();
    throw err;
  }
  return scheduler;
}
