/**
 * Cashtags: `$IWM $SPY` in an ordinary message, in a channel whose managers turned them on
 * (/settings cashtags on), gets one compact quote reply. Platform-neutral: the adapters hand over
 * the message's text and identity and post what comes back (in thread on Slack, as a reply on
 * Discord). The figures are /quote's own, through the same dispatcher.
 */
import { readSettings } from "./channel-settings.ts";
import { type DispatchContext, dispatch, type Services } from "./dispatch.ts";
import { errorMessage } from "./errors.ts";
import { symbolFromWord } from "./market/instruments.ts";
import type { Logger } from "./ports.ts";
import { type Block, makeReply, type Reply } from "./reply.ts";
import type { ChannelRef } from "./subscriptions/access.ts";

/** Tickers quoted per message; more are named in a note. */
export const MAX_CASHTAGS = 5;
/** How long a message's reply is remembered, so a retried or redelivered event gets none. */
export const CLAIM_TTL_MS = 24 * 60 * 60 * 1000;
export const CLAIMS_NAMESPACE = "cashtag-replies";

/**
 * `$` then a letter, then up to five letters or digits and an optional share class or suffix
 * (`$BRK.B`, `$BTC-USD`). Not inside a word or after another `$` (`US$5`, `$$`), and not followed
 * by a letter, digit or `$` (`$TOOLONG`, LaTeX `$x$`). An amount (`$100`, `$1.5M`) starts with a
 * digit and never matches.
 */
export const CASHTAG =
  /(?<![\p{L}\p{N}_$])\$([A-Za-z][A-Za-z0-9]{0,5}(?:[.-][A-Za-z]{1,3})?)(?![\p{L}\p{N}_$])/gu;

/**
 * What is not prose: code (fenced and inline), Slack's <...> tokens (links, mentions, channels)
 * and bare URLs. A ticker written there is not a question.
 */
const NOT_PROSE = /```[\s\S]*?```|`[^`\n]*`|<[^<>\n]*>|\bhttps?:\/\/\S+/g;

/** Longest message text looked at: chat messages are shorter; the cap keeps the scan bounded. */
const MAX_TEXT = 40_000;

export interface CashtagRequest {
  /** Distinct symbols as Yahoo writes them (RUT -> ^RUT), at most MAX_CASHTAGS, in order of appearance. */
  symbols: string[];
  /** Distinct valid cashtags in the message, including those beyond the first five. */
  total: number;
}

/** The cashtags of a message, validated like typed tickers; undefined when it has none. */
export function findCashtags(text: string): CashtagRequest | undefined {
  // Most messages have no `$` at all: the common case costs one scan.
  if (!text.includes("$")) return undefined;
  const prose = text.slice(0, MAX_TEXT).replace(NOT_PROSE, " ");
  const seen: string[] = [];
  for (const match of prose.matchAll(CASHTAG)) {
    let symbol: string;
    try {
      symbol = symbolFromWord(match[1] as string, seen.length + 1, "/quote IWM SPY");
    } catch {
      continue;
    }
    if (!seen.includes(symbol)) seen.push(symbol);
  }
  if (seen.length === 0) return undefined;
  return { symbols: seen.slice(0, MAX_CASHTAGS), total: seen.length };
}

/**
 * The compact answer for these symbols: one line per ticker with /quote's figures, its notes
 * (not priced, cached, as-of), a note when tickers were left out, and its footer (source, as-of,
 * coverage). Undefined when nothing could be priced: a `$WORD` that is no ticker gets no reply.
 */
export async function answerCashtags(
  request: CashtagRequest,
  ctx: DispatchContext,
): Promise<Reply | undefined> {
  const quoted = await dispatch("quote", request.symbols.join(" "), ctx);
  if (quoted.kind === "user-error") return undefined;
  // An outage is said in the thread too: the person asked, in their way, and hears why not.
  if (quoted.kind !== "answer") return { ...quoted, visibility: "public" };
  const blocks: Block[] = [];
  for (const block of quoted.blocks) {
    if (block.type === "table") blocks.push({ type: "text", text: compactLines(block).join("\n") });
    else if (block.type === "text") blocks.push(block);
  }
  if (request.total > request.symbols.length)
    blocks.push({
      type: "text",
      text: `That message has ${request.total} cashtags; I quote the first ${MAX_CASHTAGS}. /quote takes up to 10.`,
    });
  const footer = quoted.blocks.find((b) => b.type === "footer");
  if (footer) blocks.push(footer);
  return makeReply(blocks, {
    ...quoted.data,
    cashtags: { symbols: request.symbols, total: request.total },
  });
}

/** "IWM 262.18 · +1.32 (+0.51%) · -2.1% from 52w high · close Fri 16 Jan 2026". */
function compactLines(table: Extract<Block, { type: "table" }>): string[] {
  const at = (name: string) => table.columns.indexOf(name);
  const [symbol, price, change, high, when] = [
    at("Symbol"),
    at("Price"),
    at("Change"),
    at("From 52w high"),
    at("When (New York)"),
  ];
  return table.rows.map((row) => {
    const cell = (i: number) => (i >= 0 ? (row[i] ?? "") : "");
    if ([symbol, price, change, high, when].some((i) => i < 0))
      // A different table than /quote's today: every cell, labelled, rather than a guess.
      return table.columns.map((c, i) => `${c}: ${row[i] ?? ""}`).join(" · ");
    return `${cell(symbol)} ${cell(price)} · ${cell(change)} · ${cell(high)} from 52w high · ${cell(when)}`;
  });
}

export interface CashtagMessage {
  text: string;
  channel: ChannelRef;
  /** The message's own id in its channel (Slack ts, Discord snowflake). */
  messageId: string;
  userId?: string;
}

/**
 * The whole decision for one ordinary message, after the adapter has dropped bots and its own
 * messages: cashtags present, the channel has them on, and this is the first time this message is
 * answered (across retries and replicas: one atomic setIfAbsent). Then the compact answer, or
 * undefined for silence. A store that does not answer means silence, logged: a passive feature
 * does not guess.
 */
export async function cashtagReply(
  message: CashtagMessage,
  services: Services,
  log: Logger,
): Promise<Reply | undefined> {
  const request = findCashtags(message.text);
  if (!request) return undefined;
  const { channel } = message;
  try {
    if (!(await readSettings(services.store, channel)).cashtags) return undefined;
    const key = `${channel.platform}:${channel.workspaceId ?? ""}:${channel.channelId}:${message.messageId}`;
    if (!(await services.store.setIfAbsent(CLAIMS_NAMESPACE, key, services.clock.now(), CLAIM_TTL_MS))) {
      log.info({ channel: channel.channelId }, "cashtags already answered for this message");
      return undefined;
    }
  } catch (err) {
    log.warn({ err: errorMessage(err) }, "store unavailable; cashtags not answered");
    return undefined;
  }
  return answerCashtags(request, {
    ...services,
    requester: {
      platform: channel.platform,
      channelId: channel.channelId,
      ...(channel.workspaceId ? { workspaceId: channel.workspaceId } : {}),
      ...(message.userId ? { userId: message.userId } : {}),
    },
  });
}
