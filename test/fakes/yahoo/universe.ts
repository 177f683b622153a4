/**
 * The fake's small in-memory market: bars and quote overrides set by tests, plus synthesized
 * listings for any symbol matching a pattern (deterministic, so benchmarks can ask for thousands).
 * A quote is derived from the symbol's bars, so history and quotes agree unless a test says not.
 */
import { currentOrLastSession, isTradingDay, sessionTimes } from "../../../src/core/market/calendar.ts";
import { addDays, nyDate } from "../../../src/core/market/time.ts";
import { barStamp, type FakeBar, instrumentType, type QuoteFields } from "./builders.ts";

export interface UniverseOptions {
  /** Symbols matching this get synthesized bars and quotes without being set. */
  synthesize?: RegExp;
  now: () => number;
}

/** Three numbers in [0, 1) from a symbol, stable across runs. */
function seeds(symbol: string): [number, number, number] {
  let h = 2166136261;
  for (const ch of symbol) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  const next = () => {
    h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 3266489909) >>> 0;
    return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
  };
  return [next(), next(), next()];
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const DAY_MS = 86_400_000;
const EPOCH_DAY = Date.UTC(2000, 0, 1) / DAY_MS;

/** The calendar is asked once per date: thousands of synthesized symbols share the answers. */
const tradingDays = new Map<string, boolean>();
function trades(date: string): boolean {
  const known = tradingDays.get(date);
  if (known !== undefined) return known;
  const open = isTradingDay(date);
  tradingDays.set(date, open);
  return open;
}

/** Smooth, wandering but deterministic daily bars for a symbol, on NYSE trading days. */
export function synthBars(symbol: string, from: string, to: string): FakeBar[] {
  const [a, b, c] = seeds(symbol);
  const base = 10 + a * 290;
  const closeAt = (t: number) =>
    round2(
      base *
        Math.exp(
          0.00025 * (b - 0.3) * t +
            0.15 * Math.sin(t / (40 + 60 * c) + 6.28 * a) +
            0.05 * Math.sin(t / 9 + 6.28 * b),
        ),
    );
  const bars: FakeBar[] = [];
  const first = Date.parse(`${from < "2000-01-03" ? "2000-01-03" : from}T00:00:00Z`) / DAY_MS;
  const last = Date.parse(`${to}T00:00:00Z`) / DAY_MS;
  for (let day = first; day <= last; day++) {
    const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (!trades(date)) continue;
    const close = closeAt(day - EPOCH_DAY);
    const open = closeAt(day - EPOCH_DAY - 1);
    const noise = Math.abs(Math.sin(day * 12.9898 + a * 78.233) * 43758.5453) % 1;
    const volume = 200_000 + Math.round(noise * 5_000_000);
    bars.push({ date, open, close, high: Math.max(open, close), low: Math.min(open, close), volume });
  }
  return bars;
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

function nameOf(symbol: string): string {
  const type = instrumentType(symbol);
  return type === "ETF" ? `Fake ${symbol} ETF` : type === "INDEX" ? `Fake ${symbol} Index` : `${symbol} Inc.`;
}

export class FakeUniverse {
  readonly #bars = new Map<string, FakeBar[]>();
  readonly #quotes = new Map<string, QuoteFields>();
  readonly #options: UniverseOptions;
  /** Synthesized quote bases by symbol and session: thousands of symbols stay cheap to serve. */
  readonly #synthCache = new Map<string, QuoteFields>();

  constructor(options: UniverseOptions) {
    this.#options = options;
  }

  setBars(symbol: string, bars: FakeBar[]): void {
    this.#bars.set(
      symbol,
      [...bars].sort((x, y) => (x.date < y.date ? -1 : 1)),
    );
  }

  /** Merges Yahoo-named quote fields over whatever the symbol had (undefined removes a field). */
  setQuote(symbol: string, fields: QuoteFields): void {
    this.#quotes.set(symbol, { ...this.#quotes.get(symbol), ...fields });
  }

  knows(symbol: string): boolean {
    return this.#bars.has(symbol) || this.#quotes.has(symbol) || !!this.#options.synthesize?.test(symbol);
  }

  name(symbol: string): string {
    return (this.#quotes.get(symbol)?.shortName as string | undefined) ?? nameOf(symbol);
  }

  /** The first date a test gave bars for (synthesized listings go back to 2000). */
  firstDate(symbol: string): string | undefined {
    return this.#bars.get(symbol)?.[0]?.date;
  }

  /** Bars stamped in [period1, period2) seconds, and the last close before them. */
  barsBetween(symbol: string, period1: number, period2: number) {
    const set = this.#bars.get(symbol);
    const from = nyDate(period1 * 1000);
    const to = nyDate(Math.max(period1, period2 - 1) * 1000);
    const all =
      set ?? (this.#options.synthesize?.test(symbol) ? synthBars(symbol, addDays(from, -10), to) : []);
    const inside = all.filter((b) => {
      const stamp = barStamp(b.date);
      return stamp >= period1 && stamp < period2;
    });
    const before = all.filter((b) => b.date < from && b.close !== null).at(-1)?.close ?? undefined;
    return { bars: inside, previousClose: before };
  }

  #sessionMemo = { minute: Number.NaN, session: "", closeMs: 0 };
  /** The session a quote at `now` belongs to, worked out once a minute rather than per symbol. */
  #session(now: number): { session: string; closeMs: number } {
    const minute = Math.floor(now / 60_000);
    if (this.#sessionMemo.minute !== minute) {
      const session = currentOrLastSession(now);
      this.#sessionMemo = { minute, session, closeMs: sessionTimes(session).close };
    }
    return this.#sessionMemo;
  }

  /** The Yahoo-named core quote fields of a symbol, or undefined for an unknown one. */
  quoteFields(symbol: string): QuoteFields | undefined {
    if (!this.knows(symbol)) return undefined;
    const overrides = this.#quotes.get(symbol) ?? {};
    const now = this.#options.now();
    const { session, closeMs } = this.#session(now);
    const set = this.#bars.get(symbol);
    let base: QuoteFields;
    if (set && set.length > 0) base = fromBars(set, now);
    else if (!set && this.#options.synthesize?.test(symbol)) {
      const key = `${symbol}|${session}`;
      const cached =
        this.#synthCache.get(key) ?? fromBars(synthBars(symbol, addDays(session, -380), session), now);
      this.#synthCache.set(key, cached);
      base = { ...cached, regularMarketTime: Math.floor(Math.min(now, closeMs) / 1000) };
    } else base = fromPrice(overrides.regularMarketPrice, now);
    // Funds and companies report earnings multiples; indexes do not.
    const trailingPE = instrumentType(symbol) === "INDEX" ? undefined : round2(8 + seeds(symbol)[2] * 40);
    const multiples = trailingPE === undefined ? {} : { trailingPE, forwardPE: round2(trailingPE * 0.85) };
    const fields: QuoteFields = {
      shortName: nameOf(symbol),
      longName: nameOf(symbol),
      ...multiples,
      ...base,
      ...overrides,
    };
    // Keep change consistent with an overridden price or previous close.
    const price = fields.regularMarketPrice;
    const prev = fields.regularMarketPreviousClose;
    if (!("regularMarketChange" in overrides) && typeof price === "number" && typeof prev === "number") {
      fields.regularMarketChange = round2(price - prev);
      fields.regularMarketChangePercent = prev === 0 ? 0 : ((price - prev) / prev) * 100;
    }
    return fields;
  }
}

/** The quote a symbol's own bars imply: last close, change on the day before, averages, range. */
function fromBars(all: FakeBar[], nowMs: number): QuoteFields {
  const priced = all.filter((b): b is FakeBar & { close: number } => b.close !== null);
  const closes = priced.map((b) => b.close);
  const last = priced.at(-1);
  if (!last) return {};
  const prev = priced.at(-2)?.close ?? last.close;
  const year = priced.slice(-252);
  const live = last.date === nyDate(nowMs) && nowMs < sessionTimes(last.date).close;
  return {
    regularMarketPrice: last.close,
    regularMarketPreviousClose: prev,
    regularMarketOpen: last.open ?? last.close,
    regularMarketDayHigh: last.high ?? last.close,
    regularMarketDayLow: last.low ?? last.close,
    regularMarketVolume: last.volume ?? 1_000_000,
    regularMarketTime: Math.floor((live ? nowMs : sessionTimes(last.date).close) / 1000),
    fiftyTwoWeekHigh: Math.max(...year.map((b) => b.high ?? b.close)),
    fiftyTwoWeekLow: Math.min(...year.map((b) => b.low ?? b.close)),
    fiftyDayAverage: round2(mean(closes.slice(-50))),
    twoHundredDayAverage: round2(mean(closes.slice(-200))),
  };
}

function fromPrice(price: unknown, nowMs: number): QuoteFields {
  if (typeof price !== "number") return { regularMarketTime: Math.floor(nowMs / 1000) };
  const close = sessionTimes(currentOrLastSession(nowMs)).close;
  return {
    regularMarketPreviousClose: price,
    regularMarketTime: Math.floor(Math.min(nowMs, close) / 1000),
    fiftyTwoWeekHigh: price,
    fiftyTwoWeekLow: price,
    fiftyDayAverage: price,
    twoHundredDayAverage: price,
  };
}
