/**
 * One slash command, after it has been acknowledged: drop repeats, dispatch through the core,
 * keep the user informed while it runs, then post the answer where it belongs. Whatever happens,
 * the person who asked gets something: the answer, or privately the reason and the answer.
 */
import type { webApi } from "@slack/bolt";
import { withActions } from "../../core/actions.ts";
import { dispatch, findCommand, type Services } from "../../core/dispatch.ts";
import { errorMessage } from "../../core/errors.ts";
import type { Logger } from "../../core/ports.ts";
import type { Reply } from "../../core/reply.ts";
import { renderReply } from "./blocks.ts";
import { rememberChartFiles } from "./buttons.ts";
import { type ManagerCheck, managesChannel } from "./channel-manager.ts";
import type { DeliveryGuard } from "./dedup.ts";
import { InterimNote, type Respond, ResponseChannel } from "./interim.ts";
import { postReply } from "./post.ts";

export interface SlashInvocation {
  /** Registry name, without the slash. */
  name: string;
  text: string;
  userId: string;
  channelId: string;
  teamId?: string;
  /** Unique per invocation: the key that spots a redelivery. */
  triggerId?: string;
  responseUrl?: string;
  threadTs?: string;
  retryNum?: number;
}

export interface HandlerDeps {
  services: Services;
  guard: DeliveryGuard;
  logger: Logger;
  /** Show "Working on it…" when the answer takes longer than this. */
  slowAfterMs: number;
  /** Least time between two progress updates of that note. */
  progressIntervalMs?: number;
  /** Admin-only commands: the channel's creator counts as a manager (default true). */
  allowChannelCreator?: boolean;
  /** Told when a command changed the workspace's subscriptions or alerts (the App Home shows them). */
  changed?: (teamId: string | undefined, client: webApi.WebClient, botUserId?: string) => void;
  /** Whether the app receives channel messages (SLACK_CASHTAGS), for /settings to say so. */
  readsMessages?: boolean;
}

export interface SlackIO {
  respond: Respond;
  client: webApi.WebClient;
  botUserId?: string;
}

/**
 * Called right after the ack: starts the "Working on it…" clock (from the ack, so time spent
 * waiting in the queue counts) and returns the job that answers the command.
 */
export function acceptCommand(
  deps: HandlerDeps,
  inv: SlashInvocation,
  io: SlackIO,
  job?: QueuedJob,
): () => Promise<void> {
  const log = deps.logger.child({
    command: inv.name,
    team: inv.teamId,
    channel: inv.channelId,
    ...(inv.retryNum ? { retry: inv.retryNum } : {}),
  });
  const channel = new ResponseChannel(io.respond, log);
  const interim = new InterimNote(
    channel,
    `/${inv.name}`,
    deps.progressIntervalMs !== undefined ? { intervalMs: deps.progressIntervalMs } : {},
  );
  const timer = setTimeout(() => interim.show(), deps.slowAfterMs);
  return async () => {
    try {
      const key = inv.triggerId ?? inv.responseUrl;
      // A queued job is deduplicated by its id and its claim instead: a job re-run after its
      // replica died must not be taken for a repeat.
      if (!job && key !== undefined && !(await deps.guard.first(key))) {
        log.info({}, "repeated delivery ignored");
        return;
      }
      const command = findCommand(deps.services.commands, inv.name);
      if (command?.slow) interim.show();
      // Only admin-only commands (and /subscriptions all) pay for the lookups (users:read, channels:read).
      const isAdmin =
        command?.admin || command?.manages?.(inv.text)
          ? await managesChannel(io.client, managerCheck(deps, inv), log)
          : command?.name === "subscriptions" && /\ball\b/i.test(inv.text)
            ? await managesChannel(io.client, { ...managerCheck(deps, inv), allowCreator: false }, log)
            : undefined;
      let reply: Reply;
      try {
        reply = await dispatch(inv.name, inv.text, {
          ...deps.services,
          ...(deps.readsMessages !== undefined ? { readsMessages: deps.readsMessages } : {}),
          requester: {
            platform: "slack",
            userId: inv.userId,
            channelId: inv.channelId,
            ...(inv.teamId ? { workspaceId: inv.teamId } : {}),
            ...(isAdmin !== undefined ? { isAdmin } : {}),
          },
          progress: (p) => interim.progress(p),
        });
      } finally {
        clearTimeout(timer);
        await interim.close();
      }
      // Buttons (period, index, Refresh, CSV) go on public answers only.
      reply = withActions(reply, command, inv.text, deps.services.clock.now());
      if (job && !(await job.claim())) {
        log.info({}, "answer already posted by another run; not posted again");
        return;
      }
      await deliver(reply, inv, io, channel, interim.shown, log, deps.services);
      if (reply.kind === "answer" && (command?.admin || command?.manages?.(inv.text)))
        deps.changed?.(inv.teamId, io.client, io.botUserId);
    } catch (err) {
      // dispatch never throws; this is a bug in delivery. The user still hears about it.
      log.error({ err: errorMessage(err) }, "slash command failed");
      if (job && !(await job.claim())) return;
      await channel.send({
        response_type: "ephemeral",
        text: "Something went wrong on our side while answering that. It has been logged; please try again shortly.",
      });
    } finally {
      clearTimeout(timer);
      await interim.close();
    }
  };
}

/** A command answered from the shared job queue. */
export interface QueuedJob {
  /** True once: the answer may be posted (called right before posting). */
  claim(): Promise<boolean>;
}

function managerCheck(deps: HandlerDeps, inv: SlashInvocation): ManagerCheck {
  return { userId: inv.userId, channelId: inv.channelId, allowCreator: deps.allowChannelCreator ?? true };
}

/** Accepts and answers at once (for callers without a queue). */
export function answerCommand(deps: HandlerDeps, inv: SlashInvocation, io: SlackIO): Promise<void> {
  return acceptCommand(deps, inv, io)();
}

async function deliver(
  reply: Reply,
  inv: SlashInvocation,
  io: SlackIO,
  channel: ResponseChannel,
  interimShown: boolean,
  log: Logger,
  services: Services,
): Promise<void> {
  const privately = (lead?: string) => {
    // A private copy has no buttons: a press could not update it for everyone.
    const { actions: _buttons, ...alone } = reply;
    const message = renderReply(alone, lead ? { lead } : {});
    return channel.send({
      response_type: "ephemeral",
      ...(interimShown ? { replace_original: true } : {}),
      text: message.text,
      ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
    });
  };
  if (reply.visibility === "private") {
    await privately();
    return;
  }
  const target = { channel: inv.channelId, ...(inv.threadTs ? { threadTs: inv.threadTs } : {}) };
  const result = await postReply(io.client, target, reply, {
    logger: log,
    ...(io.botUserId ? { botUserId: io.botUserId } : {}),
  });
  if (!result.ok) {
    log.info({ code: result.failure.code }, "answered privately instead");
    await privately(
      `*I couldn't post this in the channel.* ${result.failure.advice}\nHere is the answer, just for you:`,
    );
    return;
  }
  log.debug({ ts: result.ts, files: result.files.length }, "posted");
  // A button press replaces these charts with its own.
  await rememberChartFiles(services, inv.channelId, result.ts, result.files).catch((err: unknown) =>
    log.warn({ err: errorMessage(err) }, "chart file ids not saved"),
  );
  if (result.chartFailure) {
    await channel.send({
      response_type: "ephemeral",
      ...(interimShown ? { replace_original: true } : {}),
      text: `The answer is posted, but its chart could not be shared. ${result.chartFailure.advice}`,
    });
  } else if (interimShown) {
    // The answer is in the channel: the private "Working on it…" note has done its job.
    await channel.send({ delete_original: true });
  }
}
