/**
 * Text for a terminal of a given width: prose wrapped between words, never inside one, and a
 * table too wide for the screen shown as a list (one row at a time, a line per column).
 */
import { formatTable } from "../../core/reply.ts";

/** Wraps each line of `text` at `width` between words; continuation lines start with `indent`. */
export function wrapText(text: string, width: number, indent = ""): string {
  return text
    .split("\n")
    .map((line) => wrapLine(line, width, indent))
    .join("\n");
}

function wrapLine(line: string, width: number, indent: string): string {
  if (line.length <= width) return line;
  const lead = /^\s*/.exec(line)?.[0] ?? "";
  const words = line.slice(lead.length).split(/ +/);
  const out: string[] = [];
  let current = lead;
  for (const word of words) {
    const prefix = out.length === 0 ? lead : indent;
    if (current.length > prefix.length && current.length + 1 + word.length > width) {
      out.push(current);
      current = indent + word;
    } else current = current.length > prefix.length ? `${current} ${word}` : `${current}${word}`;
  }
  out.push(current);
  return out.map((l) => l.trimEnd()).join("\n");
}

/** The table as aligned columns when it fits in `width`, else as a list of its rows. */
export function fitTable(
  columns: string[],
  rows: string[][],
  width: number,
  align?: ("left" | "right")[],
): string {
  const table = formatTable(columns, rows, align);
  if (table.split("\n").every((l) => l.length <= width)) return table;
  return rows
    .map((row) => {
      const [head = "", ...rest] = row;
      const lines = [wrapText(head, width, "  ")];
      rest.forEach((cell, i) => {
        if (cell === "") return;
        lines.push(wrapText(`  ${columns[i + 1] ?? ""}: ${cell}`, width, "    "));
      });
      return lines.join("\n");
    })
    .join("\n");
}
