/**
 * Events API payloads as Slack sends them: the event_callback body (over HTTP, signed JSON with
 * X-Slack-Retry-Num on retries; over Socket Mode, the payload of an events_api envelope whose
 * retry_attempt counts the retries), and the events the app listens for.
 */
import { randomUUID } from "node:crypto";
import { BOT_USER_ID, TEAM_ID } from "./fake-slack.ts";
import { signatureHeaders } from "./sign.ts";

export interface EventCallback {
  token: string;
  team_id: string;
  api_app_id: string;
  event: Record<string, unknown>;
  type: "event_callback";
  event_id: string;
  event_time: number;
  authorizations: { team_id: string; user_id: string; is_bot: boolean; is_enterprise_install: boolean }[];
  is_ext_shared_channel: boolean;
  event_context: string;
}

let nextTs = 1;
/** A fresh message timestamp ("seconds.micro"), unique within the test run. */
export function messageTs(): string {
  return `${Math.floor(Date.now() / 1000)}.${String(900000 + nextTs++).padStart(6, "0")}`;
}

export function eventCallback(
  event: Record<string, unknown>,
  eventId = `Ev${randomUUID().slice(0, 12)}`,
): EventCallback {
  return {
    token: "legacy-verification-token",
    team_id: TEAM_ID,
    api_app_id: "A0000001",
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${randomUUID()}`,
  };
}

/** What a person (or, with `bot_id`, a bot) typed, as the message events carry it. */
export interface TypedMessage {
  text: string;
  channel?: string;
  user?: string;
  ts?: string;
  thread_ts?: string;
  bot_id?: string;
  subtype?: string;
}

/** The fields every message-like event shares, around the event's own type and channel. */
function messageEvent(head: Record<string, unknown>, fields: TypedMessage): Record<string, unknown> {
  const ts = fields.ts ?? messageTs();
  return {
    ...head,
    user: fields.user ?? "U0000001",
    text: fields.text,
    ts,
    event_ts: ts,
    team: TEAM_ID,
    ...(fields.thread_ts ? { thread_ts: fields.thread_ts } : {}),
    ...(fields.bot_id ? { bot_id: fields.bot_id } : {}),
    ...(fields.subtype ? { subtype: fields.subtype } : {}),
  };
}

/** "<@UBOT0001> rotation ytd" in a channel (or, with thread_ts, a thread). */
export function appMention(fields: TypedMessage): Record<string, unknown> {
  return messageEvent({ type: "app_mention", channel: fields.channel ?? "C0000001" }, fields);
}

/** A message in the bot's direct messages (message.im). */
export function directMessage(fields: TypedMessage): Record<string, unknown> {
  return messageEvent({ type: "message", channel_type: "im", channel: fields.channel ?? "D0000001" }, fields);
}

/** A message in a channel (message.channels), or in a private one (message.groups) when its id starts with G. */
export function channelMessage(fields: TypedMessage & { channel: string }): Record<string, unknown> {
  const channelType = fields.channel.startsWith("G") ? "group" : "channel";
  return messageEvent({ type: "message", channel_type: channelType, channel: fields.channel }, fields);
}

/** The user opened the app's Home tab. */
export function appHomeOpened(user = "U0000001", tab: "home" | "messages" = "home"): Record<string, unknown> {
  return { type: "app_home_opened", user, channel: "D0000001", tab, event_ts: `${Date.now() / 1000}` };
}

/**
 * POSTs a signed event_callback to the app's events URL as Slack does (JSON), with
 * X-Slack-Retry-Num and X-Slack-Retry-Reason when `retryNum` is set (Slack's retries).
 */
export async function postEvent(
  appUrl: string,
  body: EventCallback,
  retryNum?: number,
): Promise<{ status: number; body: string }> {
  const raw = JSON.stringify(body);
  const res = await fetch(`${appUrl}/slack/events`, {
    method: "POST",
    headers: {
      ...signatureHeaders(raw),
      "content-type": "application/json",
      ...(retryNum ? { "x-slack-retry-num": String(retryNum), "x-slack-retry-reason": "http_timeout" } : {}),
    },
    body: raw,
  });
  return { status: res.status, body: await res.text() };
}
