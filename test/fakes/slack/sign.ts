/**
 * Slash commands as Slack sends them over HTTP: a form-encoded body signed with the app's signing
 * secret (v0 HMAC-SHA256 of "v0:<timestamp>:<body>").
 */
import { createHmac, randomUUID } from "node:crypto";
import { TEAM_ID } from "./fake-slack.ts";

export const SIGNING_SECRET = "test-signing-secret-0123456789abcdef";

export interface SlashFields {
  command: string;
  text?: string;
  channel_id?: string;
  user_id?: string;
  team_id?: string;
  response_url: string;
  trigger_id?: string;
  thread_ts?: string;
}

/** The payload fields Slack sends for a slash command (also the Socket Mode envelope payload). */
export function slashPayload(fields: SlashFields): Record<string, string> {
  return {
    token: "legacy-verification-token",
    team_id: fields.team_id ?? TEAM_ID,
    team_domain: "fake",
    channel_id: fields.channel_id ?? "C0000001",
    channel_name: "markets",
    user_id: fields.user_id ?? "U0000001",
    user_name: "trader",
    command: fields.command,
    text: fields.text ?? "",
    api_app_id: "A0000001",
    is_enterprise_install: "false",
    response_url: fields.response_url,
    trigger_id: fields.trigger_id ?? `${Date.now()}.${randomUUID()}`,
    ...(fields.thread_ts ? { thread_ts: fields.thread_ts } : {}),
  };
}

export function signatureHeaders(
  body: string,
  secret = SIGNING_SECRET,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return {
    "content-type": "application/x-www-form-urlencoded",
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": signature,
  };
}

/** POSTs a signed slash command to the app; resolves with the HTTP status and the ms it took. */
export async function postSlashCommand(
  appUrl: string,
  payload: Record<string, string>,
  options: { secret?: string; timestamp?: number; headers?: Record<string, string> } = {},
): Promise<{ status: number; ms: number; body: string }> {
  const body = new URLSearchParams(payload).toString();
  const started = performance.now();
  const res = await fetch(`${appUrl}/slack/events`, {
    method: "POST",
    headers: { ...signatureHeaders(body, options.secret, options.timestamp), ...options.headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, ms: performance.now() - started, body: text };
}

/** POSTs a signed interactive payload (e.g. block_actions) the way Slack does: form field `payload`. */
export async function postInteractive(
  appUrl: string,
  payload: Record<string, unknown>,
): Promise<{ status: number; body: string }> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const res = await fetch(`${appUrl}/slack/events`, {
    method: "POST",
    headers: signatureHeaders(body),
    body,
  });
  return { status: res.status, body: await res.text() };
}
