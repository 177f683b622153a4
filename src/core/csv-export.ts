/**
 * Every table of a Reply as a machine-readable sheet: numbers without thousands separators at full
 * precision (from the table's own `csv` form when the command gives one), ISO dates, units in the
 * header, the source and as-of in a first comment line and the file name, and text that a
 * spreadsheet would run as a formula neutralised. Pure: turning sheets into CSV text is an adapter's
 * job (a CSV library), so the core stays free of packages.
 */
import type { Block, CsvCell, Reply } from "./reply.ts";

export interface CsvSheet {
  /** e.g. "rotation-ytd-2026-01-13-returns.csv": safe in any file system and chat upload. */
  filename: string;
  /** The first line, written after "# ": what, source, as-of, units. */
  comment: string;
  columns: string[];
  /** Cells ready to write: numbers as they are, text already guarded against formulas. */
  rows: CsvCell[][];
}

type TableBlock = Extract<Block, { type: "table" }>;

/** A spreadsheet runs a cell as a formula when it starts with one of these (tab and CR too). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text a spreadsheet would run as a formula gets a leading single quote (shown, never run). Numbers
 * are written as numbers: a negative figure stays a number, not text.
 */
export function guardCell(cell: CsvCell): CsvCell {
  if (typeof cell === "string" && FORMULA_START.test(cell)) return `'${cell}`;
  return cell;
}

/** True when a written cell would not run as a formula in a spreadsheet. */
export function isSafeCell(written: string): boolean {
  if (!FORMULA_START.test(written)) return true;
  // A plain number (e.g. -0.0123) is read as a number, never as a formula.
  return /^-?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(written);
}

/** The sheets of a reply, one per table block; none for errors or replies without tables. */
export function replySheets(reply: Reply, commandLine: string): CsvSheet[] {
  if (reply.kind !== "answer") return [];
  const tables = reply.blocks.filter((b): b is TableBlock => b.type === "table");
  const { source, asOf } = provenance(reply);
  const base = slug(commandLine) || "answer";
  return tables.map((table, i) => {
    const machine = table.csv ?? derived(table);
    const part = slug(table.caption ?? table.csv?.name ?? "") || (tables.length > 1 ? `table${i + 1}` : "");
    const filename = `${[base, asOf ? slug(asOf) : "", part].filter(Boolean).join("-")}.csv`;
    const what = table.caption ? `${commandLine.trim()}: ${table.caption}` : commandLine.trim();
    const comment = [
      what,
      `source: ${source ?? "not stated"}`,
      `as of: ${asOf ?? "not stated"}`,
      table.csv ? "full precision" : "figures as shown (rounded)",
      table.csv?.note ?? "percent columns are fractions (0.0512 = 5.12%); bp columns are basis points",
    ].join(" | ");
    return {
      filename,
      comment: comment.replace(/[\r\n]+/g, " "),
      columns: machine.columns.map((c) => guardCell(c) as string),
      rows: machine.rows.map((r) => machine.columns.map((_, j) => guardCell(r[j] ?? null))),
    };
  });
}

/** Source and as-of from the reply's data, or else from its footer ("Source: X · as of ..."). */
function provenance(reply: Reply): { source?: string; asOf?: string } {
  const data = reply.data;
  const source = typeof data.source === "string" ? data.source : undefined;
  const asOf = typeof data.asOf === "string" && /^\d{4}-\d{2}-\d{2}/.test(data.asOf) ? data.asOf : undefined;
  const footer = reply.blocks.find((b) => b.type === "footer");
  const parts = footer?.type === "footer" ? footer.text.split(" · ") : [];
  const fromFooter = parts.find((p) => p.startsWith("Source: "))?.slice("Source: ".length);
  const asOfText = parts.find((p) => /\bas of\b/i.test(p));
  const isoFromText = asOfText ? isoDateIn(asOfText) : undefined;
  return {
    ...((source ?? fromFooter) ? { source: (source ?? fromFooter) as string } : {}),
    ...((asOf ?? isoFromText) ? { asOf: (asOf ?? isoFromText) as string } : {}),
  };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "13 Jan 2026" (or an ISO date) anywhere in the text, as YYYY-MM-DD. */
function isoDateIn(text: string): string | undefined {
  const iso = /\b(\d{4}-\d{2}-\d{2})\b/.exec(text);
  if (iso) return iso[1];
  const m = /\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b/.exec(text);
  if (!m) return undefined;
  return `${m[3]}-${String(MONTHS.indexOf(m[2] as string) + 1).padStart(2, "0")}-${String(m[1]).padStart(2, "0")}`;
}

/**
 * A table without a machine form: each displayed cell read back into a number or an ISO date where
 * it is exactly one ("+5.12%" -> 0.0512, "1,234.50" -> 1234.5, "+312 bp" -> 312, "13 Jan 2026" ->
 * 2026-01-13); anything else stays the text shown.
 */
function derived(table: TableBlock): { columns: string[]; rows: CsvCell[][] } {
  return { columns: table.columns, rows: table.rows.map((r) => r.map(machineCell)) };
}

export function machineCell(text: string): CsvCell {
  const t = text.trim();
  if (t === "" || t === "n/a") return null;
  const n = /^([+-]?)(\d{1,3}(?:,\d{3})*|\d+)(\.\d+)?(%| bp)?$/.exec(t);
  if (n) {
    const value = Number(`${n[1] === "-" ? "-" : ""}${(n[2] as string).replaceAll(",", "")}${n[3] ?? ""}`);
    if (n[4] === "%") return Number((value / 100).toPrecision(12));
    return value;
  }
  const date = /^\d{1,2} [A-Z][a-z]{2} \d{4}$/.test(t) ? isoDateIn(t) : undefined;
  return date ?? text;
}

/** Lower-case words joined by "-", for file names: "/rotation ytd" -> "rotation-ytd". */
export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/\.{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}
