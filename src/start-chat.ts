/** Starts every chat adapter that has tokens, in one process, over one set of services, then the scheduler. */

import { buildServices } from "./compose.ts";
import type { Config } from "./config.ts";
import type { Clock, Logger } from "./core/ports.ts";
import type { Posters } from "./core/schedule/poster.ts";

export interface Running {
  stop(): Promise<void>;
}

/** `overrides.clock` lets tests run the whole bot at a chosen moment; `npm start` uses the system clock. */
export async function startChat(
  config: Config,
  logger: Logger,
  overrides: { clock?: Clock } = {},
): Promise<Running> {
  const services = await buildServices(config, logger, overrides);
  const stops: (() => Promise<void>)[] = [];
  const posters: Posters = {};
  if (config.slack) {
    const { startSlack } = await import("./adapters/slack/index.ts");
    const { slackPoster } = await import("./adapters/slack/poster.ts");
    const slack = await startSlack(config.slack, services, {
      allowChannelCreator: config.schedule.allowChannelCreator,
    });
    stops.push(() => slack.stop());
    posters.slack = slackPoster((team) => slack.clientFor(team), {
      logger: logger.child({ poster: "slack" }),
      dedupHistory: config.slack.dedupHistory === true,
    });
    logger.info({ mode: config.slack.mode }, "Slack app started");
  }
  if (config.discord) {
    const { startDiscord } = await import("./adapters/discord/index.ts");
    const { discordPoster } = await import("./adapters/discord/poster.ts");
    const discord = await startDiscord(config.discord, services);
    stops.push(() => discord.stop());
    posters.discord = discordPoster(discord.client);
    logger.info({}, "Discord bot started");
  }
  // After the adapters: scheduled posts go out through them. Stopped first, for the same reason.
  const { startScheduler, StandbyScheduler } = await import("./adapters/schedule/index.ts");
  const scheduler = await startScheduler(config, services, posters);
  if (scheduler) {
    stops.unshift(() => scheduler.stop());
    if (!(scheduler instanceof StandbyScheduler)) logger.info({ kind: scheduler.kind }, "scheduler started");
  }
  return {
    async stop() {
      for (const stop of stops) await stop().catch((err) => logger.warn({ err }, "stop failed"));
      await services.close();
    },
  };
}
