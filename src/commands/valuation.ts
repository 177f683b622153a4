/** /valuation: small vs large and equal vs cap weight, by the funds' reported P/E (trailing, forward), and the discount. */
import { peGap } from "../core/analytics/valuation.ts";
import { defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { describeMissing } from "../core/fetch-series.ts";
import { num, pct } from "../core/format.ts";
import { evaluationDate, formatAge } from "../core/market/as-of.ts";
import { formatDate, formatNyTime, formatShortDate, nyDate } from "../core/market/time.ts";
import type { Quote } from "../core/ports.ts";
import { type Block, type Field, makeReply } from "../core/reply.ts";
import { words } from "../core/text.ts";
import { footerText } from "./views/notes.ts";

export const VALUATION_FUNDS = ["IWM", "SPY", "RSP"] as const;
export const VALUATION_PAIRS = [
  { fund: "IWM", benchmark: "SPY", label: "Small caps vs S&P 500 (IWM vs SPY)" },
  { fund: "RSP", benchmark: "SPY", label: "Equal weight vs S&P 500 (RSP vs SPY)" },
] as const;

type Basis = "trailingPE" | "forwardPE";
const BASES: readonly { key: Basis; name: string }[] = [
  { key: "trailingPE", name: "trailing P/E" },
  { key: "forwardPE", name: "forward P/E" },
];

export const valuation = defineCommand<Record<string, never>>({
  name: "valuation",
  description: "P/E of IWM and RSP vs SPY (trailing, and forward where reported) and the discount in %",
  usage: "",
  examples: ["/valuation"],
  options: [],
  parse(text) {
    if (words(text).length > 0)
      throw new UserError(
        "valuation-args",
        "/valuation takes no options: it always compares IWM and RSP with SPY.",
        "/valuation",
      );
    return {};
  },
  async run(_args, ctx) {
    // A live source reports today's P/E only; a data folder can hold P/E by date (valuation.csv).
    if (ctx.asOf !== undefined && ctx.market.quotesAsOfClose !== true)
      throw new UserError(
        "valuation-as-of",
        `P/E ratios from ${ctx.market.name} are only available now: it reports the funds' current P/E and keeps no history of it. Leave out --as-of for the latest figures, or use a data folder with a valuation.csv (date,symbol,trailing_pe,forward_pe).`,
        "/valuation",
      );
    const now = ctx.clock.now();
    const evaluation = evaluationDate(ctx.asOf, now);
    const state = evaluation.state;
    const result = await ctx.market.quotes([...VALUATION_FUNDS]);
    const bySymbol = new Map(result.quotes.map((q) => [q.symbol, q]));
    const source = result.source;
    const reported = result.quotes.some((q) => q.trailingPE !== undefined || q.forwardPE !== undefined);
    if (!reported)
      throw new UserError(
        "no-pe",
        `${source} reports no P/E ratio for ${VALUATION_FUNDS.join(", ")}${result.missing.length ? ` (not quoted: ${describeMissing(result.missing)})` : ""}. ${ctx.market.quotesAsOfClose ? "Add a valuation.csv (date,symbol,trailing_pe,forward_pe) to the data folder, or ask a live source such as Yahoo Finance." : "P/E needs a source that reports it, such as Yahoo Finance."}`,
        "/compare IWM SPY RSP ytd",
      );
    const shown = (q: Quote | undefined, key: Basis) =>
      q?.[key] === undefined ? `not reported by ${source}` : num(q[key] as number);
    const gaps: Record<string, Record<string, number | null>> = {};
    const fields: Field[] = [];
    for (const pair of VALUATION_PAIRS) {
      const a = bySymbol.get(pair.fund);
      const b = bySymbol.get(pair.benchmark);
      gaps[`${pair.fund}-${pair.benchmark}`] = {};
      for (const basis of BASES) {
        const gap = peGap(a?.[basis.key], b?.[basis.key]);
        (gaps[`${pair.fund}-${pair.benchmark}`] as Record<string, number | null>)[basis.key] = gap ?? null;
        fields.push({
          label: `${pair.label}, ${basis.name}`,
          value:
            gap === undefined
              ? `n/a (${whyMissing(a, b, pair.fund, pair.benchmark, basis.key, source)})`
              : `${pct(gap, 1)} (${gap < 0 ? "a discount" : gap > 0 ? "a premium" : "level"}: ${num(a?.[basis.key] as number)} vs ${num(b?.[basis.key] as number)})`,
          tone: "neutral",
        });
      }
    }
    const headlineGap = gaps["IWM-SPY"]?.trailingPE;
    const blocks: Block[] = [
      { type: "title", text: "Valuation: small caps and the average stock vs the S&P 500" },
      {
        type: "text",
        text:
          headlineGap === null || headlineGap === undefined
            ? "No trailing P/E comparison of IWM with SPY: see below for what the source reported."
            : headlineGap === 0
              ? "IWM's trailing P/E is level with SPY's."
              : `IWM's trailing P/E is ${Math.abs(headlineGap * 100).toFixed(1)}% ${headlineGap < 0 ? "below" : "above"} SPY's: ${headlineGap < 0 ? "a discount" : "a premium"} of ${pct(headlineGap, 1)}.`,
      },
      {
        type: "table",
        columns: ["Fund", "Price", "Trailing P/E", "Forward P/E", "Quote (New York)"],
        align: ["left", "right", "right", "right", "left"],
        rows: VALUATION_FUNDS.map((s) => {
          const q = bySymbol.get(s);
          if (!q) return [s, "n/a", "not quoted", "not quoted", ""];
          return [s, num(q.price), shown(q, "trailingPE"), shown(q, "forwardPE"), quoteWhen(q)];
        }),
      },
      { type: "fields", fields },
    ];
    if (result.missing.length > 0)
      blocks.push({ type: "text", text: `Not quoted: ${describeMissing(result.missing)}.` });
    if (result.staleAgeMs !== undefined)
      blocks.push({
        type: "text",
        text: `${source} could not be reached; these quotes were cached ${formatAge(result.staleAgeMs)} ago.`,
      });
    blocks.push({
      type: "footer",
      text: footerText(
        source,
        ctx.asOf !== undefined
          ? `as of close ${formatDate(evaluation.date)}${peDates(result.quotes)}`
          : `asked at ${formatNyTime(now)} New York, market ${state}`,
        [
          `P/E = fund-level ratios as ${source} reports them in its quote (trailing: price / trailing 12-month earnings; forward: price / forecast earnings); how the source treats loss-making holdings is its own method, not ours`,
          "discount = P/E of the fund / P/E of SPY - 1 (negative = cheaper than SPY)",
          `${result.quotes.length} of ${VALUATION_FUNDS.length} funds quoted`,
        ],
      ),
    });
    return makeReply(blocks, {
      source,
      asOf: ctx.asOf !== undefined ? evaluation.date : null,
      quotes: VALUATION_FUNDS.map((s) => {
        const q = bySymbol.get(s);
        return q
          ? {
              symbol: s,
              price: q.price,
              trailingPE: q.trailingPE ?? null,
              forwardPE: q.forwardPE ?? null,
              peDate: q.peDate ?? null,
              time: q.time,
            }
          : { symbol: s, price: null, trailingPE: null, forwardPE: null, time: null };
      }),
      gaps,
      missing: result.missing,
      staleAgeMs: result.staleAgeMs ?? null,
    });
  },
});

/** "; P/E published 9 Jan 2026" (the dates the figures carry), or "" when the source gives none. */
function peDates(quotes: readonly Quote[]): string {
  const dates = [...new Set(quotes.flatMap((q) => (q.peDate ? [q.peDate] : [])))].sort();
  return dates.length === 0 ? "" : `; P/E published ${dates.map(formatShortDate).join(", ")}`;
}

function quoteWhen(q: Quote): string {
  return q.marketState === "open" ? `live ${formatNyTime(q.time)}` : `close ${formatDate(nyDate(q.time))}`;
}

function whyMissing(
  a: Quote | undefined,
  b: Quote | undefined,
  fund: string,
  benchmark: string,
  key: Basis,
  source: string,
): string {
  const name = key === "trailingPE" ? "trailing P/E" : "forward P/E";
  const absent: string[] = [];
  for (const [symbol, q] of [
    [fund, a],
    [benchmark, b],
  ] as const) {
    if (q === undefined) absent.push(`${symbol} not quoted`);
    else if (q[key] === undefined) absent.push(`${symbol} ${name} not reported by ${source}`);
  }
  if (absent.length > 0) return absent.join("; ");
  return `a ${name} that is not positive has no meaningful ratio`;
}
