/**
 * The Slack app: a Bolt App in Socket Mode (default, no public URL) or HTTP mode (Bolt's
 * HTTPReceiver, http-receiver.ts), with one listener for every registry command. Every command is
 * acknowledged before any work, then answered by answerCommand.
 */

import type { EventEmitter } from "node:events";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { App, type AppOptions, type CodedError, ErrorCode, LogLevel, webApi } from "@slack/bolt";
import type { SlackConfig } from "../../config.ts";
import type { Services } from "../../core/dispatch.ts";
import { errorMessage } from "../../core/errors.ts";
import { AppHome } from "./app-home.ts";
import { ACTION_PREFIX } from "./blocks.ts";
import { BoltLogger } from "./bolt-logger.ts";
import { answerPress } from "./buttons.ts";
import { slackCommandNames } from "./command-names.ts";
import { DeliveryGuard } from "./dedup.ts";
import { acceptCommand, type HandlerDeps } from "./handler.ts";
import { CommandQueue } from "../handoff/command-queue.ts";
import { httpReceiver } from "./http-receiver.ts";
import { listenForCashtags } from "./cashtags.ts";
import { registerMessages } from "./mentions.ts";
import { StoreInstallationStore } from "./installation-store.ts";
import { slackJob, slackJobAnswerer } from "./job.ts";
import { botScopes } from "./manifest.ts";
import { slackError, startFailure } from "./start-errors.ts";
import { WorkQueue } from "./work-queue.ts";

export { renderReply } from "./blocks.ts";
export { type PostResult, type PostTarget, postReply } from "./post.ts";

/** Enough to overlap slow market-data calls; few enough that a burst cannot starve the acks. */
const DEFAULT_CONCURRENCY = 8;
/** HTTP mode: answers start once no request has arrived for this long (ms). */
const QUIET_MS = 2;
/**
 * Socket Mode reconnects: retry apps.connections.open for as long as Slack is unreachable (network
 * errors, 5xx), every 0.5 s at first and then at most every 30 s. Refusals (a revoked token) stop it.
 */
const RECONNECT_RETRY = { forever: true, factor: 1.5, minTimeout: 500, maxTimeout: 30_000 };

export interface SlackOptions {
  /** Show "Working on it…" after this long (ms); default 1,500. */
  slowAfterMs?: number;
  /** Least time between two progress updates of that note (ms); default 3,000. */
  progressIntervalMs?: number;
  /** Answers worked on at once; more wait their turn (acks never wait). Default 8. */
  concurrency?: number;
  /** Web API retries on network errors and 5xx; default 2 (Bolt's own default retries for ~30 min). */
  retries?: number;
  /** Admin-only commands: the channel's creator counts as a manager (default true). */
  allowChannelCreator?: boolean;
  /**
   * The shared Redis (REDIS_URL): acknowledged commands become jobs any replica may answer, so
   * none is lost with the replica that acknowledged it.
   */
  handoff?: { redisUrl: string; queueName?: string };
}

export interface RunningSlack {
  app: App;
  /** The HTTP port actually bound (HTTP mode, and port 0 gives a free one). */
  port?: number;
  /** Resolves when every command received so far has been answered. */
  idle(): Promise<void>;
  /**
   * Takes no new work: HTTP mode answers 503 to every request from now on (Slack retries events
   * elsewhere), Socket Mode closes its connection. Answers under way keep going (idle()).
   */
  stopIntake(): Promise<void>;
  /**
   * A Web API client for posting into a workspace outside a command (e.g. the morning brief, with
   * postReply): the bot token's client, or with OAuth the workspace's installed bot token.
   */
  clientFor(teamId?: string): Promise<webApi.WebClient>;
  /** Stops intake, waits up to `waitMs` (default 10 s) for answers under way, then closes. */
  stop(waitMs?: number): Promise<void>;
}

export async function startSlack(
  config: SlackConfig,
  services: Services,
  options: SlackOptions = {},
): Promise<RunningSlack> {
  const logger = services.logger.child({ component: "slack" });
  const app = new App(appOptions(config, services, options, new BoltLogger(logger, LogLevel.INFO)));
  // HTTP requests not yet answered with their ack (HTTP mode): answers wait while there are any,
  // and until requests have stopped arriving for a moment (between two requests of a burst, every
  // ack can be out while the next request is still on its way).
  let pendingAcks = 0;
  let lastRequestAt = Number.NEGATIVE_INFINITY;
  const queue = new WorkQueue({
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    busy: () => pendingAcks > 0 || performance.now() - lastRequestAt < QUIET_MS,
  });
  const home = new AppHome(services, logger, queue);
  const deps: HandlerDeps = {
    services,
    // /settings says when cashtags cannot be answered: the app is not subscribed to channel messages.
    readsMessages: config.cashtags === true,
    guard: new DeliveryGuard(services.store, logger),
    logger,
    slowAfterMs: options.slowAfterMs ?? 1500,
    ...(options.progressIntervalMs !== undefined ? { progressIntervalMs: options.progressIntervalMs } : {}),
    ...(options.allowChannelCreator !== undefined
      ? { allowChannelCreator: options.allowChannelCreator }
      : {}),
    // The App Home lists subscriptions and alerts: redrawn for recent viewers when they change.
    changed: (teamId, client, botUserId) => home.changed(teamId, client, botUserId),
  };

  const installations = config.oauth ? new StoreInstallationStore(services.store) : undefined;
  const clientFor = async (teamId?: string): Promise<webApi.WebClient> => {
    if (!installations) return app.client;
    if (!teamId) throw new Error("clientFor needs a team id when the app is installed through OAuth");
    const found = await installations.fetchInstallation({
      teamId,
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    if (!found.bot?.token) throw new Error(`the installation for ${teamId} has no bot token`);
    return new webApi.WebClient(found.bot.token, app.webClientOptions);
  };
  const handoff = options.handoff
    ? new CommandQueue({
        redisUrl: options.handoff.redisUrl,
        platform: "slack",
        store: services.store,
        logger,
        ...(services.metrics ? { metrics: services.metrics } : {}),
        concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
        ...(options.handoff.queueName ? { queueName: options.handoff.queueName } : {}),
      })
    : undefined;

  // One listener for every registry command: Bolt runs every listener's matching middleware on
  // every request before its ack, so one chain instead of one per command.
  const byName = new Map(
    services.commands.flatMap((c) => slackCommandNames(c.name).map((n) => [n, c] as const)),
  );
  app.command(/^\//, async ({ ack, command: payload, respond, client, context }) => {
    const command = byName.get(payload.command);
    // Not ours (no ack): Bolt answers 404 after 3 s, as when no listener matched.
    if (!command) return;
    const threadTs = (payload as { thread_ts?: unknown }).thread_ts;
    const inv = {
      name: command.name,
      text: payload.text ?? "",
      userId: payload.user_id,
      channelId: payload.channel_id,
      teamId: payload.team_id,
      triggerId: payload.trigger_id,
      responseUrl: payload.response_url,
      ...(typeof threadTs === "string" ? { threadTs } : {}),
      ...(context.retryNum ? { retryNum: context.retryNum } : {}),
    };
    // With Redis the command is queued before the ack (within a second), so once Slack hears
    // "acknowledged" the command outlives this process; a redelivery maps to the same job.
    const queued = handoff ? await handoff.enqueue(slackJob(inv, context.botUserId, Date.now())) : false;
    // Slack allows 3 seconds: acknowledge before any work, answer afterwards.
    await ack();
    if (queued) return;
    // Not queued in time: answered here, under the same "answered" marker, in case the queue
    // took it after all and another replica answers it too.
    const claim = handoff?.claimer(slackJob(inv, undefined, 0).commandId);
    queue.push(
      acceptCommand(
        deps,
        inv,
        { respond, client, ...(context.botUserId ? { botUserId: context.botUserId } : {}) },
        claim ? { claim } : undefined,
      ),
    );
  });
  // "@rotation-bot rotation ytd" in a channel or thread, and direct messages to the bot.
  registerMessages(app, deps, queue);
  // "$IWM" in channels whose managers turned cashtags on (SLACK_CASHTAGS: message events subscribed).
  if (config.cashtags) listenForCashtags(app, deps, queue);
  home.register(app);
  // Our buttons: acknowledge first (3 s), then recompute in the queue like a command.
  app.action(
    { type: "block_actions", action_id: new RegExp(`^${ACTION_PREFIX}`) },
    async ({ ack, body, action, respond, client, context }) => {
      await ack();
      const value = (action as { value?: unknown }).value;
      if (typeof value !== "string") return;
      const message = (body as { message?: { ts?: unknown; thread_ts?: unknown } }).message;
      queue.push(() =>
        answerPress(
          { services, logger, ...(context.botUserId ? { botUserId: context.botUserId } : {}) },
          {
            value,
            userId: body.user.id,
            ...(body.team?.id ? { teamId: body.team.id } : {}),
            ...(body.channel?.id ? { channelId: body.channel.id } : {}),
            ...(typeof message?.ts === "string" ? { messageTs: message.ts } : {}),
            ...(typeof message?.thread_ts === "string" ? { threadTs: message.thread_ts } : {}),
          },
          { client, respond },
        ),
      );
    },
  );
  app.error(async ({ error, body }: { error: CodedError; body: unknown }) => {
    const b = body as { team_id?: unknown; response_url?: unknown } | undefined;
    if (error.code === ErrorCode.AuthorizationError) {
      // OAuth mode and no installation for this workspace: say so instead of staying silent.
      logger.warn({ team: b?.team_id }, "command from a workspace with no installation");
      if (typeof b?.response_url === "string") notInstalled(b.response_url);
      return;
    }
    logger.error({ err: errorMessage(error), code: error.code }, "Slack app error");
  });

  try {
    // Checks the bot token with auth.test (single workspace) before any command arrives.
    await app.init();
  } catch (err) {
    throw new Error(startFailure(err, config.apiUrl));
  }
  try {
    await handoff?.start(slackJobAnswerer(deps, clientFor));
  } catch (err) {
    await handoff?.close();
    throw new Error(`the command queue on Redis could not start: ${errorMessage(err)}`);
  }
  const metrics = services.metrics;
  let port: number | undefined;
  let closing = false;
  let intakeStopped = false;
  try {
    if (config.mode === "http") {
      // SLACK_HOST narrows the listening address (e.g. 127.0.0.1 behind a local proxy).
      const server = (await app.start(
        config.host ? { port: config.port, host: config.host } : config.port,
      )) as Server;
      port = (server.address() as AddressInfo).port;
      server.prependListener("request", (_req, res) => {
        pendingAcks++;
        lastRequestAt = performance.now();
        res.once("close", () => pendingAcks--);
      });
      refuseWhen(server, () => closing);
      metrics?.connection({ platform: "slack", connected: true });
    } else {
      watchSocket(app, (connected) => {
        if (!intakeStopped) metrics?.connection({ platform: "slack", connected });
      });
      await app.start();
      metrics?.connection({ platform: "slack", connected: true });
    }
  } catch (err) {
    const what =
      config.mode === "socket" ? "open the Socket Mode connection (check SLACK_APP_TOKEN)" : "listen";
    throw new Error(`Slack app could not ${what}: ${slackError(err)}`);
  }
  logger.info({ mode: config.mode, port, commands: services.commands.length }, "Slack app ready");

  // Shutting down: the worker takes no new jobs (other replicas will) and finishes its own.
  const idle = async () => {
    await Promise.all([queue.idle(), intakeStopped ? handoff?.drain() : undefined]);
  };
  const stopIntake = async () => {
    if (intakeStopped) return;
    intakeStopped = true;
    metrics?.connection({ platform: "slack", connected: false });
    if (config.mode === "http") closing = true;
    else await app.stop();
  };
  return {
    app,
    ...(port !== undefined ? { port } : {}),
    idle,
    clientFor,
    stopIntake,
    async stop(waitMs = 10_000) {
      await stopIntake();
      // Let answers already under way finish (bounded), so none is cut off mid-post.
      await Promise.race([idle(), new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
      // Jobs still running are left to the other replicas (their locks lapse).
      await handoff?.close();
      if (config.mode === "http") await app.stop();
    },
  };
}

function appOptions(
  config: SlackConfig,
  services: Services,
  options: SlackOptions,
  logger: BoltLogger,
): AppOptions {
  const clientOptions = {
    slackApiUrl: config.apiUrl,
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 2000 },
    timeout: 15_000,
  };
  const base: AppOptions = {
    logger,
    clientOptions,
    // Bolt's conversation store is unused and would cost a lookup on every event.
    convoStore: false,
    // app.init() runs auth.test where its failure can be reported clearly.
    deferInitialization: true,
    // The error handler gets the request body (to answer an unauthorized command).
    extendedErrorHandler: true,
  };
  const oauth = config.oauth
    ? {
        clientId: config.oauth.clientId,
        clientSecret: config.oauth.clientSecret,
        stateSecret: config.oauth.stateSecret,
        scopes: botScopes(services.commands, {
          dedupHistory: config.dedupHistory === true,
          cashtags: config.cashtags === true,
        }),
        installationStore: new StoreInstallationStore(services.store),
      }
    : undefined;
  const token = !oauth && config.botToken ? { token: config.botToken } : {};
  if (config.mode === "socket") {
    return {
      ...base,
      socketMode: true,
      ...(config.appToken ? { appToken: config.appToken } : {}),
      // Bolt hands these client options to the Socket Mode client too. Its reconnect gives up
      // for good (an unhandled rejection, the app deaf until restarted) once apps.connections.open
      // has failed through its retries, so that one call keeps retrying while Slack is unreachable.
      installerOptions: {
        clientOptions: { ...clientOptions, retryConfig: RECONNECT_RETRY },
        // In Socket Mode, Bolt serves the install pages itself on this port.
        ...(oauth ? { directInstall: true, port: config.port } : {}),
      },
      ...oauth,
      ...token,
    };
  }
  // HTTP mode: Bolt's HTTPReceiver, with our health route and, with OAuth, its install pages.
  const receiver = httpReceiver({
    signingSecret: config.signingSecret ?? "",
    port: config.port,
    logger,
    ...(oauth
      ? {
          // What Bolt gives the installer when it builds its own receiver.
          oauth: { ...oauth, installerOptions: { clientOptions, directInstall: true } },
        }
      : {}),
  });
  return { ...base, receiver, ...token };
}

/**
 * Once `closing()` says so, every request gets a 503 before any receiver sees it: Slack retries an
 * event elsewhere, a load balancer takes the replica out. Works whichever receiver serves the port.
 */
function refuseWhen(server: Server, closing: () => boolean): void {
  const listeners = server.listeners("request") as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (closing()) {
      res.writeHead(503, { "content-type": "text/plain", "retry-after": "5", connection: "close" });
      res.end("shutting down\n");
      return;
    }
    for (const listener of listeners) listener.call(server, req, res);
  });
}

/** Socket Mode: the connection's state as Bolt's Socket Mode client reports it. */
function watchSocket(app: App, onChange: (connected: boolean) => void): void {
  const client = (app as unknown as { receiver?: { client?: EventEmitter } }).receiver?.client;
  client?.on("connected", () => onChange(true));
  client?.on("disconnected", () => onChange(false));
  client?.on("reconnecting", () => onChange(false));
}

/** Fire and forget: Bolt acknowledges the command only after its error handler returns. */
function notInstalled(responseUrl: string): void {
  void fetch(responseUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      response_type: "ephemeral",
      text: "rotation-bot is not installed in this workspace any more (its installation record is missing). Ask a workspace admin to install it again.",
    }),
  }).catch(() => {});
}
