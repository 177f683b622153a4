/**
 * Starts every chat adapter that has tokens, in one process, over one set of services, then the
 * scheduler and (METRICS_PORT) the metrics and health port; stops them in the order that loses
 * no work (shutdown.ts).
 */

import { readiness } from "./adapters/metrics/readiness.ts";
import { commands } from "./commands/index.ts";
import { buildServices } from "./compose.ts";
import type { Config } from "./config.ts";
import type { Clock, Logger } from "./core/ports.ts";
import type { Posters } from "./core/schedule/poster.ts";
import { type ChatAdapter, shutDown } from "./shutdown.ts";

export interface Running {
  /**
   * Stops taking new work (/ready first), lets answers under way finish within SHUTDOWN_GRACE_MS
   * and the scheduler finish the posts it holds, then closes every connection and the store.
   */
  stop(): Promise<void>;
  /** The metrics and health port actually bound, when METRICS_PORT is set. */
  metricsPort?: number;
}

/** `overrides.clock` lets tests run the whole bot at a chosen moment; `npm start` uses the system clock. */
export async function startChat(
  config: Config,
  logger: Logger,
  overrides: { clock?: Clock } = {},
): Promise<Running> {
  const { metricsPort, metricsHost } = config.ops;
  // prom-client only when metrics are asked for; everything else reports into the port.
  const prometheus =
    metricsPort !== undefined
      ? new (await import("./adapters/metrics/prometheus.ts")).PrometheusMetrics(commands.map((c) => c.name))
      : undefined;
  const services = await buildServices(config, logger, {
    ...overrides,
    ...(prometheus ? { metrics: prometheus } : {}),
  });
  const adapters: ChatAdapter[] = [];
  const posters: Posters = {};
  let draining = false;
  const ops =
    prometheus && metricsPort !== undefined
      ? await (await import("./adapters/metrics/server.ts")).startOpsServer({
          host: metricsHost,
          port: metricsPort,
          metrics: prometheus,
          logger: logger.child({ component: "ops" }),
          readiness: readiness({
            store: services.store,
            // Configured, not started: a replica still connecting is not ready either.
            platforms: () => [...(config.slack ? ["slack"] : []), ...(config.discord ? ["discord"] : [])],
            connections: () => prometheus.connections(),
            shards: () => prometheus.shards(),
            stopping: () => draining,
          }),
        })
      : undefined;
  try {
    if (config.slack) {
      const { startSlack } = await import("./adapters/slack/index.ts");
      const { slackPoster } = await import("./adapters/slack/poster.ts");
      const slack = await startSlack(config.slack, services, {
        allowChannelCreator: config.schedule.allowChannelCreator,
        // Several replicas on one Redis: any of them answers a command another acknowledged.
        ...(config.redisUrl ? { handoff: { redisUrl: config.redisUrl } } : {}),
      });
      adapters.push({ platform: "slack", ...bind(slack) });
      posters.slack = slackPoster((team) => slack.clientFor(team), {
        logger: logger.child({ poster: "slack" }),
        dedupHistory: config.slack.dedupHistory === true,
      });
      logger.info({ mode: config.slack.mode }, "Slack app started");
    }
    if (config.discord) {
      const { startDiscord } = await import("./adapters/discord/index.ts");
      const { discordPoster } = await import("./adapters/discord/poster.ts");
      const discord = await startDiscord(
        config.discord,
        services,
        config.redisUrl ? { handoff: { redisUrl: config.redisUrl } } : {},
      );
      adapters.push({ platform: "discord", ...bind(discord) });
      posters.discord = discordPoster(discord.client);
      logger.info({}, "Discord bot started");
    }
  } catch (err) {
    for (const a of adapters) await a.stop().catch(() => {});
    await ops?.close();
    await services.close();
    throw err;
  }
  // After the adapters: scheduled posts go out through them.
  const { startScheduler, StandbyScheduler } = await import("./adapters/schedule/index.ts");
  const scheduler = await startScheduler(config, services, posters);
  if (services.status)
    services.status.scheduler = !scheduler
      ? "off"
      : scheduler instanceof StandbyScheduler
        ? "standby"
        : scheduler.kind;
  if (scheduler && !(scheduler instanceof StandbyScheduler))
    logger.info({ kind: scheduler.kind }, "scheduler started");
  let stopping: Promise<void> | undefined;
  return {
    ...(ops ? { metricsPort: ops.port } : {}),
    stop() {
      stopping ??= shutDown({
        drainMs: config.ops.shutdownDrainMs,
        graceMs: config.ops.shutdownGraceMs,
        logger,
        notReady: () => {
          draining = true;
        },
        adapters,
        ...(scheduler ? { scheduler } : {}),
        services,
        ...(ops ? { ops } : {}),
      });
      return stopping;
    },
  };
}

function bind(a: Omit<ChatAdapter, "platform">) {
  return { idle: () => a.idle(), stopIntake: () => a.stopIntake(), stop: (ms?: number) => a.stop(ms) };
}
