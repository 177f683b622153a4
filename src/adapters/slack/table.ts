/**
 * A Reply table as Slack mrkdwn. Narrow tables become a monospace code block (columns line up in
 * every client); wide ones become one line per row, because a wrapped code block is unreadable on
 * a phone. Either way, rows that do not fit are dropped whole and counted ("… 12 more rows").
 */
import { formatTable } from "../../core/reply.ts";
import { ELLIPSIS, escapeCode, escapeMrkdwn, fitEscaped } from "./escape.ts";

export interface TableInput {
  columns: string[];
  rows: string[][];
  align?: ("left" | "right")[];
  caption?: string;
}

/** Widest table (characters) shown as a code block before switching to one line per row. */
export const MAX_CODE_TABLE_WIDTH = 80;
/** Longest cell kept in full; a longer one is cut with "…" so one cell cannot eat the message. */
const MAX_CELL = 120;

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, " ");

function cell(s: string | undefined): string {
  const line = oneLine(s ?? "");
  return line.length > MAX_CELL ? `${line.slice(0, MAX_CELL - 1)}${ELLIPSIS}` : line;
}

function moreRows(n: number): string {
  return `${ELLIPSIS} ${n} more row${n === 1 ? "" : "s"}`;
}

/** Keeps as many whole lines as fit in `room` characters (joined by newlines), then a count line. */
function fitLines(head: string[], lines: string[], room: number, render: (s: string) => string): string[] {
  const out = [...head];
  let used = head.reduce((n, l) => n + l.length + 1, 0);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const left = lines.length - i - 1;
    // Room for this line, plus the "… N more rows" line if any would still be left out.
    const reserve = left > 0 ? render(moreRows(left)).length + 1 : 0;
    if (used + line.length + 1 + reserve > room) {
      out.push(render(moreRows(lines.length - i)));
      return out;
    }
    out.push(line);
    used += line.length + 1;
  }
  return out;
}

/** The mrkdwn text of one section (at most `max` characters) showing the table. */
export function renderTable(table: TableInput, max: number): string {
  const columns = table.columns.map(cell);
  const rows = table.rows.map((r) => columns.map((_, i) => cell(r[i])));
  const caption = table.caption ? `_${fitEscaped(oneLine(table.caption), 200, escapeMrkdwn)}_\n` : "";
  const lines = formatTable(columns, rows, table.align).split("\n");
  const width = Math.max(...lines.map((l) => l.length));

  if (width <= MAX_CODE_TABLE_WIDTH) {
    const fence = "```";
    const room = max - caption.length - fence.length * 2 - 2;
    const [header = "", ...body] = lines.map(escapeCode);
    const kept = fitLines([header, "-".repeat(width)], body, room, escapeCode);
    return `${caption}${fence}\n${kept.join("\n")}\n${fence}`;
  }

  // One row per line: the first cell in bold, the others labelled with their column name.
  const rowLines = rows.map((r) => {
    const [first = "", ...rest] = r.map((c) => c.trim());
    const labelled = rest
      .map((value, i) =>
        value === "" ? "" : `${escapeMrkdwn(columns[i + 1] ?? "")}: ${escapeMrkdwn(value)}`,
      )
      .filter((s) => s !== "");
    return [first === "" ? "" : `*${escapeMrkdwn(first)}*`, ...labelled].filter((s) => s !== "").join(" · ");
  });
  return fitLines(caption ? [caption.trimEnd()] : [], rowLines, max, escapeMrkdwn).join("\n");
}
