/**
 * Discord's message limits and the small text helpers that respect them. Limits are counted in
 * UTF-16 code units, as Discord's API validates `string.length`.
 */
import { escapeMarkdown } from "discord.js";

export const LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Title, description, field names and values, and footers of every embed of one message. */
  total: 6000,
  embeds: 10,
  attachments: 10,
  /**
   * Files of one message, in all. Discord's docs (reference, "Uploading Files") give a per-file
   * default of 10 MiB (2025 revisions; 20 MiB in later ones) and 25 MiB for a whole request; 10 MiB
   * in all is under every one of them (a chart PNG is ~100 KB).
   */
  uploadBytes: 10 * 1024 * 1024,
  attachmentDescription: 1024,
  content: 2000,
  commandName: 32,
  commandDescription: 100,
  choiceName: 100,
  choiceValue: 100,
  choices: 25,
  options: 25,
} as const;

/**
 * Stands in for a blank field name or value: Discord refuses empty ones and ones of only spaces
 * or zero-width characters, so the stand-in is visible.
 */
export const BLANK = "-";

const ELLIPSIS = "…";

/**
 * Cuts `text` to at most `max` characters, ending with "…" when cut. Never leaves half a surrogate
 * pair or a dangling backslash (which would escape the ellipsis and show a stray character).
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return "";
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  const slashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (slashes % 2 === 1) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

/**
 * Reply text is plain; on Discord `*`, `_`, `#`, `-` and friends would format it. Escape every
 * markdown construct, including the ones discord.js leaves alone by default.
 */
export function escapeText(text: string): string {
  const escaped = escapeMarkdown(text, {
    heading: true,
    bulletedList: true,
    // discord.js escapes any "103." at a line start; only "1. " starts a list.
    numberedList: false,
    maskedLink: true,
  });
  // Block quotes at a line start are not covered by escapeMarkdown; nor are mentions: embeds do not
  // ping, but a broadcast word or a user, role or channel reference must read as plain text.
  return escaped
    .replace(/^( *\d+)\.(?= )/gm, "$1\\.")
    .replace(/^(\s*)>/gm, "$1\\>")
    .replace(/<(?=[@#]|\/|a?:|t:)/g, "<\u200b")
    .replace(/@(everyone|here)\b/gi, "@\u200b$1");
}

/** Plain text (footers, code blocks) cannot format, but a mention must still read as text. */
export function noMentions(text: string): string {
  return text.replace(/<(?=[@#]|\/|a?:|t:)/g, "<\u200b").replace(/@(everyone|here)\b/gi, "@\u200b$1");
}

/** Inside a code block only a run of backticks can break out; swap them for a look-alike. */
export function codeSafe(text: string): string {
  return noMentions(text.replace(/`/g, "ˋ"));
}

/** Sum of the characters Discord counts toward the 6,000 limit for one embed. */
export function embedLength(embed: {
  title?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  footer?: { text: string };
  author?: { name: string };
}): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  for (const f of embed.fields ?? []) n += f.name.length + f.value.length;
  n += embed.footer?.text.length ?? 0;
  n += embed.author?.name.length ?? 0;
  return n;
}
