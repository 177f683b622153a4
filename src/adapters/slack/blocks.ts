/**
 * Reply -> Block Kit. One exhaustive switch over the Reply's block types, then Slack's limits
 * enforced by trimming that keeps the meaning: the header and the first figures stay, the footer
 * (source, as-of, coverage) always stays, and whatever is cut is said to be cut.
 */
import type { types } from "@slack/bolt";
import { assertNever, type Block, type Reply, type ReplyAction } from "../../core/reply.ts";
import { isBlank } from "../../core/text.ts";
import { escapeMrkdwn, escapePlain, fitEscaped } from "./escape.ts";
import { renderTable } from "./table.ts";

type SlackBlock = types.HeaderBlock | types.SectionBlock | types.ContextBlock | types.ActionsBlock;

/** Every button's action_id starts with this; the listener matches on it. */
export const ACTION_PREFIX = "rb:";
export type ChartBlock = Extract<Block, { type: "chart" }>;

/** Slack's documented limits, plus a cumulative text budget kept under the undocumented one. */
export const LIMITS = {
  blocks: 50,
  header: 150,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextText: 3000,
  /** Slack answers msg_blocks_too_long somewhere past ~12,000 characters of text in all blocks. */
  blocksText: 10_000,
  /** The notification / fallback text; Slack advises under 4,000. */
  fallbackText: 3000,
} as const;

export interface SlackMessage {
  blocks: SlackBlock[];
  /** Plain fallback for notifications and clients that cannot show blocks. */
  text: string;
  /** Charts to upload as files after the message. */
  charts: ChartBlock[];
}

const mrkdwn = (text: string): types.MrkdwnElement => ({ type: "mrkdwn", text, verbatim: true });
const section = (text: string): types.SectionBlock => ({ type: "section", text: mrkdwn(text) });
const context = (text: string): types.ContextBlock => ({ type: "context", elements: [mrkdwn(text)] });

/** Splits plain text into escaped chunks of at most `max` characters, at line breaks when it can. */
export function splitText(text: string, max: number): string[] {
  const whole = escapeMrkdwn(text);
  if (whole.length <= max) return [whole];
  const chunks: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const escaped = fitEscaped(line, max, escapeMrkdwn);
    if (current !== "" && current.length + 1 + escaped.length > max) {
      chunks.push(current);
      current = escaped;
    } else current = current === "" ? escaped : `${current}\n${escaped}`;
  }
  if (current !== "") chunks.push(current);
  // A run of blank lines can make a chunk of its own: Slack refuses a section without visible text.
  return chunks.filter((c) => !isBlank(c));
}

function fieldsBlocks(fields: Extract<Block, { type: "fields" }>["fields"]): types.SectionBlock[] {
  const out: types.SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
    const chunk = fields
      .slice(i, i + LIMITS.fieldsPerSection)
      .filter((f) => !isBlank(f.label) || !isBlank(f.value))
      .map((f) => {
        const label = isBlank(f.label)
          ? ""
          : fitEscaped(f.label.replace(/\s+/g, " ").trim(), 200, escapeMrkdwn);
        const bold = label === "" ? "" : `*${label}*\n`;
        const value = isBlank(f.value)
          ? ""
          : fitEscaped(f.value, LIMITS.fieldText - bold.length, escapeMrkdwn);
        return mrkdwn(`${bold}${value}`.trimEnd());
      });
    if (chunk.length > 0) out.push({ type: "section", fields: chunk });
  }
  return out;
}

/** Renders one Reply block; footers are collected apart so trimming never drops them. */
function renderBlock(block: Block, charts: ChartBlock[], footers: string[]): SlackBlock[] {
  switch (block.type) {
    case "title":
      // Slack refuses empty text objects (the whole message would fail): empty blocks are skipped.
      if (isBlank(block.text)) return [];
      return [
        {
          type: "header",
          text: {
            type: "plain_text",
            text: fitEscaped(block.text.replace(/\s+/g, " ").trim(), LIMITS.header, escapePlain),
            emoji: false,
          },
        },
      ];
    case "text":
      if (isBlank(block.text)) return [];
      return splitText(block.text, LIMITS.sectionText).map(section);
    case "fields":
      return fieldsBlocks(block.fields);
    case "table": {
      // A table with nothing visible (no rows, blank cells) would be an empty section: left out.
      const text = renderTable(block, LIMITS.sectionText);
      return isBlank(text) ? [] : [section(text)];
    }
    case "chart":
      // Uploaded as a file next to the message (a PNG needs no public URL that way).
      charts.push(block);
      return [];
    case "footer":
      if (!isBlank(block.text)) footers.push(block.text);
      return [];
    default:
      return assertNever(block);
  }
}

/** Characters of text Slack counts in a block. */
function textLength(block: SlackBlock): number {
  switch (block.type) {
    case "header":
      return block.text.text.length;
    case "section":
      return (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((n, f) => n + f.text.length, 0);
    case "context":
      return block.elements.reduce((n, e) => n + ("text" in e ? e.text.length : 0), 0);
    case "actions":
      return 0;
    default:
      return assertNever(block);
  }
}

function trimmedNote(n: number): types.ContextBlock {
  return context(`${n} more section${n === 1 ? " was" : "s were"} left out to fit Slack's message limits.`);
}

/** Keeps the leading content and every footer within the block count and the text budget. */
export function limitBlocks(content: SlackBlock[], footers: SlackBlock[]): SlackBlock[] {
  const footerText = footers.reduce((n, b) => n + textLength(b), 0);
  const noteRoom = 80; // the "left out" note itself
  const maxContent = Math.max(0, LIMITS.blocks - footers.length);
  if (
    content.length <= maxContent &&
    footerText + content.reduce((n, b) => n + textLength(b), 0) <= LIMITS.blocksText
  )
    return [...content, ...footers];
  const kept: SlackBlock[] = [];
  let used = footerText + noteRoom;
  for (const block of content) {
    if (kept.length >= maxContent - 1) break;
    const n = textLength(block);
    if (used + n > LIMITS.blocksText) break;
    kept.push(block);
    used += n;
  }
  return [...kept, trimmedNote(content.length - kept.length), ...footers];
}

/**
 * The whole Reply as one Slack message. `lead` is a note of our own (mrkdwn, already safe) shown
 * first, e.g. why the answer came privately.
 */
export function renderReply(reply: Reply, options: { lead?: string } = {}): SlackMessage {
  const charts: ChartBlock[] = [];
  const footers: string[] = [];
  const content = reply.blocks.flatMap((block) => renderBlock(block, charts, footers));
  if (options.lead) content.unshift(section(options.lead.slice(0, LIMITS.sectionText)));
  // Every footer line goes into one context block at the end, where Slack readers look for it.
  const footer =
    footers.length > 0 ? [context(fitEscaped(footers.join("\n"), LIMITS.contextText, escapeMrkdwn))] : [];
  // Slack needs some text for notifications even when the reply holds none worth showing.
  const text = isBlank(reply.fallback) ? "(No answer.)" : fallbackText(reply.fallback);
  return {
    // Buttons stay with the footer: never trimmed away.
    blocks: limitBlocks(content, [...footer, ...actionBlocks(reply.actions ?? [])]),
    text: options.lead ? `${options.lead.slice(0, 500)}\n\n${text}` : text,
    charts,
  };
}

/** Escaped, size-capped plain text (notifications, text-only retries, ephemeral notes). */
export function fallbackText(text: string): string {
  return fitEscaped(text, LIMITS.fallbackText, escapeMrkdwn);
}

/** One actions block per row of buttons (Slack takes up to 25 elements in one). */
export function actionBlocks(actions: readonly ReplyAction[]): types.ActionsBlock[] {
  const rows = [...new Set(actions.map((a) => a.row))].sort((a, b) => a - b);
  return rows.map((row) => ({
    type: "actions",
    block_id: `rb-row-${row}`,
    elements: actions
      .filter((a) => a.row === row)
      .slice(0, 25)
      .map((a, i) => ({
        type: "button",
        action_id: `${ACTION_PREFIX}${row}:${i}`,
        text: { type: "plain_text", text: a.label, emoji: false },
        value: a.payload,
        ...(a.selected ? { style: "primary" as const } : {}),
      })),
  }));
}
