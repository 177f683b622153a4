/**
 * Posts a Reply into a Slack channel: one Block Kit message, then each rendered chart as a PNG via
 * files.uploadV2 into the same channel (or thread). Used by slash commands and by scheduled posts.
 * Never throws for a Slack refusal: the caller gets the reason and the advice to pass on.
 */
import type { webApi } from "@slack/bolt";
import type { Logger } from "../../core/ports.ts";
import type { Reply } from "../../core/reply.ts";
import { type ChartBlock, renderReply, type SlackMessage } from "./blocks.ts";
import { failureOf, type SlackFailure } from "./explain.ts";

export interface PostTarget {
  /** Channel (or DM) id, e.g. C0123. */
  channel: string;
  /** Post into this thread instead of the channel. */
  threadTs?: string;
}

export type PostResult =
  | {
      ok: true;
      /** Timestamp of the posted message. */
      ts: string;
      /** Ids of the uploaded chart files. */
      files: string[];
      /** Set when the message went out but a chart could not be shared. */
      chartFailure?: SlackFailure;
    }
  | { ok: false; failure: SlackFailure };

export interface PostOptions {
  logger?: Logger;
  /** The bot's user id, to name it in advice ("/invite @rotation-bot"). */
  botUserId?: string;
  /** Message metadata (needs no extra scope to write), e.g. which scheduled post this is. */
  metadata?: { event_type: string; event_payload: Record<string, string | number | boolean> };
}

/** Errors after which the same message without blocks may still go through. */
const BLOCK_ERRORS = new Set([
  "invalid_blocks",
  "msg_blocks_too_long",
  "msg_too_long",
  "invalid_blocks_format",
]);

/** Slack's limit on alt text for an uploaded image. */
const MAX_ALT_TEXT = 1000;

export async function postReply(
  client: webApi.WebClient,
  target: PostTarget,
  reply: Reply,
  options: PostOptions = {},
): Promise<PostResult> {
  const message = renderReply(reply);
  const posted = await postMessage(client, target, message, options);
  if (!posted.ok) return posted;
  const charts = message.charts.filter((c) => c.image);
  if (charts.length === 0) return { ok: true, ts: posted.ts, files: [] };
  try {
    const files = await uploadCharts(client, target, charts);
    return { ok: true, ts: posted.ts, files };
  } catch (err) {
    const chartFailure = failureOf(err, options.botUserId);
    options.logger?.warn({ code: chartFailure.code, channel: target.channel }, "chart upload failed");
    return { ok: true, ts: posted.ts, files: [], chartFailure };
  }
}

async function postMessage(
  client: webApi.WebClient,
  target: PostTarget,
  message: SlackMessage,
  options: PostOptions,
): Promise<{ ok: true; ts: string } | { ok: false; failure: SlackFailure }> {
  const base = {
    channel: target.channel,
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    text: message.text,
    // Figures, not previews: never unfurl, never turn names into mentions.
    unfurl_links: false,
    unfurl_media: false,
    link_names: false,
    ...(options.metadata ? { metadata: options.metadata } : {}),
  };
  try {
    const res = await client.chat.postMessage(
      message.blocks.length > 0 ? { ...base, blocks: message.blocks } : base,
    );
    return { ok: true, ts: res.ts ?? "" };
  } catch (err) {
    const failure = failureOf(err, options.botUserId);
    if (!BLOCK_ERRORS.has(failure.code)) {
      options.logger?.warn({ code: failure.code, channel: target.channel }, "chat.postMessage refused");
      return { ok: false, failure };
    }
    // Slack judged the blocks too big or malformed: the plain-text version still carries the answer.
    options.logger?.warn({ code: failure.code }, "blocks refused, posting the text version");
    try {
      const res = await client.chat.postMessage(base);
      return { ok: true, ts: res.ts ?? "" };
    } catch (retryErr) {
      return { ok: false, failure: failureOf(retryErr, options.botUserId) };
    }
  }
}

export async function uploadCharts(
  client: webApi.WebClient,
  target: PostTarget,
  charts: ChartBlock[],
): Promise<string[]> {
  const uploads = charts.map((chart) => {
    const png = chart.image?.png ?? new Uint8Array();
    return {
      // A view, not a copy: the Web API client wants a Buffer.
      file: Buffer.from(png.buffer, png.byteOffset, png.byteLength),
      filename: chart.filename.endsWith(".png") ? chart.filename : `${chart.filename}.png`,
      title: chart.spec.title,
      alt_text: chart.alt.slice(0, MAX_ALT_TEXT),
    };
  });
  const destination = {
    channel_id: target.channel,
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
  };
  // One call: Slack groups every file of one completeUploadExternal into one message.
  const res = await client.files.uploadV2({ ...destination, file_uploads: uploads });
  const completed = (res as { files?: { files?: { id?: string }[] }[] }).files ?? [];
  return completed.flatMap((c) => (c.files ?? []).map((f) => f.id ?? "")).filter((id) => id !== "");
}
