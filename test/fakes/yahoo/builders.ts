/**
 * Response bodies in Yahoo's real shapes (v8 chart, v7 quote, v10 quoteSummary), built from a few
 * numbers. Written from the recorded exchanges' structure; no recorded values are reused.
 */
import { marketState } from "../../../src/core/market/calendar.ts";
import { nyWallTime, zonedParts } from "../../../src/core/market/time.ts";

/** One daily row; close null reproduces Yahoo's all-null rows. */
export interface FakeBar {
  date: string;
  close: number | null;
  open?: number;
  high?: number;
  low?: number;
  volume?: number;
  adjClose?: number;
}

/** Yahoo quote fields by their Yahoo names; undefined removes a field from the answer. */
export type QuoteFields = Record<string, unknown>;

export type InstrumentType = "EQUITY" | "ETF" | "INDEX";

const ETFS = /^(SPY|IVV|VOO|IWM|QQQ|RSP|DIA|IJR|IJH|KRE|XBI|SMH|XL[A-Z]{1,2})$/;

export function instrumentType(symbol: string): InstrumentType {
  if (symbol.startsWith("^")) return "INDEX";
  return ETFS.test(symbol) ? "ETF" : "EQUITY";
}

const EXCHANGES: Record<InstrumentType, [string, string]> = {
  EQUITY: ["NMS", "NasdaqGS"],
  ETF: ["PCX", "NYSEArca"],
  INDEX: ["SNP", "SNP"],
};

/** New York's offset from UTC at an instant, in seconds (-18000 in winter, -14400 in summer). */
export function nyOffsetSeconds(epochMs: number): number {
  const p = zonedParts(epochMs);
  const [y, m, d] = p.date.split("-").map(Number) as [number, number, number];
  // Offsets are whole minutes, so the seconds are those of UTC.
  const wall = Date.UTC(y, m - 1, d, 0, p.minutes, new Date(epochMs).getUTCSeconds());
  return Math.round((wall - Math.floor(epochMs / 1000) * 1000) / 1000);
}

const STATE_CODES = { "pre-market": "PRE", open: "REGULAR", "after-hours": "POST", closed: "CLOSED" };

/** Yahoo's marketState code for a US listing at an instant. */
export function yahooMarketState(epochMs: number): string {
  return STATE_CODES[marketState(epochMs)];
}

/** Daily bars are stamped at the 09:30 New York open. */
const stamps = new Map<string, number>();
export function barStamp(date: string): number {
  const known = stamps.get(date);
  if (known !== undefined) return known;
  const stamp = Math.floor(nyWallTime(date, 9 * 60 + 30) / 1000);
  stamps.set(date, stamp);
  return stamp;
}

export function errorEnvelope(key: string, code: string, description: string): string {
  return JSON.stringify({ [key]: { result: null, error: { code, description } } });
}

function period(startSec: number, endSec: number, nowMs: number) {
  const gmtoffset = nyOffsetSeconds(nowMs);
  return { timezone: gmtoffset === -14400 ? "EDT" : "EST", start: startSec, end: endSec, gmtoffset };
}

export interface ChartInput {
  symbol: string;
  name: string;
  /** Bars inside [period1, period2), ascending. */
  bars: FakeBar[];
  /** The last real close before period1, if any (Yahoo's chartPreviousClose). */
  previousClose?: number;
  quote: QuoteFields;
  nowMs: number;
}

/** GET /v8/finance/chart/SYMBOL?interval=1d: one result with meta, timestamps and indicators. */
export function chartBody(input: ChartInput): string {
  const { symbol, bars, quote, nowMs } = input;
  const type = instrumentType(symbol);
  const [exchangeName, fullExchangeName] = EXCHANGES[type];
  const gmtoffset = nyOffsetSeconds(nowMs);
  const today = zonedParts(nowMs).date;
  const at = (minutes: number) => Math.floor(nyWallTime(today, minutes) / 1000);
  const meta = {
    currency: "USD",
    symbol,
    exchangeName,
    fullExchangeName,
    instrumentType: type,
    firstTradeDate: 946909800,
    regularMarketTime: quote.regularMarketTime,
    hasPrePostMarketData: type !== "INDEX",
    gmtoffset,
    timezone: gmtoffset === -14400 ? "EDT" : "EST",
    exchangeTimezoneName: "America/New_York",
    regularMarketPrice: quote.regularMarketPrice,
    fiftyTwoWeekHigh: quote.fiftyTwoWeekHigh,
    fiftyTwoWeekLow: quote.fiftyTwoWeekLow,
    regularMarketDayHigh: quote.regularMarketDayHigh,
    regularMarketDayLow: quote.regularMarketDayLow,
    regularMarketVolume: quote.regularMarketVolume,
    longName: input.name,
    shortName: input.name,
    chartPreviousClose: input.previousClose ?? bars.find((b) => b.close !== null)?.close ?? null,
    priceHint: 2,
    currentTradingPeriod: {
      pre: period(at(240), at(570), nowMs),
      regular: period(at(570), at(960), nowMs),
      post: period(at(960), at(1200), nowMs),
    },
    dataGranularity: "1d",
    range: "",
    validRanges: ["1d", "5d", "1mo", "3mo", "6mo", "1y", "2y", "5y", "10y", "ytd", "max"],
  };
  // An empty range: Yahoo sends no timestamp and a single empty quote object.
  const indicators =
    bars.length === 0
      ? { quote: [{}], adjclose: [{}] }
      : {
          quote: [
            {
              low: bars.map((b) =>
                b.close === null ? null : (b.low ?? Math.min(b.open ?? b.close, b.close)),
              ),
              high: bars.map((b) =>
                b.close === null ? null : (b.high ?? Math.max(b.open ?? b.close, b.close)),
              ),
              volume: bars.map((b) => (b.close === null ? null : (b.volume ?? 1_000_000))),
              close: bars.map((b) => b.close),
              open: bars.map((b) => (b.close === null ? null : (b.open ?? b.close))),
            },
          ],
          adjclose: [{ adjclose: bars.map((b) => (b.close === null ? null : (b.adjClose ?? b.close))) }],
        };
  const result: Record<string, unknown> = { meta };
  if (bars.length > 0) result.timestamp = bars.map((b) => barStamp(b.date));
  result.indicators = indicators;
  return JSON.stringify({ chart: { result: [result], error: null } });
}

/** A full v7 quote object: the core fields from `fields`, the rest filled in plausibly. */
export function quoteObject(symbol: string, fields: QuoteFields, nowMs: number): QuoteFields {
  const type = instrumentType(symbol);
  const [exchange, fullExchangeName] = EXCHANGES[type];
  const price = fields.regularMarketPrice as number | undefined;
  const high52 = fields.fiftyTwoWeekHigh as number | undefined;
  const low52 = fields.fiftyTwoWeekLow as number | undefined;
  const base: QuoteFields = {
    language: "en-US",
    region: "US",
    quoteType: type,
    typeDisp: type === "ETF" ? "ETF" : type === "INDEX" ? "Index" : "Equity",
    quoteSourceName: type === "INDEX" ? "Delayed Quote" : "Nasdaq Real Time Price",
    triggerable: true,
    customPriceAlertConfidence: "HIGH",
    currency: "USD",
    exchange,
    fullExchangeName,
    exchangeTimezoneName: "America/New_York",
    exchangeTimezoneShortName: nyOffsetSeconds(nowMs) === -14400 ? "EDT" : "EST",
    gmtOffSetMilliseconds: nyOffsetSeconds(nowMs) * 1000,
    market: "us_market",
    esgPopulated: false,
    marketState: yahooMarketState(nowMs),
    sourceInterval: 15,
    exchangeDataDelayedBy: 0,
    priceHint: 2,
    tradeable: false,
    cryptoTradeable: false,
    hasPrePostMarketData: type !== "INDEX",
    firstTradeDateMilliseconds: 946909800000,
    corporateActions: [],
    fiftyTwoWeekRange: high52 !== undefined && low52 !== undefined ? `${low52} - ${high52}` : undefined,
    fiftyTwoWeekHighChange: price !== undefined && high52 !== undefined ? price - high52 : undefined,
    fiftyTwoWeekLowChange: price !== undefined && low52 !== undefined ? price - low52 : undefined,
    messageBoardId: `finmb_${symbol.replace(/\W/g, "")}`,
    symbol,
  };
  return { ...base, ...fields, symbol };
}

export function quoteResponseBody(quotes: QuoteFields[]): string {
  return JSON.stringify({ quoteResponse: { result: quotes, error: null } });
}

/** GET /v10/finance/quoteSummary/SYMBOL?modules=price,summaryDetail from the same quote. */
export function quoteSummaryBody(quote: QuoteFields, modules: string[]): string {
  const q = quote;
  const out: Record<string, unknown> = {};
  if (modules.includes("price"))
    out.price = {
      maxAge: 1,
      // v10 gives a fraction where v7 gives percent.
      regularMarketChangePercent:
        typeof q.regularMarketChangePercent === "number" ? q.regularMarketChangePercent / 100 : undefined,
      regularMarketChange: q.regularMarketChange,
      regularMarketTime: q.regularMarketTime,
      priceHint: 2,
      regularMarketPrice: q.regularMarketPrice,
      regularMarketPreviousClose: q.regularMarketPreviousClose,
      regularMarketSource: "FREE_REALTIME",
      exchange: q.exchange,
      exchangeName: q.fullExchangeName,
      exchangeDataDelayedBy: 0,
      marketState: q.marketState,
      quoteType: q.quoteType,
      symbol: q.symbol,
      underlyingSymbol: null,
      shortName: q.shortName,
      longName: q.longName,
      currency: q.currency,
      quoteSourceName: q.quoteSourceName,
      currencySymbol: "$",
      fromCurrency: null,
      toCurrency: null,
      lastMarket: null,
    };
  if (modules.includes("summaryDetail"))
    out.summaryDetail = {
      maxAge: 1,
      priceHint: 2,
      previousClose: q.regularMarketPreviousClose,
      regularMarketPreviousClose: q.regularMarketPreviousClose,
      fiftyTwoWeekLow: q.fiftyTwoWeekLow,
      fiftyTwoWeekHigh: q.fiftyTwoWeekHigh,
      fiftyDayAverage: q.fiftyDayAverage,
      twoHundredDayAverage: q.twoHundredDayAverage,
      currency: q.currency,
      fromCurrency: null,
      toCurrency: null,
      lastMarket: null,
      coinMarketCapLink: null,
      algorithm: null,
      tradeable: false,
    };
  return JSON.stringify({ quoteSummary: { result: [out], error: null } });
}
