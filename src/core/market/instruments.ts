/**
 * Index aliases and the instruments the bot knows by name (for labels and autocomplete).
 * Definitions follow the instruments table of the analytics guide.
 */
import { UserError } from "../errors.ts";

export interface IndexInfo {
  /** Canonical alias, e.g. "RUT". */
  alias: string;
  name: string;
  /** Yahoo symbol of the index level. */
  symbol: string;
  /** Tradable proxy ETF, when there is one. */
  proxy?: string;
  /** Words a user may type for it. */
  aliases: string[];
  /** Whether the bot can list its members (breadth). */
  hasMembers: boolean;
}

export const INDEXES: readonly IndexInfo[] = [
  {
    alias: "RUT",
    name: "Russell 2000",
    symbol: "^RUT",
    proxy: "IWM",
    aliases: ["RUT", "R2K", "RUSSELL", "SMALL", "^RUT", "IWM"],
    hasMembers: true,
  },
  {
    alias: "SPX",
    name: "S&P 500",
    symbol: "^GSPC",
    proxy: "SPY",
    aliases: ["SPX", "SP500", "S&P", "S&P500", "LARGE", "^GSPC", "GSPC", "SPY", "IVV"],
    hasMembers: true,
  },
  {
    alias: "NDX",
    name: "Nasdaq-100",
    symbol: "^NDX",
    proxy: "QQQ",
    aliases: ["NDX", "NASDAQ100", "NASDAQ-100", "^NDX", "QQQ"],
    hasMembers: true,
  },
  {
    alias: "COMP",
    name: "Nasdaq Composite",
    symbol: "^IXIC",
    aliases: ["COMP", "IXIC", "NASDAQ", "^IXIC"],
    hasMembers: false,
  },
  {
    alias: "EQUAL",
    name: "S&P 500 Equal Weight (RSP)",
    symbol: "RSP",
    proxy: "RSP",
    aliases: ["EQUAL", "RSP"],
    hasMembers: false,
  },
  {
    alias: "DJI",
    name: "Dow Jones Industrial Average",
    symbol: "^DJI",
    proxy: "DIA",
    aliases: ["DJI", "DOW", "^DJI", "DIA"],
    hasMembers: false,
  },
];

/** Looks up an index by anything a user may type; undefined when unknown. */
export function findIndex(text: string): IndexInfo | undefined {
  const wanted = text.trim().toUpperCase();
  return INDEXES.find((i) => i.aliases.includes(wanted));
}

/** The eleven Select Sector SPDRs, then themes: regional banks, biotech, semis, small caps, equal weight. */
export const SECTOR_ETFS: readonly { symbol: string; name: string }[] = [
  { symbol: "XLK", name: "Technology" },
  { symbol: "XLF", name: "Financials" },
  { symbol: "XLI", name: "Industrials" },
  { symbol: "XLV", name: "Health care" },
  { symbol: "XLE", name: "Energy" },
  { symbol: "XLY", name: "Consumer discretionary" },
  { symbol: "XLP", name: "Consumer staples" },
  { symbol: "XLU", name: "Utilities" },
  { symbol: "XLB", name: "Materials" },
  { symbol: "XLRE", name: "Real estate" },
  { symbol: "XLC", name: "Communication services" },
  { symbol: "KRE", name: "Regional banks" },
  { symbol: "XBI", name: "Biotech" },
  { symbol: "SMH", name: "Semiconductors" },
  { symbol: "IWM", name: "Russell 2000 (small caps)" },
  { symbol: "RSP", name: "S&P 500 equal weight" },
];

/** Names of well-known symbols, for labels and autocomplete. */
export const KNOWN_INSTRUMENTS: Readonly<Record<string, string>> = {
  "^RUT": "Russell 2000",
  "^GSPC": "S&P 500",
  "^IXIC": "Nasdaq Composite",
  "^NDX": "Nasdaq-100",
  "^DJI": "Dow Jones Industrial Average",
  IWM: "iShares Russell 2000 ETF",
  SPY: "SPDR S&P 500 ETF",
  IVV: "iShares Core S&P 500 ETF",
  QQQ: "Invesco QQQ (Nasdaq-100)",
  RSP: "Invesco S&P 500 Equal Weight ETF",
  DIA: "SPDR Dow Jones Industrial Average ETF",
  IJR: "iShares Core S&P Small-Cap (S&P 600)",
  IJH: "iShares Core S&P Mid-Cap (S&P 400)",
  XLK: "Technology Select Sector SPDR",
  XLF: "Financial Select Sector SPDR",
  XLI: "Industrial Select Sector SPDR",
  XLV: "Health Care Select Sector SPDR",
  XLE: "Energy Select Sector SPDR",
  XLY: "Consumer Discretionary Select Sector SPDR",
  XLP: "Consumer Staples Select Sector SPDR",
  XLU: "Utilities Select Sector SPDR",
  XLB: "Materials Select Sector SPDR",
  XLRE: "Real Estate Select Sector SPDR",
  XLC: "Communication Services Select Sector SPDR",
  KRE: "SPDR S&P Regional Banking ETF",
  XBI: "SPDR S&P Biotech ETF",
  SMH: "VanEck Semiconductor ETF",
  "^IRX": "13-week Treasury bill yield",
  "^FVX": "5-year Treasury yield",
  "^TNX": "10-year Treasury yield",
  "^TYX": "30-year Treasury yield",
  "^VIX": "CBOE Volatility Index",
  "^RVX": "CBOE Russell 2000 Volatility Index",
};

/** A symbol as Yahoo writes it: letters, digits and ^ . - = only. */
export const SYMBOL_PATTERN = /^[\^]?[A-Z0-9][A-Z0-9.\-=]{0,14}$/;

/**
 * Index words become their Yahoo index symbol (RUT -> ^RUT, SPX -> ^GSPC); tradable tickers stay
 * as typed (IWM stays IWM). Throws a UserError naming the position, never the text.
 */
export function symbolFromWord(word: string, position: number, hint: string): string {
  const upper = word.toUpperCase();
  const index = INDEXES.find((i) => i.aliases.includes(upper) && i.symbol.startsWith("^"));
  if (index && !(upper in KNOWN_INSTRUMENTS)) return index.symbol;
  const symbol = normaliseSymbol(word);
  if (!symbol)
    throw new UserError(
      "bad-ticker",
      `Ticker ${position} is not a symbol: use letters, digits and ^ . - = only (e.g. IWM, ^RUT, BRK-B), or an index name such as RUT, SPX, NDX.`,
      hint,
    );
  return symbol;
}

/** Normalises a typed ticker to Yahoo's form (BRK.B -> BRK-B), or undefined when not a symbol. */
export function normaliseSymbol(text: string): string | undefined {
  const upper = text.trim().toUpperCase();
  if (!SYMBOL_PATTERN.test(upper)) return undefined;
  // Share classes are dotted on exchanges and dashed on Yahoo; index symbols keep their form.
  if (/^[A-Z]{1,5}\.[A-Z]$/.test(upper)) return upper.replace(".", "-");
  return upper;
}
