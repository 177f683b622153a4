/**
 * Cashtags on Slack: `$IWM` in an ordinary message of a public or private channel whose managers
 * turned them on gets one compact quote in the message's thread. With SLACK_CASHTAGS=true the
 * messages come as message.channels and message.groups events (scopes channels:history and
 * groups:history), already acknowledged by Bolt; the answer waits its turn in the work queue like
 * a command. Messages from bots and from the bot itself, edits and joins are never answered, nor a
 * message that mentions the bot (that mention is answered as a command instead).
 */
import type { App, webApi } from "@slack/bolt";
import { cashtagReply } from "../../core/cashtags.ts";
import type { Services } from "../../core/dispatch.ts";
import { errorMessage } from "../../core/errors.ts";
import type { Logger } from "../../core/ports.ts";
import { postReply } from "./post.ts";

/** Subtypes that are still a person's own message; every other subtype (edits, joins, bots) is not. */
const PERSON_SUBTYPES = new Set<string | undefined>([undefined, "thread_broadcast", "file_share"]);
/** Public and private channels; direct messages are conversations with the bot, not channels. */
const CHANNEL_TYPES = new Set(["channel", "group"]);

interface MessageEvent {
  channel?: string;
  channel_type?: string;
  user?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  subtype?: string;
  bot_id?: string;
  team?: string;
}

type PersonMessage = MessageEvent & { channel: string; ts: string; text: string; user: string };

export interface CashtagDeps {
  services: Services;
  logger: Logger;
}

export function listenForCashtags(
  app: App,
  deps: CashtagDeps,
  queue: { push(job: () => Promise<void>): void },
): void {
  app.event("message", async ({ event, body, context, client }) => {
    const m = event as unknown as MessageEvent;
    if (!m.channel || !m.ts || !m.user || !m.text?.includes("$")) return;
    if (m.bot_id !== undefined || !PERSON_SUBTYPES.has(m.subtype)) return;
    if (!CHANNEL_TYPES.has(m.channel_type ?? "") || m.user === context.botUserId) return;
    if (context.botUserId && m.text.includes(`<@${context.botUserId}>`)) return;
    const teamId = context.teamId ?? (body as { team_id?: string }).team_id ?? m.team;
    const message: PersonMessage = { ...m, channel: m.channel, ts: m.ts, text: m.text, user: m.user };
    queue.push(() => answer(deps, message, teamId, client, context.botUserId));
  });
}

async function answer(
  deps: CashtagDeps,
  m: PersonMessage,
  teamId: string | undefined,
  client: webApi.WebClient,
  botUserId: string | undefined,
): Promise<void> {
  const log = deps.logger.child({ component: "cashtags", team: teamId, channel: m.channel });
  try {
    const reply = await cashtagReply(
      {
        text: m.text,
        channel: { platform: "slack", channelId: m.channel, ...(teamId ? { workspaceId: teamId } : {}) },
        messageId: m.ts,
        userId: m.user,
      },
      deps.services,
      log,
    );
    if (!reply) return;
    // In the message's thread: a reply in a thread stays there, a top-level message starts one.
    const posted = await postReply(client, { channel: m.channel, threadTs: m.thread_ts ?? m.ts }, reply, {
      logger: log,
      ...(botUserId ? { botUserId } : {}),
    });
    if (!posted.ok) log.warn({ code: posted.failure.code }, "cashtag reply not posted");
  } catch (err) {
    log.error({ err: errorMessage(err) }, "cashtag reply failed");
  }
}
