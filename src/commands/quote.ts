/** /quote T1 [T2 ...]: price, change, distance from the 52-week high, market state and as-of. */
import { quoteFromBars } from "../core/analytics/quote-from-bars.ts";
import type { CommandContext } from "../core/command.ts";
import { defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { describeMissing, fetchHistories } from "../core/fetch-series.ts";
import { count, num, pct, pctPoints } from "../core/format.ts";
import { evaluationDate } from "../core/market/as-of.ts";
import { symbolFromWord } from "../core/market/instruments.ts";
import { addDays, formatDate, formatNyTime, formatShortDate, nyDate } from "../core/market/time.ts";
import type { Quote } from "../core/ports.ts";
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
    const { rows, missing, source, staleAgeMs } = ctx.asOf
      ? await closingRows(args.symbols, evaluation.date, ctx)
      : await liveRows(args.symbols, ctx);
    if (rows.length === 0)
      throw new UserError(
        "no-quotes",
        `No prices found for ${args.symbols.join(", ")}${missing.length ? ` (${describeMissing(missing)})` : ""}.`,
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
        text: `${source} could not be reached; these prices were cached ${Math.round(staleAgeMs / 60_000)} min ago.`,
      });
    blocks.push({
      type: "footer",
      text: [
        `Source: ${source}`,
        ctx.asOf
          ? `as of close ${formatDate(evaluation.date)}`
          : `asked at ${formatNyTime(ctx.clock.now())} New York, market ${evaluation.state}`,
        `52-week high ${ctx.asOf ? "of daily closes" : "intraday, as the source reports it"}`,
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

function signed(v: number): string {
  return `${v > 0 ? "+" : v < 0 ? "-" : ""}${num(Math.abs(v))}`;
}

async function liveRows(symbols: string[], ctx: CommandContext) {
  const result = await ctx.market.quotes(symbols);
  const bySymbol = new Map(result.quotes.map((q) => [q.symbol, q]));
  const rows: Row[] = [];
  for (const symbol of symbols) {
    const q = bySymbol.get(symbol);
    if (!q) continue;
    // Outside the session the price is the last close: say so, never present it as live.
    const when =
      q.marketState === "open" ? `live ${formatNyTime(q.time)}` : `close ${formatDate(nyDate(q.time))}`;
    rows.push({ symbol, quote: q, when });
  }
  return {
    rows,
    missing: result.missing,
    source: result.source,
    staleAgeMs: result.staleAgeMs,
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
      when: `close ${formatDate(q.date)}`,
    });
  }
  return { rows, missing, source: ctx.market.name, staleAgeMs: set.staleAgeMs };
}
