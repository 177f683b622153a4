/** /compare T1 ... T6 [period]: rebased lines, returns, pairwise spreads in bp, max drawdown. */
import {
  type CommonReturns,
  commonWindowReturns,
  rankingWindow,
  rankOnWindow,
  windowText,
} from "../core/analytics/common-window.ts";
import { type Drawdown, maxDrawdown } from "../core/analytics/drawdown.ts";
import { fetchWindow, type Period, parsePeriod, periodEnd, periodLabel } from "../core/analytics/periods.ts";
import { type PeriodReturn, periodReturn } from "../core/analytics/returns.ts";
import type { ChartSpec } from "../core/chart-spec.ts";
import { defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { fetchHistories } from "../core/fetch-series.ts";
import { bp, count, num, pct, spreadBp } from "../core/format.ts";
import { asOfLabel, evaluationDate } from "../core/market/as-of.ts";
import { formatShortDate, nyDate } from "../core/market/time.ts";
import type { DailySeries } from "../core/ports.ts";
import { type Block, makeReply } from "../core/reply.ts";
import { words } from "../core/text.ts";
import { periodOption, splitTrailingPeriod, symbolFromWord } from "./views/args.ts";
import { dataNotes, footerText } from "./views/notes.ts";

export const MAX_COMPARE_TICKERS = 6;
const EXAMPLE = "/compare IWM SPY QQQ RSP 6m";
/** Sessions the chart shows at least, so 1d and 5d still draw a readable line. */
const MIN_CHART_SESSIONS = 21;

interface Row {
  symbol: string;
  ret: PeriodReturn;
  drawdown: Drawdown;
}

export const compare = defineCommand<{ symbols: string[]; periodText: string }>({
  name: "compare",
  description: "Any 2 to 6 tickers rebased to 100: returns, pairwise spreads in bp, max drawdown",
  usage: "TICKER TICKER [... up to 6] [period]",
  examples: [EXAMPLE, "/compare RUT SPX ytd", "/compare KRE XLF 2026-01-02..2026-02-27"],
  options: [
    {
      name: "tickers",
      description: "Two to six tickers or index names, e.g. IWM SPY QQQ RSP",
      type: "tickers",
      required: true,
      autocomplete: "instrument",
    },
    periodOption("ytd"),
  ],
  slow: true,
  parse(text) {
    const { rest, period } = splitTrailingPeriod(words(text.replace(/,/g, " ")));
    if (rest.length > MAX_COMPARE_TICKERS)
      throw new UserError(
        "too-many-tickers",
        `That is ${count(rest.length)} tickers; /compare takes up to ${MAX_COMPARE_TICKERS} at a time.`,
        EXAMPLE,
      );
    const symbols = [...new Set(rest.map((w, i) => symbolFromWord(w, i + 1, EXAMPLE)))];
    if (symbols.length < 2)
      throw new UserError(
        "too-few-tickers",
        "Give two to six different tickers, then an optional period.",
        EXAMPLE,
      );
    return { symbols, periodText: period ?? "ytd" };
  },
  async run(args, ctx) {
    const now = ctx.clock.now();
    const period = parsePeriod(args.periodText, nyDate(now), `/compare ${args.symbols.join(" ")}`);
    const evaluation = evaluationDate(ctx.asOf, now);
    const end = periodEnd(period, evaluation.date);
    const set = await fetchHistories(ctx.market, args.symbols, fetchWindow(period, end, MIN_CHART_SESSIONS));
    const rows: Row[] = [];
    for (const symbol of args.symbols) {
      const bars = set.series.get(symbol)?.bars;
      const ret = bars && periodReturn(bars, period, end);
      const drawdown = bars && ret && maxDrawdown(bars, ret.baseDate, ret.endDate);
      if (ret && drawdown) rows.push({ symbol, ret, drawdown });
    }
    const notes = dataNotes({
      ...(evaluation.note ? { evaluationNote: evaluation.note } : {}),
      missing: set.missing,
      short: args.symbols.filter((s) => set.series.has(s) && !rows.some((r) => r.symbol === s)),
      series: set.series,
      lagging: rows
        .filter((r) => r.ret.endDate < end)
        .map((r) => ({ symbol: r.symbol, endDate: r.ret.endDate })),
      end,
      ...(set.staleAgeMs === undefined ? {} : { staleAgeMs: set.staleAgeMs }),
      sourceName: ctx.market.name,
    });
    if (rows.length === 0)
      throw new UserError(
        "no-data",
        `None of those tickers has closes covering ${periodLabel(period)} ending ${formatShortDate(end)}. ${notes.join(" ")}`.trim(),
        EXAMPLE,
      );
    // Every pair over the window both have; one that is not both tickers' own is marked and explained.
    const pairs = new Map<string, CommonReturns>();
    const spreads: Record<string, number> = {};
    const spreadWindows: Record<string, { baseDate: string; endDate: string; why?: string }> = {};
    const pairNotes = new Map<string, string[]>();
    for (let i = 0; i < rows.length; i++)
      for (let j = i + 1; j < rows.length; j++) {
        const [a, b] = [rows[i] as Row, rows[j] as Row];
        const key = `${a.symbol}-${b.symbol}`;
        const c = commonWindowReturns(
          [
            { symbol: a.symbol, bars: set.series.get(a.symbol)?.bars ?? [] },
            { symbol: b.symbol, bars: set.series.get(b.symbol)?.bars ?? [] },
          ],
          period,
          end,
        );
        pairs.set(key, c);
        const note = c.ok ? c.why && `over ${windowText(c.window)}: ${c.why}` : `withheld: ${c.reason}`;
        if (note) pairNotes.set(note, [...(pairNotes.get(note) ?? []), key]);
        if (!c.ok) continue;
        spreads[key] = spreadBp((c.returns[0] as PeriodReturn).value, (c.returns[1] as PeriodReturn).value);
        spreadWindows[key] = { ...c.window, ...(c.why ? { why: c.why } : {}) };
      }
    for (const [note, keys] of pairNotes) notes.push(`Spreads marked * (${keys.join(", ")}) are ${note}.`);
    const cell = (a: Row, b: Row): string => {
      const key = `${a.symbol}-${b.symbol}`;
      const c = pairs.get(key) ?? pairs.get(`${b.symbol}-${a.symbol}`);
      if (!c?.ok) return "n/a*";
      const [ra, rb] = (pairs.has(key) ? c.returns : [...c.returns].reverse()) as PeriodReturn[];
      return `${bp(spreadBp((ra as PeriodReturn).value, (rb as PeriodReturn).value))}${c.why ? "*" : ""}`;
    };
    // Best and worst over one window: a ticker off it (a late file) is left out of that sentence.
    const window = rankingWindow(rows.map((r) => r.ret));
    const ranked = rows.flatMap((r) => {
      const on = window && rankOnWindow(set.series.get(r.symbol)?.bars ?? [], r.ret, window);
      return on && "ret" in on ? [{ symbol: r.symbol, ret: on.ret }] : [];
    });
    const sorted = [...ranked].sort((a, b) => b.ret.value - a.ret.value);
    const best = sorted[0];
    const worst = sorted.at(-1);
    const unranked = rows.filter((r) => !ranked.some((x) => x.symbol === r.symbol)).map((r) => r.symbol);
    const live = evaluation.live && end === evaluation.date;
    const blocks: Block[] = [
      {
        type: "title",
        text: `Compare ${rows.map((r) => r.symbol).join(" ")}: ${periodLabel(period)}, to ${formatShortDate(end)}`,
      },
      {
        type: "text",
        text: headline(ranked.length, best, worst, window, unranked),
      },
      {
        type: "table",
        columns: ["Ticker", "Return", "Max drawdown", "Peak to trough", "Base close", "Last close"],
        align: ["left", "right", "right", "left", "right", "right"],
        rows: rows.map(({ symbol, ret, drawdown: dd }) => [
          symbol,
          pct(ret.value),
          dd.value === 0 ? "none" : pct(dd.value),
          dd.value === 0 ? "" : `${formatShortDate(dd.peakDate)} to ${formatShortDate(dd.troughDate)}`,
          `${num(ret.baseClose)} (${formatShortDate(ret.baseDate)})`,
          `${num(ret.endClose)} (${formatShortDate(ret.endDate)})`,
        ]),
        csv: {
          name: "returns",
          columns: [
            "symbol",
            "return_fraction",
            "max_drawdown_fraction",
            "peak_date",
            "trough_date",
            "base_close",
            "base_date",
            "last_close",
            "last_date",
          ],
          rows: rows.map(({ symbol, ret, drawdown: dd }) => [
            symbol,
            ret.value,
            dd.value,
            dd.value === 0 ? null : dd.peakDate,
            dd.value === 0 ? null : dd.troughDate,
            ret.baseClose,
            ret.baseDate,
            ret.endClose,
            ret.endDate,
          ]),
        },
      },
    ];
    if (rows.length > 1)
      blocks.push({
        type: "table",
        caption: "Spreads: row minus column, in bp",
        columns: ["bp", ...rows.map((r) => r.symbol)],
        align: ["left", ...rows.map(() => "right" as const)],
        rows: rows.map((a) => [a.symbol, ...rows.map((b) => (a === b ? "-" : cell(a, b)))]),
      });
    for (const note of notes) blocks.push({ type: "text", text: note });
    blocks.push(compareChart(set.series, rows, period, end));
    blocks.push({
      type: "footer",
      text: footerText(ctx.market.name, asOfLabel(end, live, set.fetchedAt), [
        "price returns of daily closes; base = last close before the period",
        "spread = (return A - return B) x 10,000, in whole bp",
        "max drawdown = largest fall from a running peak close to a later close within the period",
        `${rows.length} of ${args.symbols.length} tickers priced`,
      ]),
    });
    return makeReply(blocks, {
      period: period.kind === "range" ? { from: period.from, to: period.to } : period.code,
      asOf: end,
      live,
      source: ctx.market.name,
      returns: Object.fromEntries(rows.map((r) => [r.symbol, r.ret])),
      maxDrawdown: Object.fromEntries(rows.map((r) => [r.symbol, r.drawdown])),
      spreadsBp: spreads,
      spreadWindows,
      missing: set.missing,
      staleAgeMs: set.staleAgeMs ?? null,
    });
  },
});

function headline(
  n: number,
  best: { symbol: string; ret: PeriodReturn } | undefined,
  worst: { symbol: string; ret: PeriodReturn } | undefined,
  window: { baseDate: string; endDate: string } | undefined,
  unranked: readonly string[],
): string {
  const left =
    unranked.length > 0
      ? ` (${unranked.join(", ")} ${unranked.length === 1 ? "is" : "are"} left out: not over the same dates${window ? `, ${windowText(window)}` : ""})`
      : "";
  if (!best || !worst) return `Nothing to rank over one window${left}.`;
  if (n < 2)
    return `${best.symbol} ${pct(best.ret.value)}; nothing else to compare it with over the same dates${left}.`;
  return `Best ${best.symbol} ${pct(best.ret.value)}, worst ${worst.symbol} ${pct(worst.ret.value)}: a gap of ${bp(spreadBp(best.ret.value, worst.ret.value)).replace("+", "")}${left}.`;
}

/** Lines rebased to 100 on the chart's first date (the period base, or 21 sessions back for short periods). */
function compareChart(
  series: ReadonlyMap<string, DailySeries>,
  rows: readonly Row[],
  period: Period,
  end: string,
): Block {
  const allDates = new Set<string>();
  for (const r of rows)
    for (const b of series.get(r.symbol)?.bars ?? []) if (b.date <= r.ret.endDate) allDates.add(b.date);
  const dates = [...allDates].sort();
  const firstBase = rows.map((r) => r.ret.baseDate).sort()[0] as string;
  const baseIdx = dates.indexOf(firstBase);
  const dates0 = dates.slice(Math.max(0, Math.min(baseIdx, dates.length - 1 - MIN_CHART_SESSIONS)));
  const start = dates0[0] as string;
  const lines = rows.map((r) => {
    const byDate = new Map(series.get(r.symbol)?.bars.map((b) => [b.date, b.close]));
    const base = dates0.map((d) => byDate.get(d)).find((v) => v !== undefined) as number;
    return {
      name: r.symbol,
      values: dates0.map((d) => (byDate.has(d) ? ((byDate.get(d) as number) / base) * 100 : null)),
    };
  });
  const names = rows.map((r) => r.symbol).join(" vs ");
  const spec: ChartSpec = {
    kind: "line",
    // Names in the title only while it stays short enough to read in a thumbnail; the legend has them all.
    title: `${names.length <= 28 ? `${names}: r` : "R"}ebased to 100 on ${formatShortDate(start)}`,
    subtitle: `${periodLabel(period)} to ${formatShortDate(end)}, daily closes`,
    labels: dates0,
    series: lines,
    left: { title: "Rebased to 100" },
    reference: [{ value: 100, axis: "left" }],
  };
  const alt = `Line chart of ${rows.map((r) => `${r.symbol} ${pct(r.ret.value)}`).join(", ")}, daily closes rebased to 100 on ${formatShortDate(start)}, to ${formatShortDate(end)}.`;
  return { type: "chart", spec, alt, filename: `compare-${period.code}-${end}.png` };
}
