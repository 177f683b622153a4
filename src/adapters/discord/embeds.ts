/**
 * Reply -> Discord embeds + PNG attachments, within Discord's limits. One main embed holds the
 * title, the description (text and code-block tables), up to 25 fields (figures, and short wide
 * tables row by row), the first chart and the footer (source, as-of, coverage); more fields and
 * more charts go into follow-on embeds.
 */
import type { APIEmbed, APIEmbedField } from "discord.js";
import { assertNever, type Block, type Reply, type Tone } from "../../core/reply.ts";
import { isBlank } from "../../core/text.ts";
import { fitDescription, type Piece } from "./description.ts";
import { clip, embedLength, escapeText, LIMITS, noMentions } from "./limits.ts";
import { tableAsFields, visible } from "./table-fields.ts";

export interface DiscordFile {
  name: string;
  data: Buffer;
  /** Alt text, read by screen readers. */
  description: string;
}

export interface RenderedMessage {
  embeds: APIEmbed[];
  files: DiscordFile[];
}

/** Discord's own palette: green, red, and a neutral grey. */
export const COLOURS: Record<Tone, number> = { positive: 0x57f287, negative: 0xed4245, neutral: 0x95a5a6 };

/** What we keep for the description when fields crowd the 6,000-character total. */
const MIN_DESCRIPTION = 400;
/** Room left in a request for payload_json and multipart framing. */
const UPLOAD_MARGIN = 64 * 1024;

interface Chart {
  name: string;
  data: Buffer;
  alt: string;
}

export function renderReply(reply: Reply): RenderedMessage {
  let title: string | undefined;
  const pieces: Piece[] = [];
  const fields: APIEmbedField[] = [];
  const charts: Chart[] = [];
  const footers: string[] = [];
  const names = new Set<string>();
  for (const block of reply.blocks) collect(block);

  function collect(block: Block): void {
    switch (block.type) {
      case "title": {
        // Blank text is refused by Discord (and says nothing): left out everywhere.
        const text = block.text.replace(/\s+/g, " ").trim();
        if (isBlank(text)) break;
        if (title === undefined) title = clip(escapeText(text), LIMITS.title);
        else pieces.push({ kind: "text", text: `**${escapeText(text)}**` });
        break;
      }
      case "text":
        if (!isBlank(block.text)) pieces.push({ kind: "text", text: escapeText(block.text) });
        break;
      case "fields":
        for (const f of block.fields)
          if (!isBlank(f.label) || !isBlank(f.value))
            fields.push({
              name: visible(clip(escapeText(f.label.replace(/\s+/g, " ").trim()), LIMITS.fieldName)),
              value: visible(clip(escapeText(f.value), LIMITS.fieldValue)),
              inline: true,
            });
        break;
      case "table": {
        if (block.rows.length === 0 && block.columns.every((c) => isBlank(c)) && isBlank(block.caption))
          break;
        const asFields = tableAsFields(block, fields.length);
        if (asFields) {
          if (block.caption && !isBlank(block.caption))
            pieces.push({ kind: "text", text: escapeText(block.caption) });
          fields.push(...asFields);
          break;
        }
        pieces.push({
          kind: "table",
          columns: block.columns,
          rows: block.rows,
          ...(block.align ? { align: block.align } : {}),
          ...(block.caption ? { caption: escapeText(block.caption) } : {}),
        });
        break;
      }
      case "chart":
        if (block.image) {
          const png = block.image.png;
          charts.push({
            name: fileName(block.filename, names),
            data: Buffer.from(png.buffer, png.byteOffset, png.byteLength),
            alt: clip(block.alt, LIMITS.attachmentDescription),
          });
        } else pieces.push({ kind: "text", text: escapeText(`(Chart not drawn: ${block.alt})`) });
        break;
      case "footer":
        if (!isBlank(block.text)) footers.push(block.text);
        break;
      default:
        assertNever(block);
    }
  }

  // At most 25 fields in each of 10 embeds; more are counted, not sent (Discord would refuse them).
  const maxFields = LIMITS.fields * LIMITS.embeds;
  const overflow = Math.max(0, fields.length - maxFields);
  fields.length = Math.min(fields.length, maxFields);
  // Embeds and files are both capped; charts beyond what fits are named rather than dropped silently.
  const fieldEmbeds = Math.max(0, Math.ceil(fields.length / LIMITS.fields) - 1);
  const chartRoom = Math.max(0, Math.min(LIMITS.attachments, LIMITS.embeds - fieldEmbeds));
  const shown: Chart[] = [];
  let bytes = 0;
  for (const chart of charts) {
    if (shown.length >= chartRoom || bytes + chart.data.length > LIMITS.uploadBytes - UPLOAD_MARGIN) continue;
    shown.push(chart);
    bytes += chart.data.length;
  }
  if (shown.length < charts.length) {
    const n = charts.length - shown.length;
    pieces.push({
      kind: "text",
      text: `(${n} more chart${n === 1 ? "" : "s"} not shown: Discord's limits.)`,
      keep: true,
    });
  }

  // Footers are plain text on Discord (no markdown), so they are not escaped.
  const footer = footers.length > 0 ? clip(noMentions(footers.join(" · ")), LIMITS.footer) : undefined;
  const fixed = (title?.length ?? 0) + (footer?.length ?? 0);
  const fullDescription = fitDescription(pieces, LIMITS.description);
  const reserve = Math.min(fullDescription.length, MIN_DESCRIPTION);
  let fieldChars = fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  let dropped = overflow;
  while (fields.length > 0 && fixed + fieldChars + reserve > LIMITS.total) {
    const last = fields.pop() as APIEmbedField;
    fieldChars -= last.name.length + last.value.length;
    dropped++;
  }
  if (dropped > 0)
    pieces.push({
      kind: "text",
      text: `(${dropped} more figure${dropped === 1 ? "" : "s"} not shown: Discord's 6,000-character limit.)`,
      keep: true,
    });
  const budget = Math.min(LIMITS.description, LIMITS.total - fixed - fieldChars);
  const description = fitDescription(pieces, Math.max(0, budget));

  const color = COLOURS[reply.tone ?? "neutral"];
  const main: APIEmbed = { color };
  if (title) main.title = title;
  if (description) main.description = description;
  const firstFields = fields.slice(0, LIMITS.fields);
  if (firstFields.length > 0) main.fields = firstFields;
  const [first, ...more] = shown;
  if (first) main.image = { url: `attachment://${first.name}` };
  if (footer) main.footer = { text: footer };
  if (!main.title && !main.description && !main.fields && !main.image)
    main.description = clip(
      isBlank(reply.fallback) ? "(No answer.)" : escapeText(reply.fallback),
      Math.min(LIMITS.description, LIMITS.total - fixed),
    );

  const embeds: APIEmbed[] = [main];
  for (let i = LIMITS.fields; i < fields.length; i += LIMITS.fields)
    embeds.push({ color, fields: fields.slice(i, i + LIMITS.fields) });
  for (const chart of more) embeds.push({ color, image: { url: `attachment://${chart.name}` } });

  return {
    embeds,
    files: shown.map((c) => ({ name: c.name, data: c.data, description: c.alt })),
  };
}

/** Total characters of a message's embeds, as Discord counts them for the 6,000 limit. */
export function totalLength(embeds: APIEmbed[]): number {
  return embeds.reduce((n, e) => n + embedLength(e), 0);
}

/** attachment:// references must match the upload name exactly; keep names plain and unique. */
function fileName(wanted: string, taken: Set<string>): string {
  const base =
    wanted
      .replace(/\.png$/i, "")
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .replace(/^[-.]+|[-.]+$/g, "")
      .slice(0, 60) || "chart";
  let name = `${base}.png`;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}.png`;
  taken.add(name);
  return name;
}
