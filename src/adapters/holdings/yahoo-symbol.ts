/**
 * Publisher ticker -> Yahoo symbol. The rule:
 *
 * 1. A share class written with a separator takes Yahoo's dash: "BRK.B", "BRK B", "BRK/B" -> "BRK-B".
 * 2. A class run into the ticker ("MOGA") is ambiguous: on NASDAQ the concatenated form is the real
 *    symbol (RUSHA, GOOGL, LBTYA), and on NYSE plenty of ordinary tickers end in A or B (ZETA,
 *    ACVA). So NYSE rows go through an explicit table of class tickers that iShares writes without
 *    the separator; anything not in the table, and every non-NYSE row, is left as written.
 *
 * Extend the table when a member shows up unpriced because of its class suffix; never derive
 * entries by cutting letters off.
 */

/** NYSE class tickers written without a separator, as published -> as Yahoo writes them. */
export const NYSE_CLASS_TICKERS: Readonly<Record<string, string>> = {
  AKOA: "AKO-A",
  AKOB: "AKO-B",
  BFA: "BF-A",
  BFB: "BF-B",
  BHA: "BH-A",
  BIOB: "BIO-B",
  BRKA: "BRK-A",
  BRKB: "BRK-B",
  CRDA: "CRD-A",
  CRDB: "CRD-B",
  CWENA: "CWEN-A",
  GEFB: "GEF-B",
  GTNA: "GTN-A",
  HEIA: "HEI-A",
  HVTA: "HVT-A",
  LENB: "LEN-B",
  MKCV: "MKC-V",
  MOGA: "MOG-A",
  MOGB: "MOG-B",
  TAPA: "TAP-A",
  UHALB: "UHAL-B",
  WSOB: "WSO-B",
};

/**
 * Whether an exchange column names a NYSE venue: "NYSE", "New York Stock Exchange", and NYSE
 * American (which iShares writes "Nyse Mkt Llc"), where the same dashed class convention holds.
 * NYSE Arca lists funds, not class shares, so it does not matter either way.
 */
export function isNyseExchange(exchange: string | undefined): boolean {
  if (!exchange) return false;
  const e = exchange.trim().toLowerCase();
  return e === "nyse" || e.startsWith("nyse ") || e.startsWith("new york stock exchange");
}

/** The Yahoo symbol for a published ticker; `exchange` is the row's exchange column, if any. */
export function toYahooSymbol(ticker: string, exchange?: string): string {
  const t = ticker.trim().toUpperCase();
  const separated = /^([A-Z0-9]+)(?:\.|\/| +)([A-Z]{1,2})$/.exec(t);
  if (separated) return `${separated[1]}-${separated[2]}`;
  if (isNyseExchange(exchange)) return NYSE_CLASS_TICKERS[t] ?? t;
  return t;
}
