/**
 * Test doubles of the ports (not of any module): an in-memory MarketData that counts its calls,
 * with switchable failures and delays, and a Clock the test moves by hand.
 */
import { SymbolNotFoundError } from "../../../src/core/errors.ts";
import { isTradingDay } from "../../../src/core/market/calendar.ts";
import { addDays, nyWallTime } from "../../../src/core/market/time.ts";
import type {
  Bar,
  Clock,
  DailySeries,
  HistoryRequest,
  MarketData,
  Quote,
  QuoteBatchProgress,
  QuotesResult,
} from "../../../src/core/ports.ts";

export class ManualClock implements Clock {
  private t: number;
  constructor(t: number) {
    this.t = t;
  }
  now(): number {
    return this.t;
  }
  set(t: number): void {
    this.t = t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

/** The instant New York wall-clock reads `date` `hh:mm`. */
export function ny(date: string, hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return nyWallTime(date, h * 60 + m);
}

/** One bar per NYSE session from `from` to `to`, closes following a simple deterministic walk. */
export function sessions(from: string, to: string, start = 100): Bar[] {
  const bars: Bar[] = [];
  let close = start;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (!isTradingDay(d)) continue;
    close = Math.round(close * (1 + ((bars.length % 7) - 3) / 1000) * 100) / 100;
    bars.push({ date: d, close });
  }
  return bars;
}

export class CountingMarketData implements MarketData {
  readonly name = "Counting test source";
  readonly historyCalls: { symbol: string; request: HistoryRequest }[] = [];
  readonly quoteCalls: string[][] = [];
  /** Every session the source knows, per symbol. */
  readonly bars = new Map<string, Bar[]>();
  readonly prices = new Map<string, number>();
  /** When set, every call fails with this error. */
  failWith: Error | undefined;
  /** Each call waits this long, so concurrent callers overlap. */
  delayMs = 0;
  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  historyCallsFor(symbol: string): number {
    return this.historyCalls.filter((c) => c.symbol === symbol).length;
  }

  private async pause(): Promise<void> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
  }

  async history(symbol: string, request: HistoryRequest): Promise<DailySeries> {
    this.historyCalls.push({ symbol, request });
    await this.pause();
    if (this.failWith) throw this.failWith;
    const all = this.bars.get(symbol);
    if (!all) throw new SymbolNotFoundError(symbol);
    return {
      symbol,
      source: this.name,
      fetchedAt: this.clock.now(),
      bars: all.filter((b) => b.date >= request.from && b.date <= request.to).map((b) => ({ ...b })),
    };
  }

  async quotes(
    symbols: string[],
    options?: { onProgress?: (p: QuoteBatchProgress) => void },
  ): Promise<QuotesResult> {
    this.quoteCalls.push([...symbols]);
    await this.pause();
    if (this.failWith) throw this.failWith;
    const quotes: Quote[] = [];
    const missing: QuotesResult["missing"] = [];
    for (const symbol of symbols) {
      const price = this.prices.get(symbol);
      if (price === undefined) missing.push({ symbol, reason: "unknown symbol" });
      else quotes.push({ symbol, price, time: this.clock.now() });
      options?.onProgress?.({ done: quotes.length + missing.length, total: symbols.length });
    }
    return { quotes, missing, source: this.name, fetchedAt: this.clock.now() };
  }
}
