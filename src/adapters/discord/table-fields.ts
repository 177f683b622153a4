/**
 * Embeds are narrow: a code block wider than about 60 characters wraps on desktop and worse on
 * phones, scrambling the columns. A short wide table therefore becomes one field per row (the
 * first cell names it, the other cells are "Column: value" lines); long or narrow tables stay a
 * code block, trimmed by whole rows.
 */
import type { APIEmbedField } from "discord.js";
import { formatTable } from "../../core/reply.ts";
import { isBlank } from "../../core/text.ts";
import { BLANK, clip, escapeText, LIMITS } from "./limits.ts";

/** Widest code-block line that reads well inside an embed. */
export const CODE_BLOCK_WIDTH = 60;
/** More rows than this read better as a (trimmed) code block than as a wall of fields (/help lists 15). */
export const MAX_ROWS_AS_FIELDS = 20;
/** Fields side by side only when their lines are short enough for a third of the embed. */
const INLINE_LINE = 40;

export interface TableLike {
  columns: string[];
  rows: string[][];
  align?: ("left" | "right")[];
}

export function tableWidth(table: TableLike): number {
  return Math.max(
    ...formatTable(table.columns, table.rows, table.align)
      .split("\n")
      .map((l) => l.length),
  );
}

/** The table as fields, or undefined when it reads better as a code block. */
export function tableAsFields(table: TableLike, fieldsSoFar: number): APIEmbedField[] | undefined {
  if (table.columns.length < 2 || table.rows.length === 0) return undefined;
  if (table.rows.length > MAX_ROWS_AS_FIELDS) return undefined;
  if (fieldsSoFar + table.rows.length > LIMITS.fields) return undefined;
  if (tableWidth(table) <= CODE_BLOCK_WIDTH) return undefined;
  // A rank column ("#": 1, 2, 3) names nothing: the row is named "#1 RSP" after the next cell.
  const ranked =
    table.columns.length > 2 && table.rows.every((r) => /^\d{1,3}\.?$/.test((r[0] ?? "").trim()));
  const skip = ranked ? 2 : 1;
  const rows = table.rows.map((row) => {
    const lines = table.columns
      .slice(skip)
      .map((column, i) => ({ column, cell: row[i + skip] ?? "" }))
      .filter(({ cell }) => cell.trim() !== "")
      .map(({ column, cell }) => `${column}: ${cell}`);
    const first = (row[0] ?? "").trim();
    return { name: ranked ? `#${first.replace(/\.$/, "")} ${row[1] ?? ""}` : (row[0] ?? ""), lines };
  });
  const inline = rows.every((r) => r.lines.every((l) => l.length <= INLINE_LINE));
  return rows
    .filter((r) => !isBlank(r.name) || r.lines.length > 0)
    .map((r) => ({
      name: visible(clip(escapeText(r.name.trim()), LIMITS.fieldName)),
      value: visible(clip(escapeText(r.lines.join("\n")), LIMITS.fieldValue)),
      inline,
    }));
}

/** Discord refuses a blank field name or value: a visible stand-in instead. */
export function visible(text: string): string {
  return isBlank(text) ? BLANK : text;
}
