/** A CsvSheet as CSV text (the csv project's writer does the quoting), and the sheets of a reply. */
import { stringify } from "csv-stringify/sync";
import { type CsvSheet, replySheets } from "../../core/csv-export.ts";
import type { Reply } from "../../core/reply.ts";

export interface CsvFile {
  filename: string;
  content: string;
}

/**
 * The first line is a comment ("# ..."): one cell that cannot start a formula, since commas and
 * quotes in it are replaced. Cells guarded against formulas (a leading ') are always quoted, and
 * so are empty cells and cells starting with #.
 */
export function sheetToCsv(sheet: CsvSheet): string {
  const comment = `# ${sheet.comment
    .replaceAll(",", ";")
    .replaceAll('"', "'")
    .replace(/[\r\n]+/g, " ")}\n`;
  return (
    comment +
    stringify([sheet.columns, ...sheet.rows], {
      // Guarded cells, and a first cell that a reader would take for a comment line.
      quoted_match: [/^'/, /^#/],
      // An empty one-column row must stay a row, not a blank line readers skip.
      quoted_empty: true,
      eof: true,
    })
  );
}

/** One CSV file per table of the reply (none for errors or answers without tables). */
export function replyCsvFiles(reply: Reply, commandLine: string): CsvFile[] {
  const seen = new Set<string>();
  return replySheets(reply, commandLine).map((sheet) => {
    // Two tables with the same name must not overwrite each other.
    let filename = sheet.filename;
    for (let n = 2; seen.has(filename); n++) filename = sheet.filename.replace(/\.csv$/, `-${n}.csv`);
    seen.add(filename);
    return { filename, content: sheetToCsv(sheet) };
  });
}
