/** Starts every chat adapter that has tokens, in one process, over one set of services. */
import type { Config } from "./config.ts";
import type { Logger } from "./core/ports.ts";
import { buildServices } from "./compose.ts";

export interface Running {
  stop(): Promise<void>;
}

export async function startChat(config: Config, logger: Logger): Promise<Running> {
  const services = await buildServices(config, logger);
  const stops: (() => Promise<void>)[] = [];
  if (config.slack) {
    const { startSlack } = await import("./adapters/slack/index.ts");
    const slack = await startSlack(config.slack, services);
    stops.push(() => slack.stop());
    logger.info({ mode: config.slack.mode }, "Slack app started");
  }
  if (config.discord) {
    const { startDiscord } = await import("./adapters/discord/index.ts");
    const discord = await startDiscord(config.discord, services);
    stops.push(() => discord.stop());
    logger.info({}, "Discord bot started");
  }
  return {
    async stop() {
      for (const stop of stops) await stop().catch((err) => logger.warn({ err }, "stop failed"));
      await services.close();
    },
  };
}
