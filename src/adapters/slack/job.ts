/**
 * Slack commands through the shared job queue (REDIS_URL): what the acknowledging replica queues,
 * and how any replica's worker answers it, through the command's response_url (the original HTTP
 * request or socket message is long gone) and the Web API client of the command's workspace.
 */
import type { webApi } from "@slack/bolt";
import { type CommandJobData, SLACK_REPLY_WINDOW_MS, slackCommandId } from "../handoff/command-job.ts";
import type { JobAnswerer } from "../handoff/command-queue.ts";
import { acceptCommand, type HandlerDeps, type SlashInvocation } from "./handler.ts";
import type { Respond } from "./interim.ts";

/** One response_url message may take this long before it counts as failed. */
const RESPOND_TIMEOUT_MS = 15_000;

/** The job for an invocation about to be acknowledged. */
export function slackJob(
  inv: SlashInvocation & { responseUrl: string },
  botUserId: string | undefined,
  now: number,
): Omit<CommandJobData, "enqueuedAt"> {
  return {
    platform: "slack",
    commandId: slackCommandId(inv.triggerId, inv.responseUrl),
    command: inv.name,
    text: inv.text,
    userId: inv.userId,
    channelId: inv.channelId,
    ...(inv.teamId ? { teamId: inv.teamId } : {}),
    deadline: now + SLACK_REPLY_WINDOW_MS,
    slack: {
      responseUrl: inv.responseUrl,
      ...(inv.threadTs ? { threadTs: inv.threadTs } : {}),
      ...(botUserId ? { botUserId } : {}),
      ...(inv.retryNum ? { retryNum: inv.retryNum } : {}),
    },
  };
}

/** Posts to a response_url as Bolt's respond() does; throws on a refusal (the caller logs it). */
export function respondVia(responseUrl: string): Respond {
  return async (message) => {
    const res = await fetch(responseUrl, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(RESPOND_TIMEOUT_MS),
    });
    // Drain the body so the connection goes back to the pool.
    await res.arrayBuffer().catch(() => {});
    if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
  };
}

export function slackJobAnswerer(
  deps: HandlerDeps,
  clientFor: (teamId?: string) => Promise<webApi.WebClient>,
): JobAnswerer {
  return async (data, claim) => {
    const slack = data.slack;
    if (!slack) return;
    const inv: SlashInvocation = {
      name: data.command,
      text: data.text,
      userId: data.userId,
      channelId: data.channelId ?? "",
      ...(data.teamId ? { teamId: data.teamId } : {}),
      responseUrl: slack.responseUrl,
      ...(slack.threadTs ? { threadTs: slack.threadTs } : {}),
      ...(slack.retryNum ? { retryNum: slack.retryNum } : {}),
    };
    const client = await clientFor(data.teamId);
    const io = {
      respond: respondVia(slack.responseUrl),
      client,
      ...(slack.botUserId ? { botUserId: slack.botUserId } : {}),
    };
    await acceptCommand(deps, inv, io, { claim })();
  };
}
