/**
 * Fetches what breadth needs for every member, reporting progress as it goes: one quotes() call
 * (the source batches and reports per batch), or one history() per member with a bounded number
 * in flight. Members that fail are listed with the reason; only a source that answered nothing
 * at all turns into an outage.
 */
import type { CommandContext } from "../command.ts";
import { BadDataError, DataUnavailableError, SymbolNotFoundError, userTextOf } from "../errors.ts";
import type { Bar, HistoryRequest, Quote } from "../ports.ts";

export interface GatheredQuotes {
  quotes: Map<string, Quote>;
  /** symbol -> why it is missing */
  missing: Map<string, string>;
  source: string;
  fetchedAt: number;
  staleAgeMs?: number;
}

export async function gatherQuotes(
  symbols: readonly string[],
  ctx: CommandContext,
  message: string,
): Promise<GatheredQuotes> {
  const total = symbols.length;
  ctx.progress?.({ message, done: 0, total });
  const result = await ctx.market.quotes([...symbols], {
    onProgress: (p) => ctx.progress?.({ message, done: p.done, total: p.total }),
  });
  return {
    quotes: new Map(result.quotes.map((q) => [q.symbol, q])),
    missing: new Map(result.missing.map((m) => [m.symbol, m.reason])),
    source: result.source,
    fetchedAt: result.fetchedAt,
    ...(result.staleAgeMs === undefined ? {} : { staleAgeMs: result.staleAgeMs }),
  };
}

export interface GatheredHistories {
  bars: Map<string, Bar[]>;
  missing: Map<string, string>;
  /** Members missing because the source was unavailable (a passing failure, unlike "not found"). */
  failed: number;
  fetchedAt: number;
  staleAgeMs?: number;
}

/** History requests in flight at once; the source may queue further (Yahoo's client does). */
export const HISTORY_CONCURRENCY = 8;

export async function gatherHistories(
  symbols: readonly string[],
  request: HistoryRequest,
  ctx: CommandContext,
  message: string,
  concurrency = HISTORY_CONCURRENCY,
): Promise<GatheredHistories> {
  const bars = new Map<string, Bar[]>();
  const missing = new Map<string, string>();
  const total = symbols.length;
  let outage: DataUnavailableError | undefined;
  let failed = 0;
  let fetchedAt = 0;
  let staleAgeMs: number | undefined;
  let done = 0;
  let next = 0;
  ctx.progress?.({ message, done, total });
  const one = async (symbol: string) => {
    try {
      const s = await ctx.market.history(symbol, request);
      fetchedAt = Math.max(fetchedAt, s.fetchedAt);
      if (s.staleAgeMs !== undefined) staleAgeMs = Math.max(staleAgeMs ?? 0, s.staleAgeMs);
      if (s.bars.length === 0) missing.set(symbol, "no closes in the window");
      else bars.set(symbol, s.bars);
    } catch (err) {
      if (err instanceof SymbolNotFoundError) missing.set(symbol, "not found");
      else if (err instanceof BadDataError) missing.set(symbol, userTextOf(err, false));
      else if (err instanceof DataUnavailableError) {
        outage = err;
        failed++;
        missing.set(symbol, `${err.source} unavailable`);
      } else throw err;
    }
    done++;
    ctx.progress?.({ message, done, total });
  };
  const worker = async () => {
    while (next < symbols.length) await one(symbols[next++] as string);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, symbols.length) }, worker));
  if (bars.size === 0 && outage) throw outage;
  return {
    bars,
    missing,
    failed,
    fetchedAt,
    ...(staleAgeMs === undefined ? {} : { staleAgeMs }),
  };
}
