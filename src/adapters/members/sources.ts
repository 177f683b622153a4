/**
 * Where each index's member list comes from: a holdings CSV at a URL (iShares IWM and IVV files,
 * Invesco's QQQ download for the Nasdaq-100, or any CSV with a Ticker or Symbol column), or a local
 * file. A local file wins over a URL; a CSV data folder supplies DIR/constituents/<ALIAS>.csv for
 * every index.
 */
import { join } from "node:path";

export type MemberSource =
  /**
   * `fund`: in a download listing several funds (Invesco's), the one whose rows are kept. A local
   * file keeps the rows of its first fund: whoever chose the file chose the fund.
   */
  { kind: "url"; url: string; fund?: string } | { kind: "file"; path: string };

export interface MemberSourcesConfig {
  /** Holdings URLs by alias (HOLDINGS_URL_RUT, HOLDINGS_URL_SPX, HOLDINGS_URL_NDX). */
  urls?: Partial<Record<string, string>>;
  /** Local files by alias (MEMBERS_FILE_RUT, MEMBERS_FILE_SPX, MEMBERS_FILE_NDX). */
  files?: Partial<Record<string, string>>;
  /** The CSV data folder (MARKET_DATA=csv:DIR): members from DIR/constituents/<ALIAS>.csv. */
  csvDir?: string;
}

export const MEMBER_ALIASES = ["RUT", "SPX", "NDX"] as const;

/** The fund that tracks each index, whose holdings are its members. */
export const TRACKING_FUND: Readonly<Record<string, string>> = { RUT: "IWM", SPX: "IVV", NDX: "QQQ" };

/**
 * The fund a URL's rows should be of: its `ticker` parameter when it names one (Invesco's download
 * takes ?ticker=QQQ, so pointing the setting at QQQM's file keeps QQQM's rows), else the index's fund.
 */
function fundOf(alias: string, url: string): string | undefined {
  try {
    const ticker = new URL(url).searchParams.get("ticker")?.trim().toUpperCase();
    if (ticker && /^[A-Z0-9.-]{1,10}$/.test(ticker)) return ticker;
  } catch {
    // Not a URL: config.ts has refused it already.
  }
  return TRACKING_FUND[alias];
}

/** The source of each alias, by precedence: local file, CSV folder, URL. */
export function memberSources(config: MemberSourcesConfig): Map<string, MemberSource> {
  const out = new Map<string, MemberSource>();
  for (const alias of MEMBER_ALIASES) {
    const file = config.files?.[alias];
    const url = config.urls?.[alias];
    if (file) out.set(alias, { kind: "file", path: file });
    else if (config.csvDir)
      out.set(alias, { kind: "file", path: join(config.csvDir, "constituents", `${alias}.csv`) });
    else if (url) {
      const fund = fundOf(alias, url);
      out.set(alias, { kind: "url", url, ...(fund ? { fund } : {}) });
    }
  }
  return out;
}

/**
 * A name for replies: "holdings file from www.ishares.com" or "file constituents/RUT.csv" (the last
 * two parts of a path: enough to recognise, without the machine's folders). Never a URL's query.
 */
export function sourceName(source: MemberSource): string {
  if (source.kind === "file") return `file ${source.path.split(/[\\/]/).filter(Boolean).slice(-2).join("/")}`;
  try {
    return `holdings file from ${new URL(source.url).host}`;
  } catch {
    return "holdings file";
  }
}

/** Which variables configure an alias, for the message when none is set. */
export function howToConfigure(alias: string): string {
  return `set HOLDINGS_URL_${alias} to the URL of a holdings CSV (an iShares or Invesco download, or any CSV with a Ticker or Symbol column), or MEMBERS_FILE_${alias} to a local file of that form`;
}
