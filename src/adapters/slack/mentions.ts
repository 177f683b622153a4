/**
 * Commands typed as messages: "@rotation-bot rotation ytd" in a channel or a thread (app_mention),
 * answered in that thread, and "rotation ytd" in a direct message to the bot (message.im), answered
 * in the DM. Same grammar and the same dispatch as the slash commands. Bots, the bot itself, edits,
 * deletions and other message subtypes are ignored; each message is answered once however often
 * Slack delivers it (its event id and its channel and timestamp are claimed in the Store).
 */
import type { App, Context, webApi } from "@slack/bolt";
import { withActions } from "../../core/actions.ts";
import { dispatchText, findCommand, type Services, userErrorReply } from "../../core/dispatch.ts";
import { errorMessage, UserError } from "../../core/errors.ts";
import type { Logger } from "../../core/ports.ts";
import type { Reply } from "../../core/reply.ts";
import { splitCommand } from "../../core/text.ts";
import { fallbackText, renderReply } from "./blocks.ts";
import { rememberChartFiles } from "./buttons.ts";
import { managesChannel } from "./channel-manager.ts";
import type { DeliveryGuard } from "./dedup.ts";
import { slackCommandNames } from "./command-names.ts";
import { commandText } from "./mention-text.ts";
import { postReply } from "./post.ts";
import type { WorkQueue } from "./work-queue.ts";

export interface MessageInvocation {
  /** "mention": app_mention in a channel or thread; "dm": a message in the bot's direct messages. */
  kind: "mention" | "dm";
  /** The message text as Slack encodes it (mentions as <@U…>). */
  text: string;
  userId: string;
  channelId: string;
  teamId?: string;
  /** The message's own timestamp. */
  ts: string;
  /** The thread it was posted in, when it was. */
  threadTs?: string;
  eventId?: string;
  retryNum?: number;
}

export interface MessageDeps {
  services: Services;
  /** Whether the app receives channel messages (SLACK_CASHTAGS), for /settings to say so. */
  readsMessages?: boolean;
  guard: DeliveryGuard;
  logger: Logger;
  /** A private "Working on it…" note when the answer takes longer than this. */
  slowAfterMs: number;
  /** Admin-only commands: the channel's creator counts as a manager (default true). */
  allowChannelCreator?: boolean;
  /** Told when a command changed the workspace's subscriptions or alerts (the App Home shows them). */
  changed?: (teamId: string | undefined, client: webApi.WebClient, botUserId?: string) => void;
}

export interface MessageIO {
  client: webApi.WebClient;
  botUserId?: string;
}

/** The events' fields this module reads (Bolt's types are a union of every message shape). */
interface MessageEvent {
  type?: string;
  subtype?: string;
  text?: string;
  user?: string;
  bot_id?: string;
  channel?: string;
  channel_type?: string;
  ts?: string;
  thread_ts?: string;
  edited?: unknown;
}

interface EventBody {
  team_id?: unknown;
  event_id?: unknown;
}

/** A reply in a thread also sent to the channel is still a person's message. */
const ANSWERED_SUBTYPES = new Set([undefined, "thread_broadcast"]);

/** The message worth answering, or undefined for bots, the bot itself, edits and other subtypes. */
export function invocationOf(
  kind: MessageInvocation["kind"],
  event: MessageEvent,
  body: EventBody,
  context: Pick<Context, "botUserId" | "retryNum">,
): MessageInvocation | undefined {
  if (!ANSWERED_SUBTYPES.has(event.subtype) || event.edited !== undefined) return undefined;
  if (event.bot_id !== undefined) return undefined;
  if (!event.user || event.user === context.botUserId) return undefined;
  if (typeof event.channel !== "string" || typeof event.ts !== "string") return undefined;
  if (kind === "dm" && event.channel_type !== "im") return undefined;
  return {
    kind,
    text: typeof event.text === "string" ? event.text : "",
    userId: event.user,
    channelId: event.channel,
    ts: event.ts,
    ...(typeof event.thread_ts === "string" ? { threadTs: event.thread_ts } : {}),
    ...(typeof body.team_id === "string" ? { teamId: body.team_id } : {}),
    ...(typeof body.event_id === "string" ? { eventId: body.event_id } : {}),
    ...(context.retryNum ? { retryNum: context.retryNum } : {}),
  };
}

/** Listens for mentions and direct messages (both Socket Mode and HTTP: Bolt acks events itself). */
export function registerMessages(app: App, deps: MessageDeps, queue: WorkQueue): void {
  const accept = (
    kind: MessageInvocation["kind"],
    args: { event: unknown; body: unknown; client: webApi.WebClient; context: Context },
  ) => {
    const inv = invocationOf(kind, args.event as MessageEvent, args.body as EventBody, args.context);
    if (!inv) return;
    const { botUserId } = args.context;
    queue.push(acceptMessage(deps, inv, { client: args.client, ...(botUserId ? { botUserId } : {}) }));
  };
  app.event("app_mention", async (args) => accept("mention", args));
  // Every message event the app receives; only direct messages to the bot are answered here.
  app.event("message", async (args) => accept("dm", args));
}

/** The key that answers a message once, whichever event (or copy of one) brought it. */
export function messageKey(inv: Pick<MessageInvocation, "teamId" | "channelId" | "ts">): string {
  return `message:${inv.teamId ?? "-"}:${inv.channelId}:${inv.ts}`;
}

/** Called when the event arrives (already acked by Bolt): returns the job that answers it. */
export function acceptMessage(deps: MessageDeps, inv: MessageInvocation, io: MessageIO): () => Promise<void> {
  const log = deps.logger.child({
    component: "slack-message",
    kind: inv.kind,
    team: inv.teamId,
    channel: inv.channelId,
    ...(inv.retryNum ? { retry: inv.retryNum } : {}),
  });
  const started = deps.services.clock.now();
  return async () => {
    let timer: NodeJS.Timeout | undefined;
    try {
      if (
        (inv.eventId !== undefined && !(await deps.guard.first(`event:${inv.eventId}`))) ||
        !(await deps.guard.first(messageKey(inv)))
      ) {
        log.info({}, "repeated delivery ignored");
        return;
      }
      const line = commandText(inv.text, io.botUserId);
      const { name, rest } = splitCommand(line);
      // The name as Slack registers it works too ("rotation-status" for /status).
      const command =
        name === ""
          ? undefined
          : (findCommand(deps.services.commands, name) ??
            deps.services.commands.find((c) => slackCommandNames(c.name).includes(`/${name}`)));
      // No response_url here: one private note, only when the answer is slow to come.
      timer = setTimeout(() => {
        void ephemeral(io, inv, `Working on ${command ? `/${command.name}` : "it"}…`).catch(() => {});
      }, deps.slowAfterMs);
      const isAdmin =
        command && (command.admin || command.manages?.(rest))
          ? await managesChannel(
              io.client,
              {
                userId: inv.userId,
                channelId: inv.channelId,
                allowCreator: deps.allowChannelCreator ?? true,
              },
              log,
            )
          : undefined;
      let reply =
        name === ""
          ? userErrorReply(new UserError("empty-message", emptyText(inv), "help"))
          : await dispatchText(command ? `/${command.name} ${rest}` : line, {
              ...deps.services,
              ...(deps.readsMessages !== undefined ? { readsMessages: deps.readsMessages } : {}),
              requester: {
                platform: "slack",
                userId: inv.userId,
                channelId: inv.channelId,
                ...(inv.teamId ? { workspaceId: inv.teamId } : {}),
                ...(isAdmin !== undefined ? { isAdmin } : {}),
              },
            });
      clearTimeout(timer);
      reply = withActions(reply, command, rest, started);
      await deliver(deps, reply, inv, io, log);
      if (reply.kind === "answer" && command && (command.admin || command.manages?.(rest)))
        deps.changed?.(inv.teamId, io.client, io.botUserId);
    } catch (err) {
      log.error({ err: errorMessage(err) }, "message command failed");
      await ephemeral(
        io,
        inv,
        "Something went wrong on our side while answering that. It has been logged; please try again shortly.",
      ).catch(() => {});
    } finally {
      clearTimeout(timer);
    }
  };
}

/** What to type, when the message held nothing but the mention. */
function emptyText(inv: MessageInvocation): string {
  return inv.kind === "dm"
    ? "Send me a command, for example: rotation ytd (help lists them all)."
    : "Mention me with a command, for example: @rotation-bot rotation ytd (help lists them all).";
}

/** Where a public answer goes: the thread of a mention (a new one under it), or the DM as it came. */
function answerThread(inv: MessageInvocation): string | undefined {
  return inv.kind === "mention" ? (inv.threadTs ?? inv.ts) : inv.threadTs;
}

async function deliver(
  deps: MessageDeps,
  reply: Reply,
  inv: MessageInvocation,
  io: MessageIO,
  log: Logger,
): Promise<void> {
  if (reply.visibility === "private") return privately(reply, inv, io, log);
  const threadTs = answerThread(inv);
  const result = await postReply(
    io.client,
    { channel: inv.channelId, ...(threadTs ? { threadTs } : {}) },
    reply,
    { logger: log, ...(io.botUserId ? { botUserId: io.botUserId } : {}) },
  );
  if (!result.ok) {
    log.info({ code: result.failure.code }, "answered privately instead");
    return privately(reply, inv, io, log, `*I couldn't post this here.* ${result.failure.advice}`);
  }
  await rememberChartFiles(deps.services, inv.channelId, result.ts, result.files).catch((err: unknown) =>
    log.warn({ err: errorMessage(err) }, "chart file ids not saved"),
  );
  if (result.chartFailure)
    await ephemeral(
      io,
      inv,
      `The answer is posted, but its chart could not be shared. ${result.chartFailure.advice}`,
      {
        mrkdwn: true,
      },
    ).catch((err: unknown) => log.warn({ err: errorMessage(err) }, "chart note not sent"));
}

/**
 * A private answer: in a DM, simply the DM; in a channel, an ephemeral message to the person (in
 * the thread when the mention was in one), or when Slack refuses that, a reply in the thread.
 */
async function privately(
  reply: Reply,
  inv: MessageInvocation,
  io: MessageIO,
  log: Logger,
  lead?: string,
): Promise<void> {
  // A private copy has no buttons: a press could not update it for everyone.
  const { actions: _buttons, ...alone } = reply;
  const options = { logger: log, ...(io.botUserId ? { botUserId: io.botUserId } : {}) };
  if (inv.kind === "dm") {
    const posted = await postReply(
      io.client,
      { channel: inv.channelId, ...(inv.threadTs ? { threadTs: inv.threadTs } : {}) },
      alone,
      options,
    );
    if (!posted.ok) log.warn({ code: posted.failure.code }, "direct message answer not posted");
    return;
  }
  const message = renderReply(alone, lead ? { lead } : {});
  try {
    await io.client.chat.postEphemeral({
      channel: inv.channelId,
      user: inv.userId,
      ...(inv.threadTs ? { thread_ts: inv.threadTs } : {}),
      text: message.text,
      ...(message.blocks.length > 0 ? { blocks: message.blocks } : {}),
    });
    return;
  } catch (err) {
    log.info({ err: errorMessage(err) }, "ephemeral answer refused; replying in the thread");
  }
  if (lead) return; // the public post already failed: a thread reply would fail the same way
  const threadTs = answerThread(inv);
  const posted = await postReply(
    io.client,
    { channel: inv.channelId, ...(threadTs ? { threadTs } : {}) },
    alone,
    options,
  );
  if (!posted.ok) log.warn({ code: posted.failure.code }, "thread answer not posted");
}

/** A short note for the person alone (plain text, escaped unless it is our own mrkdwn). */
function ephemeral(
  io: MessageIO,
  inv: MessageInvocation,
  text: string,
  options: { mrkdwn?: boolean } = {},
): Promise<unknown> {
  return io.client.chat.postEphemeral({
    channel: inv.channelId,
    user: inv.userId,
    ...(inv.threadTs ? { thread_ts: inv.threadTs } : {}),
    text: options.mrkdwn ? text.slice(0, 3000) : fallbackText(text),
  });
}
