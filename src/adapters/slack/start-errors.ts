/**
 * Why the Slack app could not start, in our words: a refused token told apart from a Slack that
 * was never reached, and the network cause named without the request (it may carry a token).
 */
import { errorMessage } from "../../core/errors.ts";
import { redactTokens } from "./bolt-logger.ts";

/**
 * Why auth.test failed, told apart: Slack answered and refused the token (invalid_auth...), or
 * Slack was never reached (network, DNS, a wrong SLACK_API_URL): different fixes.
 */
export function startFailure(err: unknown, apiUrl: string): string {
  const code = (err as { data?: { error?: unknown } } | undefined)?.data?.error;
  if (typeof code === "string")
    return `Slack did not accept SLACK_BOT_TOKEN (${code}): check you copied the Bot User OAuth Token (xoxb-) of this workspace, or reinstall the app`;
  let host = apiUrl;
  try {
    host = new URL(apiUrl).host;
  } catch {
    // keep it as configured
  }
  return `could not reach the Slack API at ${host} to check SLACK_BOT_TOKEN (${networkReason(err)}): check the network, a proxy, or SLACK_API_URL`;
}

/** The network cause in our words, from a Web API request error or its original error. */
function networkReason(err: unknown): string {
  // The Web API wraps fetch's error ("fetch failed"), whose cause holds the network code.
  const parts: string[] = [];
  const queue: unknown[] = [err];
  while (queue.length > 0 && parts.length < 20) {
    const e = queue.shift();
    if (!e || typeof e !== "object") continue;
    const x = e as {
      code?: unknown;
      message?: unknown;
      original?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    parts.push(
      `${typeof x.code === "string" ? x.code : ""} ${typeof x.message === "string" ? x.message : ""}`,
    );
    queue.push(x.original, x.cause, ...(Array.isArray(x.errors) ? x.errors : []));
  }
  const text = parts.join(" ");
  if (/ECONNREFUSED/.test(text)) return "connection refused";
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) return "host not found";
  if (/ETIMEDOUT|timeout|timed out/i.test(text)) return "no answer in time";
  if (/ECONNRESET|socket hang up/i.test(text)) return "the connection was reset";
  if (/certificate|CERT|SSL|TLS/i.test(text)) return "the TLS certificate was not accepted";
  return "no answer";
}

/** Slack's error code when there is one; never the request (it may carry a token). */
export function slackError(err: unknown): string {
  const code = (err as { data?: { error?: unknown } } | undefined)?.data?.error;
  return typeof code === "string" ? code : redactTokens(errorMessage(err));
}
