/**
 * A press of one of our buttons (block_actions), after it has been acknowledged: decode and check it
 * like typed input, count it against the presser's 10 a minute, then recompute through the same
 * dispatch and update the message in place (chat.update, the chart replaced), upload the tables as
 * CSV, or post a fresh answer. Notes for the presser alone go through the press's response_url.
 */
import type { webApi } from "@slack/bolt";
import {
  commandLine,
  decodePress,
  isStale,
  type Press,
  pressAllowed,
  RATE_LIMITED_TEXT,
  staleNote,
  withActions,
} from "../../core/actions.ts";
import { dispatch, findCommand, type Services, userErrorReply } from "../../core/dispatch.ts";
import { errorMessage, UserError } from "../../core/errors.ts";
import type { Logger } from "../../core/ports.ts";
import type { Reply } from "../../core/reply.ts";
import { replyCsvFiles } from "../csv/write-sheet.ts";
import { actionBlocks, fallbackText, renderReply } from "./blocks.ts";
import type { Respond } from "./interim.ts";
import { postReply, uploadCharts } from "./post.ts";

export interface ButtonPress {
  /** The button's value: the encoded press. */
  value: string;
  userId: string;
  teamId?: string;
  channelId?: string;
  /** The message the button is on (absent on an ephemeral note). */
  messageTs?: string;
  threadTs?: string;
}

export interface ButtonDeps {
  services: Services;
  logger: Logger;
  botUserId?: string;
}

const CHART_FILES = "slack-chart-files";
/** Chart file ids are kept as long as buttons on the message can replace them (plus a margin). */
const CHART_FILES_TTL_MS = 26 * 60 * 60 * 1000;

/** Remembers which chart files belong to a posted answer, so a press can replace them. */
export async function rememberChartFiles(
  services: Services,
  channel: string,
  ts: string,
  files: string[],
): Promise<void> {
  if (files.length > 0) await services.store.set(CHART_FILES, `${channel}:${ts}`, files, CHART_FILES_TTL_MS);
}

export async function answerPress(
  deps: ButtonDeps,
  press: ButtonPress,
  io: { client: webApi.WebClient; respond: Respond },
): Promise<void> {
  const log = deps.logger.child({ component: "slack-button", team: press.teamId, channel: press.channelId });
  const privately = (text: string, blocks?: unknown[]): Promise<void> =>
    io
      .respond({
        response_type: "ephemeral",
        replace_original: false,
        text: fallbackText(text),
        ...(blocks ? { blocks } : {}),
      })
      .then(
        () => {},
        (err: unknown) => log.warn({ err: errorMessage(err) }, "response_url refused"),
      );
  const privateReply = (reply: Reply) => {
    const message = renderReply(reply);
    return privately(message.text, message.blocks);
  };
  try {
    const { services } = deps;
    const now = services.clock.now();
    let decoded: Press;
    try {
      decoded = decodePress(press.value, services.commands);
    } catch (err) {
      if (err instanceof UserError) return await privateReply(userErrorReply(err));
      throw err;
    }
    if (!(await pressAllowed(services.store, `slack:${press.teamId ?? ""}:${press.userId}`, now)))
      return await privately(RATE_LIMITED_TEXT);
    if (decoded.kind !== "fresh" && isStale(decoded, now)) {
      const note = staleNote(decoded, now);
      return await privately(note.text, [
        { type: "section", text: { type: "mrkdwn", text: fallbackText(note.text), verbatim: true } },
        ...actionBlocks([note.action]),
      ]);
    }
    if (!press.channelId) return await privately("I could not tell which channel that button is in.");
    const command = findCommand(services.commands, decoded.command);
    const computed = await dispatch(decoded.command, decoded.text, {
      ...services,
      requester: {
        platform: "slack",
        userId: press.userId,
        channelId: press.channelId,
        ...(press.teamId ? { workspaceId: press.teamId } : {}),
      },
    });
    // An outage or a refusal goes to the presser alone; the message keeps its figures.
    if (computed.kind !== "answer") return await privateReply(computed);
    if (decoded.kind === "csv") return await uploadCsv(io.client, press, decoded, computed, privately, log);
    const reply = withActions(computed, command, decoded.text, now);
    if (decoded.kind === "fresh" || !press.messageTs) {
      const target = { channel: press.channelId, ...(press.threadTs ? { threadTs: press.threadTs } : {}) };
      const posted = await postReply(io.client, target, reply, {
        logger: log,
        ...(deps.botUserId ? { botUserId: deps.botUserId } : {}),
      });
      if (!posted.ok) return await privately(`I couldn't post a fresh answer. ${posted.failure.advice}`);
      await rememberChartFiles(services, press.channelId, posted.ts, posted.files);
      return;
    }
    await updateInPlace(
      io.client,
      services,
      { channel: press.channelId, ts: press.messageTs, press },
      reply,
      log,
    );
  } catch (err) {
    log.error({ err: errorMessage(err) }, "button press failed");
    await privately(
      "Something went wrong on our side while answering that button. It has been logged; please try again shortly.",
    );
  }
}

/** The message rewritten with the new figures; the new chart uploaded and the old one deleted. */
async function updateInPlace(
  client: webApi.WebClient,
  services: Services,
  where: { channel: string; ts: string; press: ButtonPress },
  reply: Reply,
  log: Logger,
): Promise<void> {
  const message = renderReply(reply);
  await client.chat.update({
    channel: where.channel,
    ts: where.ts,
    text: message.text,
    blocks: message.blocks,
  });
  const key = `${where.channel}:${where.ts}`;
  const old = (await services.store.get<string[]>(CHART_FILES, key)) ?? [];
  const charts = message.charts.filter((c) => c.image);
  let fresh: string[] = [];
  if (charts.length > 0) {
    // The chart goes where the old one was: next to the answer, or into its thread.
    const target = {
      channel: where.channel,
      ...(where.press.threadTs ? { threadTs: where.press.threadTs } : {}),
    };
    try {
      fresh = await uploadCharts(client, target, charts);
    } catch (err) {
      log.warn({ err: errorMessage(err) }, "chart upload after a press failed");
    }
  }
  // The old chart would show other figures than the message: it goes (files:write covers the bot's own files).
  for (const file of old)
    await client.files
      .delete({ file })
      .catch((err: unknown) => log.warn({ err: errorMessage(err) }, "old chart not deleted"));
  if (fresh.length > 0) await rememberChartFiles(services, where.channel, where.ts, fresh);
  else await services.store.delete(CHART_FILES, key);
}

async function uploadCsv(
  client: webApi.WebClient,
  press: ButtonPress,
  decoded: Press,
  reply: Reply,
  privately: (text: string) => Promise<unknown>,
  log: Logger,
): Promise<void> {
  const files = replyCsvFiles(reply, commandLine(decoded));
  if (files.length === 0) return void (await privately("This answer has no table to take away as CSV."));
  try {
    await client.files.uploadV2({
      channel_id: press.channelId as string,
      // In the answer's thread, so the channel is not flooded with files.
      ...((press.threadTs ?? press.messageTs)
        ? { thread_ts: (press.threadTs ?? press.messageTs) as string }
        : {}),
      initial_comment: `CSV of ${commandLine(decoded)}`,
      file_uploads: files.map((f) => ({
        file: Buffer.from(f.content, "utf8"),
        filename: f.filename,
        title: f.filename,
      })),
    });
  } catch (err) {
    log.warn({ err: errorMessage(err) }, "CSV upload failed");
    await privately(
      "I couldn't share the CSV here. Check that I am in this channel (/invite me), then press CSV again.",
    );
  }
}
