/**
 * The Discord bot: a discord.js client on the gateway (Guilds intent only: slash commands need no
 * message content), answering interactions through the core dispatcher. With
 * DISCORD_MESSAGE_CONTENT=true it also asks for GuildMessages and the privileged Message Content
 * intent, to answer cashtags (cashtags.ts). Reconnecting and resuming are discord.js's job; we log
 * them and keep serving.
 */
import { Client, Events, GatewayIntentBits, RESTEvents } from "discord.js";
import type { DiscordConfig } from "../../config.ts";
import type { Services } from "../../core/dispatch.ts";
import type { Logger } from "../../core/ports.ts";
import { listenForCashtags } from "./cashtags.ts";
import { CommandQueue } from "../handoff/command-queue.ts";
import { createInteractionHandler, NO_MENTIONS } from "./interactions.ts";
import { discordJobAnswerer } from "./job.ts";
import { describeError } from "./safe-error.ts";
import { checkGateway, shardOptions, trackShards } from "./shards.ts";

export { postReplyToChannel } from "./channel-post.ts";
export { CHANNEL_POST_PERMISSIONS, commandPayloads, inviteUrl } from "./registration.ts";

/** The gateway's close code for a privileged intent the Developer Portal has not enabled. */
const DISALLOWED_INTENTS = 4014;

/** Queued interactions answered at once by one replica. */
const JOB_CONCURRENCY = 8;

export interface DiscordBot {
  client: Client;
  /** Resolves when every interaction received so far has been answered. */
  idle(): Promise<void>;
  /** Closes the gateway connection (no new interactions); REST stays up for answers under way. */
  stopIntake(): Promise<void>;
  /** Stops intake, waits up to `waitMs` (default 10 s) for answers under way, then closes. */
  stop(waitMs?: number): Promise<void>;
}

export interface DiscordOptions {
  /** Least time between two progress edits of a deferred reply (default 1.5 s). */
  progressIntervalMs?: number;
  /** How long to wait for the next shard's READY before giving up (default 60 s). */
  readyTimeoutMs?: number;
  /**
   * The shared Redis (REDIS_URL): deferred commands become jobs any replica may answer through
   * the interaction's webhook. `work: false` queues without answering (a replica that only takes
   * interactions in).
   */
  handoff?: { redisUrl: string; queueName?: string; work?: boolean; concurrency?: number };
}

/** Logs connection trouble with the shard id and close code; never the token. */
function watch(client: Client, log: Logger): void {
  client.on(Events.ShardReady, (shard) => log.info({ shard }, "gateway ready"));
  client.on(Events.ShardDisconnect, (event, shard) =>
    log.warn({ shard, code: event.code }, "gateway disconnected and will not reconnect"),
  );
  client.on(Events.ShardReconnecting, (shard) =>
    log.warn({ shard }, "gateway connection lost; reconnecting"),
  );
  client.on(Events.ShardResume, (shard, replayed) =>
    log.info({ shard, replayed }, "gateway session resumed"),
  );
  client.on(Events.ShardError, (err, shard) =>
    log.error({ shard, err: describeError(err) }, "gateway error"),
  );
  client.on(Events.Error, (err) => log.error({ err: describeError(err) }, "discord client error"));
  client.on(Events.Warn, (message) => log.warn({ message }, "discord client warning"));
  // Route is the bucket pattern (":id"), safe to log; the full URL may hold an interaction token.
  client.rest.on(RESTEvents.RateLimited, (info) =>
    log.warn(
      { route: info.route, method: info.method, retryAfterMs: info.retryAfter, global: info.global },
      "rate limited",
    ),
  );
}

/** Starts the bot and resolves once every shard it runs says READY. */
export async function startDiscord(
  config: DiscordConfig,
  services: Services,
  options: DiscordOptions = {},
): Promise<DiscordBot> {
  const log = services.logger.child({ adapter: "discord" });
  const readsMessages = config.messageContent === true;
  const client = new Client({
    intents: [
      GatewayIntentBits.Guilds,
      ...(readsMessages ? [GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent] : []),
    ],
    ...shardOptions(config.shards),
    allowedMentions: NO_MENTIONS,
    rest: {
      api: config.apiUrl,
      // Global fetch, not discord.js's bundled undici: Slack's socket mode swaps the global undici
      // dispatcher, which breaks discord.js uploads when both run in one process.
      makeRequest: fetch as never,
      retries: 1,
      timeout: 15_000,
    },
  });
  watch(client, log);
  const handoff = options.handoff
    ? new CommandQueue({
        redisUrl: options.handoff.redisUrl,
        platform: "discord",
        store: services.store,
        logger: log,
        ...(services.metrics ? { metrics: services.metrics } : {}),
        concurrency: options.handoff.concurrency ?? JOB_CONCURRENCY,
        ...(options.handoff.queueName ? { queueName: options.handoff.queueName } : {}),
        ...(options.handoff.work === false ? { work: false } : {}),
      })
    : undefined;
  if (handoff) {
    try {
      await handoff.start(
        discordJobAnswerer({
          services,
          logger: log,
          apiUrl: config.apiUrl,
          progressIntervalMs: options.progressIntervalMs ?? 1500,
        }),
      );
    } catch (err) {
      await handoff.close();
      throw new Error(`the command queue on Redis could not start: ${describeError(err)}`);
    }
  }
  const handler = createInteractionHandler({
    services,
    // /settings says when cashtags cannot be answered for want of the intent.
    readsMessages,
    logger: log,
    ...(options.progressIntervalMs !== undefined ? { progressIntervalMs: options.progressIntervalMs } : {}),
    ...(handoff
      ? { handoff: (job) => handoff.enqueue(job), claimInProcess: (id) => handoff.claimer(id)() }
      : {}),
  });
  // Answers under way, so shutdown can let them finish.
  const inFlight = new Set<Promise<void>>();
  const track = (answer: Promise<void>) => {
    inFlight.add(answer);
    void answer.finally(() => inFlight.delete(answer));
  };
  client.on(Events.InteractionCreate, (interaction) => track(handler(interaction).catch(() => {})));
  if (readsMessages) listenForCashtags(client, services, log, track);
  const metrics = services.metrics;
  let intakeStopped = false;
  // Up only while every shard is: one shard down leaves its guilds unanswered.
  const shards = trackShards(client, ({ shard, up, all }) => {
    if (intakeStopped) return;
    metrics?.connection({ platform: "discord", shard, connected: up });
    metrics?.connection({ platform: "discord", connected: all });
  });

  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  // Shards identify a few at a time (max_concurrency, 5 s apart): the deadline is for the next one.
  let arm = () => {};
  try {
    client.rest.setToken(config.token);
    await checkGateway(client, config.shards, log);
    const ready = new Promise<void>((resolve, reject) => {
      arm = () => {
        clearTimeout(timer);
        timer = setTimeout(
          () => reject(new Error(`Discord gateway: no shard became ready within ${readyTimeoutMs} ms`)),
          readyTimeoutMs,
        );
      };
      client.once(Events.ClientReady, () => resolve());
      client.on(Events.ShardReady, arm);
      client.on(Events.ShardDisconnect, (event) => {
        if (event.code === DISALLOWED_INTENTS)
          reject(
            new Error(
              "Discord refused the Message Content intent (close code 4014): enable it in the Developer Portal (Bot > Privileged Gateway Intents > Message Content Intent), or unset DISCORD_MESSAGE_CONTENT",
            ),
          );
      });
      arm();
    });
    await Promise.all([ready, client.login(config.token)]);
  } catch (err) {
    await handoff?.close();
    await client.destroy();
    log.error({ err: describeError(err) }, "discord login failed");
    throw err;
  } finally {
    client.off(Events.ShardReady, arm);
    clearTimeout(timer);
  }
  log.info(
    { user: client.user?.tag, applicationId: config.applicationId, shards: shards.ids() },
    "discord bot ready",
  );

  const idle = async () => {
    while (inFlight.size > 0) await Promise.all(inFlight);
    // Shutting down: the worker takes no new jobs (other replicas will) and finishes its own.
    if (intakeStopped) await handoff?.drain();
  };
  const stopIntake = async () => {
    if (intakeStopped) return;
    intakeStopped = true;
    metrics?.connection({ platform: "discord", connected: false });
    for (const shard of shards.ids()) metrics?.connection({ platform: "discord", shard, connected: false });
    // The gateway only: client.destroy() would also drop the token REST answers need. The
    // manager's destroy() is what client.destroy() calls first; typed private, public at run time.
    await (client.ws as unknown as { destroy(): Promise<void> }).destroy();
    log.info({}, "discord gateway closed");
  };
  return {
    client,
    idle,
    stopIntake,
    async stop(waitMs = 10_000) {
      await stopIntake();
      await Promise.race([idle(), new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
      // Jobs still running are left to the other replicas (their locks lapse).
      await handoff?.close();
      await client.destroy();
      log.info({}, "discord bot stopped");
    },
  };
}
