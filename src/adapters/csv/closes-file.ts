/**
 * Reads one daily-closes CSV (Yahoo's download "Date,Open,High,Low,Close,Adj Close,Volume" or a
 * lowercase "date,open,high,low,close,volume") into ascending bars. Every complaint names the
 * file and, where there is one, the line, so a user can fix the file by hand. The file is streamed
 * through the CSV parser, so a large one is never held in memory whole: only its bars are kept.
 */
import type { Readable } from "node:stream";
import { BadDataError } from "../../core/errors.ts";
import type { Bar } from "../../core/ports.ts";
import { CsvSyntaxError, csvRecordsFrom, isBlankRecord } from "./records.ts";
import { findColumn, isMissingValue, leadingIsoDate, parseDecimal } from "./fields.ts";

type OptionalField = "adjClose" | "open" | "high" | "low" | "volume";

const OPTIONAL_COLUMNS: readonly [OptionalField, readonly string[]][] = [
  ["adjClose", ["adjclose", "adjustedclose"]],
  ["open", ["open"]],
  ["high", ["high"]],
  ["low", ["low"]],
  ["volume", ["volume"]],
];

/**
 * Reads a closes file, streamed or as text. `fileName` (e.g. "^RUT.csv") is used in messages and
 * as the error source.
 *
 * - Rows whose close is missing ("null", empty, "NaN", "-") are skipped: Yahoo writes null for
 *   sessions it has no data for. A missing optional value (open, volume...) is simply left out.
 * - Rows may come in any order; bars are returned ascending.
 * - A date repeated with the same close is collapsed to one bar (some downloads repeat the last
 *   row); a date repeated with a different close is an error, since we cannot know which is right.
 */
export async function parseClosesCsv(source: Readable | string, fileName: string): Promise<Bar[]> {
  const fail = (line: number | undefined, message: string): BadDataError =>
    new BadDataError(
      fileName,
      line === undefined ? `${fileName}: ${message}` : `${fileName} line ${line}: ${message}`,
    );

  const records = csvRecordsFrom(source);
  try {
    let header: string[] | undefined;
    let dateCol = -1;
    let closeCol = -1;
    const optional: [OptionalField, number][] = [];
    const byDate = new Map<string, { bar: Bar; line: number }>();

    for await (const { fields, line } of records) {
      if (isBlankRecord(fields)) continue;
      if (!header) {
        header = fields.map((f) => f.trim());
        dateCol = findColumn(header, ["date", "datetime", "timestamp"]);
        closeCol = findColumn(header, ["close"]);
        const shown = header.join(",");
        if (dateCol < 0) throw fail(undefined, `no "date" column in header "${shown}"`);
        if (closeCol < 0) throw fail(undefined, `no "close" column in header "${shown}"`);
        for (const [field, keys] of OPTIONAL_COLUMNS) {
          const col = findColumn(header, keys);
          if (col >= 0) optional.push([field, col]);
        }
        continue;
      }

      const rawDate = fields[dateCol];
      const rawClose = fields[closeCol];
      if (rawDate === undefined || rawClose === undefined) {
        throw fail(line, `expected ${header.length} fields, got ${fields.length}`);
      }
      const date = leadingIsoDate(rawDate);
      if (!date) throw fail(line, `date "${rawDate}" is not a YYYY-MM-DD date`);
      if (isMissingValue(rawClose)) continue;
      const close = parseDecimal(rawClose);
      if (close === undefined) throw fail(line, `close "${rawClose}" is not a number`);

      const bar: Bar = { date, close };
      for (const [field, col] of optional) {
        const raw = fields[col];
        if (raw === undefined || isMissingValue(raw)) continue;
        const value = parseDecimal(raw);
        if (value === undefined) throw fail(line, `${header[col]} "${raw}" is not a number`);
        bar[field] = value;
      }

      const seen = byDate.get(date);
      if (seen) {
        if (seen.bar.close !== close) {
          throw fail(
            line,
            `date ${date} repeats line ${seen.line} with a different close (${close} vs ${seen.bar.close})`,
          );
        }
        continue;
      }
      byDate.set(date, { bar, line });
    }

    if (!header) throw fail(undefined, "empty file, expected a header row with date and close columns");
    return [...byDate.values()]
      .map((v) => v.bar)
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw fail(err.line, err.detail);
    throw err;
  }
}
