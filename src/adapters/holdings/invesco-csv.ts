/**
 * Index members from Invesco's holdings download (the QQQ file tracks the Nasdaq-100): one header
 * row `Fund Ticker,Security Identifier,Holding Ticker,Shares/Par Value,MarketValue,Weight,Name,
 * Class of Shares,Sector,Date`, then one row per holding. Tickers may carry trailing spaces; the
 * Date column is the list's date; a download can hold rows of more than one fund, so only the
 * rows of the fund asked for are kept.
 *
 * The parser reads records (fields + line number) rather than text, so it does not care which
 * CSV reader produced them.
 */
import { BadDataError } from "../../core/errors.ts";
import { SYMBOL_PATTERN } from "../../core/market/instruments.ts";
import { findColumn, headerKey, isMissingValue, parseDecimal } from "../csv/fields.ts";
import { addMember, type Holdings, holdingsDate, type Member } from "./holdings-csv.ts";
import { toYahooSymbol } from "./yahoo-symbol.ts";

export interface CsvRecordLike {
  fields: string[];
  /** 1-based line the record starts on. */
  line: number;
}

const FUND_KEYS = ["fundticker"];
const TICKER_KEYS = ["holdingticker"];

/** Whether a header row is Invesco's: it has both a Fund Ticker and a Holding Ticker column. */
export function isInvescoHeader(fields: readonly string[]): boolean {
  const keys = fields.map(headerKey);
  return keys.some((k) => FUND_KEYS.includes(k)) && keys.some((k) => TICKER_KEYS.includes(k));
}

/** Whether a body's first non-blank line is Invesco's header (a cheap check before parsing). */
export function looksLikeInvescoCsv(text: string): boolean {
  const first = text
    .replace(/^\uFEFF/, "")
    .slice(0, 4_000)
    .split(/\r\n|\n|\r/)
    .find((line) => line.trim() !== "");
  return first !== undefined && isInvescoHeader(first.split(",").map((f) => f.replaceAll('"', "")));
}

export interface InvescoOptions {
  /** Keep the rows of this fund (e.g. "QQQ"); without it, the fund of the first row. */
  fund?: string;
}

/**
 * Parses the records of an Invesco holdings file; `sourceName` is used in every error message.
 * Throws BadDataError when there is no header, a row is malformed, or no row is of the fund.
 */
export function parseInvescoHoldings(
  records: Iterable<CsvRecordLike>,
  sourceName: string,
  options: InvescoOptions = {},
): Holdings {
  const fail = (line: number | undefined, message: string): BadDataError =>
    new BadDataError(
      sourceName,
      line === undefined ? `${sourceName}: ${message}` : `${sourceName} line ${line}: ${message}`,
    );
  const out: Holdings = { members: [], skipped: { nonEquity: 0, noTicker: 0, duplicates: 0 } };
  let header: string[] | undefined;
  let col = { fund: -1, ticker: -1, name: -1, sector: -1, weight: -1, date: -1 };
  let wanted = options.fund?.trim().toUpperCase();
  const otherFunds = new Set<string>();
  const bySymbol = new Map<string, Member>();
  let rows = 0;

  for (const { fields, line } of records) {
    if (fields.every((f) => f.trim() === "")) continue;
    if (!header) {
      if (!isInvescoHeader(fields))
        throw fail(line, "the first row is not Invesco's header (Fund Ticker, Holding Ticker, ...)");
      header = fields.map((f) => f.trim());
      col = {
        fund: findColumn(header, FUND_KEYS),
        ticker: findColumn(header, TICKER_KEYS),
        name: findColumn(header, ["name"]),
        sector: findColumn(header, ["sector"]),
        weight: findColumn(header, ["weight"]),
        date: findColumn(header, ["date"]),
      };
      continue;
    }
    if (fields.length !== header.length)
      throw fail(line, `expected ${header.length} fields as in the header, got ${fields.length}`);
    rows++;
    const cell = (i: number): string | undefined => {
      const v = i >= 0 ? fields[i]?.trim() : undefined;
      return v === undefined || isMissingValue(v) ? undefined : v;
    };

    const fund = cell(col.fund)?.toUpperCase();
    if (!fund) throw fail(line, "the Fund Ticker is empty");
    wanted ??= fund;
    if (fund !== wanted) {
      otherFunds.add(fund);
      continue;
    }

    const rawDate = cell(col.date);
    if (rawDate !== undefined) {
      const date = holdingsDate(rawDate);
      if (!date) throw fail(line, `date "${rawDate.slice(0, 40)}" is not a date`);
      // Rows of one file share a date; should they not, the list is as recent as its newest row.
      if (out.asOf === undefined || date > out.asOf) out.asOf = date;
    }

    const ticker = cell(col.ticker);
    if (!ticker) {
      out.skipped.noTicker++;
      continue;
    }
    const symbol = toYahooSymbol(ticker);
    if (!SYMBOL_PATTERN.test(symbol)) throw fail(line, `ticker "${ticker.slice(0, 40)}" is not a symbol`);
    const member: Member = { ticker, symbol };
    const name = cell(col.name);
    const sector = cell(col.sector);
    const rawWeight = cell(col.weight);
    if (name) member.name = name;
    if (sector) member.sector = sector;
    if (rawWeight !== undefined) {
      const weight = parseDecimal(rawWeight.replace(/%$/, ""));
      if (weight === undefined) throw fail(line, `weight "${rawWeight.slice(0, 40)}" is not a number`);
      member.weight = weight;
    }
    addMember(out, bySymbol, member);
  }

  if (!header) throw fail(undefined, "the file is empty");
  if (rows === 0) throw fail(undefined, "the file has a header but no holdings");
  if (out.members.length === 0 && otherFunds.size > 0)
    throw fail(
      undefined,
      `it lists no holdings of ${wanted ?? "the fund"}, only of ${[...otherFunds].slice(0, 5).join(", ")}`,
    );
  if (wanted) out.fund = wanted;
  return out;
}
