/**
 * DIR/valuation.csv: published fund P/E ratios by date, so /valuation can answer from a data
 * folder as of a past session. Columns (any case): date, symbol, trailing_pe, forward_pe; one row
 * per fund and publication date; an empty cell means "not published". The row used for a session
 * is the latest one dated on or before it, and the answer names that date.
 */
import { BadDataError } from "../../core/errors.ts";
import { normaliseSymbol } from "../../core/market/instruments.ts";
import { CsvSyntaxError, csvRecords, isBlankRecord } from "./records.ts";
import { findColumn, isMissingValue, leadingIsoDate, parseDecimal } from "./fields.ts";

export const VALUATION_FILE = "valuation.csv";

export interface PublishedPe {
  date: string;
  trailingPE?: number;
  forwardPE?: number;
}

/** Rows by Yahoo symbol, ascending by date. */
export type ValuationTable = Map<string, PublishedPe[]>;

export function parseValuationCsv(text: string, fileName = VALUATION_FILE): ValuationTable {
  const fail = (line: number | undefined, message: string) =>
    new BadDataError(
      fileName,
      line === undefined ? `${fileName}: ${message}` : `${fileName} line ${line}: ${message}`,
    );
  const table: ValuationTable = new Map();
  let cols: { date: number; symbol: number; trailing: number; forward: number } | undefined;
  try {
    for (const { fields, line } of csvRecords(text)) {
      if (isBlankRecord(fields)) continue;
      if (!cols) {
        const header = fields.map((f) => f.trim());
        cols = {
          date: findColumn(header, ["date"]),
          symbol: findColumn(header, ["symbol", "ticker"]),
          trailing: findColumn(header, ["trailingpe", "pe", "trailingpricetoearnings"]),
          forward: findColumn(header, ["forwardpe", "forwardpricetoearnings"]),
        };
        if (cols.date < 0 || cols.symbol < 0)
          throw fail(undefined, `needs "date" and "symbol" columns, got "${header.join(",")}"`);
        if (cols.trailing < 0 && cols.forward < 0)
          throw fail(undefined, `needs a "trailing_pe" or "forward_pe" column, got "${header.join(",")}"`);
        continue;
      }
      const date = leadingIsoDate(fields[cols.date] ?? "");
      if (!date) throw fail(line, `date "${fields[cols.date] ?? ""}" is not YYYY-MM-DD`);
      const symbol = normaliseSymbol(fields[cols.symbol] ?? "");
      if (!symbol) throw fail(line, `symbol "${fields[cols.symbol] ?? ""}" is not a ticker`);
      const value = (col: number, name: string): number | undefined => {
        const cell = col < 0 ? "" : (fields[col] ?? "");
        if (isMissingValue(cell)) return undefined;
        const n = parseDecimal(cell);
        if (n === undefined) throw fail(line, `${name} "${cell}" is not a number`);
        return n;
      };
      const trailingPE = value(cols.trailing, "trailing_pe");
      const forwardPE = value(cols.forward, "forward_pe");
      const rows = table.get(symbol) ?? [];
      rows.push({
        date,
        ...(trailingPE === undefined ? {} : { trailingPE }),
        ...(forwardPE === undefined ? {} : { forwardPE }),
      });
      table.set(symbol, rows);
    }
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw fail(err.line, err.detail);
    throw err;
  }
  if (!cols) throw fail(undefined, "the file is empty");
  for (const rows of table.values()) rows.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return table;
}

/** The latest published row of a symbol on or before `date`. */
export function publishedOn(table: ValuationTable, symbol: string, date: string): PublishedPe | undefined {
  const rows = table.get(symbol) ?? [];
  let found: PublishedPe | undefined;
  for (const row of rows) {
    if (row.date > date) break;
    found = row;
  }
  return found;
}
