/**
 * Starts the scheduler the configuration asks for: BullMQ on Redis when REDIS_URL is set (any
 * number of bot processes, one post per subscription and session), else croner in this process.
 */
import type { Config } from "../../config.ts";
import type { Services } from "../../core/dispatch.ts";
import type { Posters } from "../../core/schedule/poster.ts";
import { BullScheduler } from "./bull.ts";
import { EmbeddedScheduler } from "./embedded.ts";
import type { Scheduler, SchedulerOptions } from "./scheduler.ts";

export { BullScheduler, QUEUE_NAME } from "./bull.ts";
export { EmbeddedScheduler } from "./embedded.ts";
export { RedisClaims } from "./redis-claims.ts";
export type { Scheduler, SchedulerOptions } from "./scheduler.ts";

/** The scheduler options a Config implies. */
export function scheduleOptions(config: Config): Pick<SchedulerOptions, "policy" | "pacing"> {
  const s = config.schedule;
  return {
    policy: {
      catchUp: { catchUpMs: s.catchUpMinutes * 60_000, lateNoteAfterMs: 5 * 60_000 },
      pauseAfterFailures: s.pauseAfterFailures,
    },
    pacing: { slackIntervalMs: s.slackPostIntervalMs, discordIntervalMs: s.discordPostIntervalMs },
  };
}

/** Builds and starts the scheduler; undefined when SCHEDULER=off. */
export async function startScheduler(
  config: Config,
  services: Services,
  posters: Posters,
  overrides: Partial<SchedulerOptions> = {},
): Promise<Scheduler | undefined> {
  if (config.schedule.mode === "off") return undefined;
  const options: SchedulerOptions = { services, posters, ...scheduleOptions(config), ...overrides };
  const scheduler = config.redisUrl
    ? new BullScheduler({ ...options, redisUrl: config.redisUrl })
    : new EmbeddedScheduler(options);
  await scheduler.start();
  return scheduler;
}
