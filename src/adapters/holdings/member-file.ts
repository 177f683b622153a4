/**
 * A member-list file of either layout: Invesco's holdings download (Fund Ticker, Holding Ticker,
 * ...) or the iShares file and any CSV with a Ticker or Symbol column. The layout is told by the
 * header, so a URL or file setting can point at either.
 */
import { CsvSyntaxError, csvRecords } from "../csv/records.ts";
import { BadDataError } from "../../core/errors.ts";
import { type Holdings, looksLikeHoldingsCsv, parseHoldings } from "./holdings-csv.ts";
import { looksLikeInvescoCsv, parseInvescoHoldings } from "./invesco-csv.ts";

export interface MemberFileOptions {
  /** For files that list several funds (Invesco's): the fund whose rows are kept, e.g. "QQQ". */
  fund?: string;
}

/** Parses a member-list file; `sourceName` (a file name or a host) is used in every error message. */
export function parseMemberFile(text: string, sourceName: string, options: MemberFileOptions = {}): Holdings {
  if (!looksLikeInvescoCsv(text)) return parseHoldings(text, sourceName);
  try {
    return parseInvescoHoldings(csvRecords(text), sourceName, options);
  } catch (err) {
    if (err instanceof CsvSyntaxError)
      throw new BadDataError(sourceName, `${sourceName} line ${err.line}: ${err.detail}`);
    throw err;
  }
}

/** Whether a downloaded body is a member-list CSV of either layout (not an HTML page, not empty). */
export function looksLikeMemberCsv(text: string): boolean {
  return looksLikeInvescoCsv(text) || looksLikeHoldingsCsv(text);
}
