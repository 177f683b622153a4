/**
 * The platform-neutral answer. Commands build it; adapters render it (Block Kit, embeds, terminal)
 * with an exhaustive switch on block type. Text here is plain: no markdown, adapters add their own.
 */
import type { ChartSpec } from "./chart-spec.ts";

export type Tone = "positive" | "negative" | "neutral";

export interface Field {
  label: string;
  value: string;
  tone?: Tone;
}

/** One cell of a machine-readable table: a number at full precision, text (ISO dates), or empty. */
export type CsvCell = string | number | null;

/**
 * The machine-readable form of a table, for CSV: unrounded numbers from the command's own figures,
 * ISO dates, units in the column names (fractions for percentages, bp as numbers).
 */
export interface CsvTable {
  columns: string[];
  rows: CsvCell[][];
  /** A short name for the file when the table has no caption, e.g. "returns". */
  name?: string;
  /** Replaces the default units note in the file's first line. */
  note?: string;
}

/** A button under an answer; `payload` is all a press carries back (see actions.ts). */
export interface ReplyAction {
  label: string;
  payload: string;
  /** Buttons are laid out in rows: 0 the switcher, 1 Refresh and CSV. */
  row: number;
  /** The button for what the answer shows now (e.g. its period). */
  selected?: boolean;
}

export interface ChartImage {
  png: Uint8Array;
  width: number;
  height: number;
}

export type Block =
  | { type: "title"; text: string }
  | { type: "text"; text: string }
  | { type: "fields"; fields: Field[] }
  | {
      type: "table";
      columns: string[];
      rows: string[][];
      /** Per column; numbers read best right-aligned. */
      align?: ("left" | "right")[];
      caption?: string;
      /** Full-precision form for CSV; without it, the shown cells are read back. */
      csv?: CsvTable;
    }
  | {
      type: "chart";
      spec: ChartSpec;
      /** Alt text that says what the chart shows, for screen readers and text-only clients. */
      alt: string;
      filename: string;
      /** Filled in by the dispatcher through the ChartRenderer port. */
      image?: ChartImage;
    }
  | { type: "footer"; text: string };

export type BlockType = Block["type"];

export interface Reply {
  blocks: Block[];
  /** The computed figures as plain data (JSON-safe), for --json and for tests. */
  data: Record<string, unknown>;
  /** Plain-text rendering, used for notifications and clients that cannot show blocks. */
  fallback: string;
  /** Private answers go only to the person who asked (errors, help). */
  visibility: "public" | "private";
  /** Overall tone, for embed colour and the like. */
  tone?: Tone;
  kind: "answer" | "user-error" | "outage";
  /** Buttons the adapters render under the answer (chat platforms only). */
  actions?: ReplyAction[];
}

/** Builds the plain-text fallback of a list of blocks. */
export function blocksToText(blocks: Block[]): string {
  const parts: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case "title":
        parts.push(block.text);
        break;
      case "text":
        parts.push(block.text);
        break;
      case "fields":
        parts.push(block.fields.map((f) => `${f.label}: ${f.value}`).join("\n"));
        break;
      case "table":
        parts.push(
          `${block.caption ? `${block.caption}\n` : ""}${formatTable(block.columns, block.rows, block.align)}`,
        );
        break;
      case "chart":
        parts.push(`[chart: ${block.alt}]`);
        break;
      case "footer":
        parts.push(block.text);
        break;
      default:
        assertNever(block);
    }
  }
  return parts.join("\n\n");
}

/** A monospace table with padded columns. */
export function formatTable(columns: string[], rows: string[][], align?: ("left" | "right")[]): string {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => {
        const w = widths[i] ?? 0;
        return align?.[i] === "right" ? cell.padStart(w) : cell.padEnd(w);
      })
      .join("  ")
      .trimEnd();
  return [line(columns), ...rows.map((r) => line(columns.map((_, i) => r[i] ?? "")))].join("\n");
}

export function makeReply(
  blocks: Block[],
  data: Record<string, unknown>,
  options: { visibility?: Reply["visibility"]; tone?: Tone; kind?: Reply["kind"] } = {},
): Reply {
  return {
    blocks,
    data,
    fallback: blocksToText(blocks),
    visibility: options.visibility ?? "public",
    kind: options.kind ?? "answer",
    ...(options.tone ? { tone: options.tone } : {}),
  };
}

export function assertNever(x: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(x)}`);
}
