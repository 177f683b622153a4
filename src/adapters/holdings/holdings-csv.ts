/**
 * Index members from a holdings CSV: the iShares file exactly as served (BOM, preamble, a line
 * holding a non-breaking space, the table, then a blank line and a legal disclaimer), or a simple
 * file with a Ticker or Symbol column. The header is found by its content, never by line number,
 * because the preamble's length varies between funds and over time.
 */
import { BadDataError } from "../../core/errors.ts";
import { SYMBOL_PATTERN } from "../../core/market/instruments.ts";
import { isIsoDate } from "../../core/market/time.ts";
import { CsvSyntaxError, csvRecords, isBlankRecord } from "../csv/records.ts";
import { findColumn, headerKey, isMissingValue, parseDecimal } from "../csv/fields.ts";
import { toYahooSymbol } from "./yahoo-symbol.ts";

export interface Member {
  /** As published, e.g. "MOGA" or "BRK.B". */
  ticker: string;
  /** Yahoo form, e.g. "MOG-A" or "BRK-B". */
  symbol: string;
  name?: string;
  sector?: string;
  /** Weight in the fund, in percent. */
  weight?: number;
  exchange?: string;
  assetClass?: string;
}

export interface Holdings {
  /** YYYY-MM-DD, from the "Fund Holdings as of" preamble line. */
  asOf?: string;
  /** The fund's name, from the first preamble line. */
  fund?: string;
  members: Member[];
  skipped: {
    /** Rows whose Asset Class is not Equity (cash, futures, money market...). */
    nonEquity: number;
    /** Equity rows without a ticker ("-"), e.g. unlisted rights. */
    noTicker: number;
    /** Rows whose symbol was already listed (kept once, weights added). */
    duplicates: number;
  };
}

const TICKER_KEYS = ["ticker", "symbol"];

/** Parses a holdings file; `sourceName` (a file name or URL) is used in every error message. */
export function parseHoldings(text: string, sourceName: string): Holdings {
  const fail = (line: number | undefined, message: string): BadDataError =>
    new BadDataError(
      sourceName,
      line === undefined ? `${sourceName}: ${message}` : `${sourceName} line ${line}: ${message}`,
    );
  try {
    return parse(text, fail);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw fail(err.line, err.detail);
    throw err;
  }
}

function parse(text: string, fail: (line: number | undefined, message: string) => BadDataError): Holdings {
  const out: Holdings = { members: [], skipped: { nonEquity: 0, noTicker: 0, duplicates: 0 } };
  let header: string[] | undefined;
  let col = { ticker: -1, name: -1, sector: -1, weight: -1, exchange: -1, assetClass: -1 };
  const bySymbol = new Map<string, Member>();

  for (const { fields, line } of csvRecords(text)) {
    if (!header) {
      if (fields.some((f) => TICKER_KEYS.includes(headerKey(f)))) {
        header = fields.map((f) => f.trim());
        col = {
          ticker: findColumn(header, TICKER_KEYS),
          name: findColumn(header, ["name", "companyname", "company", "security"]),
          sector: findColumn(header, ["sector"]),
          weight: findColumn(header, ["weight", "weightpercent", "weightpct"]),
          exchange: findColumn(header, ["exchange"]),
          assetClass: findColumn(header, ["assetclass"]),
        };
      } else {
        readPreamble(fields, line, out, fail);
      }
      continue;
    }

    // The table ends at the first blank line; the disclaimer after it is not ours to parse.
    if (isBlankRecord(fields)) break;
    // A prose line straight after the table also ends it (a real row of a multi-column table
    // never has a single field).
    if (header.length > 1 && fields.length === 1 && /\s/.test(fields[0]?.trim() ?? "")) break;
    if (fields.length !== header.length) {
      throw fail(line, `expected ${header.length} fields as in the header, got ${fields.length}`);
    }

    const cell = (i: number): string | undefined => {
      const v = i >= 0 ? fields[i]?.trim() : undefined;
      return v === undefined || isMissingValue(v) ? undefined : v;
    };
    const assetClass = cell(col.assetClass);
    if (col.assetClass >= 0 && assetClass?.toLowerCase() !== "equity") {
      out.skipped.nonEquity++;
      continue;
    }
    const ticker = cell(col.ticker);
    if (!ticker) {
      out.skipped.noTicker++;
      continue;
    }
    const exchange = cell(col.exchange);
    const symbol = toYahooSymbol(ticker, exchange);
    if (!SYMBOL_PATTERN.test(symbol)) throw fail(line, `ticker "${ticker}" is not a symbol`);

    const member: Member = { ticker, symbol };
    const name = cell(col.name);
    const sector = cell(col.sector);
    const rawWeight = cell(col.weight);
    if (name) member.name = name;
    if (sector) member.sector = sector;
    if (exchange) member.exchange = exchange;
    if (assetClass) member.assetClass = assetClass;
    if (rawWeight !== undefined) {
      const weight = parseDecimal(rawWeight);
      if (weight === undefined) throw fail(line, `weight "${rawWeight}" is not a number`);
      member.weight = weight;
    }

    // iShares lists a company twice when it also holds e.g. a CVR under the same ticker.
    addMember(out, bySymbol, member);
  }

  if (!header) throw fail(undefined, 'no header row with a "Ticker" or "Symbol" column found');
  return out;
}

/**
 * Adds a member to a list being read, once per Yahoo symbol: a second row for the same symbol is
 * counted as a duplicate and its weight added to the first.
 */
export function addMember(out: Holdings, bySymbol: Map<string, Member>, member: Member): void {
  const seen = bySymbol.get(member.symbol);
  if (seen) {
    out.skipped.duplicates++;
    if (seen.weight !== undefined && member.weight !== undefined) seen.weight += member.weight;
    return;
  }
  bySymbol.set(member.symbol, member);
  out.members.push(member);
}

/** Reads the lines above the header: the fund's name and the "Fund Holdings as of" date. */
function readPreamble(
  fields: string[],
  line: number,
  out: Holdings,
  fail: (line: number | undefined, message: string) => BadDataError,
): void {
  const filled = fields.map((f) => f.trim()).filter((f) => f !== "");
  const [first, second] = filled;
  if (first === undefined) return;
  if (headerKey(first) === "fundholdingsasof") {
    const date = second === undefined ? undefined : holdingsDate(second);
    if (!date) throw fail(line, `"Fund Holdings as of" date "${second ?? ""}" is not a date`);
    out.asOf = date;
  } else if (filled.length === 1 && out.fund === undefined && line === 1) {
    out.fund = first;
  }
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** "May 05, 2026", "May 5 2026", "2026-05-05" or "05/05/2026" (US order) -> "2026-05-05". */
export function holdingsDate(text: string): string | undefined {
  const t = text.trim();
  let y: string | undefined;
  let m: number | undefined;
  let d: string | undefined;
  const named = /^([A-Za-z]{3})[a-z]*\.? +(\d{1,2}),? +(\d{4})$/.exec(t);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (named) {
    m = MONTHS.indexOf((named[1] ?? "").toLowerCase()) + 1;
    [d, y] = [named[2], named[3]];
  } else if (us) {
    [m, d, y] = [Number(us[1]), us[2], us[3]];
  } else if (isIsoDate(t)) {
    return t;
  }
  if (!y || !m || !d) return undefined;
  const iso = `${y}-${String(m).padStart(2, "0")}-${d.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : undefined;
}

/**
 * Whether a downloaded body is a holdings CSV rather than, say, an HTML error or login page:
 * it must not start like markup and must have a Ticker or Symbol header within its first lines.
 */
export function looksLikeHoldingsCsv(text: string): boolean {
  const body = text.replace(/^\uFEFF/, "").trimStart();
  if (body.startsWith("<")) return false;
  const head = body.slice(0, 20_000);
  if (/<html|<!doctype/i.test(head)) return false;
  return head
    .split(/\r\n|\n|\r/, 40)
    .some((line) => line.split(",").some((f) => TICKER_KEYS.includes(headerKey(f.replaceAll('"', "")))));
}
