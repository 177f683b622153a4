/** /quote T1 [T2 ...]: price, change, distance from the 52-week high, market state and as-of. */
import { quoteFromBars } from "../core/analytics/quote-from-bars.ts";
import type { CommandContext } from "../core/command.ts";
import { defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { describeMissing, fetchHistories } from "../core/fetch-series.ts";
import { count, num, pct, pctPoints } from "../core/format.ts";
import { evaluationDate, formatAge } from "../core/market/as-of.ts";
import { isTradingDay, marketState, previousTradingDay, sessionTimes } from "../core/market/calendar.ts";
import { symbolFromWord } from "../core/market/instruments.ts";
import { addDays, formatDate, formatNyTime, formatShortDate, nyDate } from "../core/market/time.ts";
import type { MarketState, Quote } from "../core/ports.ts";
import { type Block, makeReply } from "../core/reply.ts";
import { words } from "../core/text.ts";

export const MAX_QUOTE_TICKERS = 10;

interface Row {
  symbol: string;
  quote: Quote;
  /** "live 11:32" or "close Fri 20 Nov 2026". */
  when: string;
}

export const quote = defineCommand<{ symbols: string[] }>({
  name: "quote",
  description: "Price, change, distance from the 52-week high and market state of up to 10 tickers",
  usage: "TICKER [TICKER ...]",
  examples: ["/quote IWM SPY SOUN", "/quote ^RUT ^GSPC"],
  options: [
    {
      name: "tickers",
      description: "One to ten tickers separated by spaces, e.g. IWM SPY",
      type: "tickers",
      required: true,
      autocomplete: "instrument",
    },
  ],
  parse(text) {
    const list = words(text.replace(/,/g, " "));
    if (list.length === 0) throw new UserError("no-tickers", "Give one to ten tickers.", "/quote IWM SPY");
    if (list.length > MAX_QUOTE_TICKERS)
      throw new UserError(
        "too-many-tickers",
        `That is ${count(list.length)} tickers; /quote takes up to ${MAX_QUOTE_TICKERS} at a time.`,
        "/quote IWM SPY QQQ",
      );
    const symbols = [...new Set(list.map((w, i) => symbolFromWord(w, i + 1, "/quote IWM SPY")))];
    return { symbols };
  },
  async run(args, ctx) {
    const evaluation = evaluationDate(ctx.asOf, ctx.clock.now());
    const { rows, missing, source, staleAgeMs, closingBasis } = ctx.asOf
      ? await closingRows(args.symbols, evaluation.date, ctx)
      : await liveRows(args.symbols, ctx);
    if (rows.length === 0)
      throw new UserError(
        "no-quotes",
        `No prices found for ${args.symbols.join(", ")}.${missing.length ? ` ${describeMissing(missing)}.` : ""}`,
        "/quote IWM SPY",
      );
    const blocks: Block[] = [
      { type: "title", text: `Quotes: ${rows.map((r) => r.symbol).join(" ")}` },
      {
        type: "table",
        columns: ["Symbol", "Price", "Change", "From 52w high", "When (New York)"],
        align: ["left", "right", "right", "right", "left"],
        rows: rows.map(({ symbol, quote: q, when }) => [
          symbol,
          num(q.price),
          q.changePercent === undefined
            ? "n/a"
            : `${q.change === undefined ? "" : `${signed(q.change)} `}(${pctPoints(q.changePercent)})`,
          q.fiftyTwoWeekHigh ? pct(q.price / q.fiftyTwoWeekHigh - 1, 1) : "n/a",
          when,
        ]),
      },
    ];
    if (evaluation.note) blocks.push({ type: "text", text: evaluation.note });
    if (missing.length > 0) blocks.push({ type: "text", text: `Not priced: ${describeMissing(missing)}.` });
    if (staleAgeMs !== undefined)
      blocks.push({
        type: "text",
        text: `${source} could not be reached; these prices were cached ${formatAge(staleAgeMs)} ago.`,
      });
    blocks.push({
      type: "footer",
      text: [
        `Source: ${source}`,
        ctx.asOf
          ? `as of close ${formatDate(evaluation.date)}`
          : `asked at ${formatNyTime(ctx.clock.now())} New York (${STATE_WORDS[evaluation.state]})`,
        `52-week high ${closingBasis ? "of daily closes" : "intraday, as the source reports it"}`,
        `${rows.length} of ${args.symbols.length} priced`,
        "Not investment advice",
      ].join(" · "),
    });
    return makeReply(
      blocks,
      {
        source,
        asOf: ctx.asOf ? evaluation.date : null,
        quotes: rows.map((r) => ({ ...r.quote, when: r.when })),
        missing,
      },
      {},
    );
  },
});

const STATE_WORDS: Record<MarketState, string> = {
  "pre-market": "pre-market, before the 09:30 open",
  open: "market open",
  "after-hours": "after-hours, the session has closed",
  closed: "market closed",
};

function signed(v: number): string {
  return `${v > 0 ? "+" : v < 0 ? "-" : ""}${num(Math.abs(v))}`;
}

/**
 * When a quote's price is from, by our own calendar rather than the source's say-so (a stale
 * "REGULAR" on a Saturday, a cached quote): "live 11:32" only while today's session trades and the
 * price is from it; "close Fri 16 Jan 2026" once its session had closed when it was fetched (an
 * illiquid stock's last trade at 14:10 is its close); "11:05 Tue 13 Jan 2026 (intraday)" for a
 * price fetched during a session that has since ended (served from cache).
 */
export function whenOf(time: number, fetchedAt: number, now: number): string {
  const date = nyDate(time);
  if (!isTradingDay(date)) return `${formatNyTime(time)} ${formatDate(date)}`;
  const session = sessionTimes(date);
  if (time >= session.close || fetchedAt >= session.close) return `close ${formatDate(date)}`;
  if (time < session.open) return `${formatNyTime(time)} ${formatDate(date)} (before the open)`;
  if (marketState(now) === "open" && nyDate(now) === date) return `live ${formatNyTime(time)}`;
  return `${formatNyTime(time)} ${formatDate(date)} (intraday)`;
}

async function liveRows(symbols: string[], ctx: CommandContext) {
  const result = await ctx.market.quotes(symbols);
  const bySymbol = new Map(result.quotes.map((q) => [q.symbol, q]));
  const rows: Row[] = [];
  for (const symbol of symbols) {
    const q = bySymbol.get(symbol);
    if (!q) continue;
    rows.push({ symbol, quote: q, when: whenOf(q.time, result.fetchedAt, ctx.clock.now()) });
  }
  return {
    rows,
    missing: result.missing,
    source: result.source,
    staleAgeMs: result.staleAgeMs,
    closingBasis: result.closingBasis === true,
  };
}

async function closingRows(symbols: string[], date: string, ctx: CommandContext) {
  const set = await fetchHistories(ctx.market, symbols, { from: addDays(date, -380), to: date });
  const rows: Row[] = [];
  const missing = [...set.missing];
  for (const symbol of symbols) {
    const series = set.series.get(symbol);
    if (!series) continue;
    const q = quoteFromBars(series.bars, date);
    if (!q) {
      missing.push({ symbol, reason: `no close on or before ${formatShortDate(date)}` });
      continue;
    }
    rows.push({
      symbol,
      quote: { symbol, ...q, marketState: "closed", time: 0 },
      // A change measured from an earlier close than the previous NYSE session says from when.
      when: `close ${formatDate(q.date)}${q.previousDate !== undefined && q.previousDate !== previousTradingDay(q.date) ? ` (change since ${formatShortDate(q.previousDate)})` : ""}`,
    });
  }
  return { rows, missing, source: ctx.market.name, staleAgeMs: set.staleAgeMs, closingBasis: true };
}
