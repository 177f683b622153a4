/** /rotation [period]: Russell 2000 vs S&P 500 vs Nasdaq, spreads in bp, the IWM/SPY line, a regime label. */

import { windowText } from "../core/analytics/common-window.ts";
import {
  fetchWindow,
  PERIOD_CODES,
  type Period,
  parsePeriod,
  periodEnd,
  periodLabel,
} from "../core/analytics/periods.ts";
import {
  pairNotes,
  ROTATION_INDEXES,
  ROTATION_PROXIES,
  type RotationFigures,
  rotationFigures,
  SPREADS,
} from "../core/analytics/rotation.ts";
import { defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { describeMissing, fetchHistories } from "../core/fetch-series.ts";
import { bp, num, pct, toneOf } from "../core/format.ts";
import { asOfLabel, evaluationDate, formatAge } from "../core/market/as-of.ts";
import { previousTradingDay } from "../core/market/calendar.ts";
import { formatDate, formatShortDate, nyDate } from "../core/market/time.ts";
import type { DailySeries } from "../core/ports.ts";
import { type Block, type Field, makeReply } from "../core/reply.ts";
import { onePeriodText } from "./views/args.ts";
import { MIN_CHART_SESSIONS, rotationChart } from "./views/rotation-chart.ts";
import {
  historyBlocks,
  historyData,
  loadLongHistories,
  type RotationHistoryResult,
  rotationHistoryOf,
} from "./views/rotation-history.ts";

export const rotation = defineCommand<{ periodText: string }>({
  name: "rotation",
  description: "Russell 2000 vs S&P 500 vs Nasdaq: returns, spreads in bp, the IWM/SPY line, a regime label",
  usage: "[period]",
  examples: ["/rotation ytd", "/rotation 1m", "/rotation 2026-01-02..2026-01-13"],
  options: [
    {
      name: "period",
      description: `Period: ${PERIOD_CODES.join(" ")} or from..to (default ytd)`,
      type: "string",
      autocomplete: "period",
    },
  ],
  slow: true,
  parse(text) {
    return { periodText: onePeriodText("rotation", text, "ytd") };
  },
  async run(args, ctx) {
    const now = ctx.clock.now();
    const period = parsePeriod(args.periodText, nyDate(now));
    const evaluation = evaluationDate(ctx.asOf, now);
    // A range ending on a weekend or holiday ends at the session before it.
    const asked = periodEnd(period, evaluation.date);
    if (period.kind === "range" && asked < period.from)
      throw new UserError(
        "empty-range",
        period.from > evaluation.date
          ? `That range starts after ${formatDate(evaluation.date)}, the session these figures are as of.`
          : `${periodLabel(period)} holds no trading session.`,
        "/rotation 2026-01-02..2026-01-13",
      );
    const symbols = [...ROTATION_INDEXES.map((i) => i.symbol), ...ROTATION_PROXIES];
    const extra = Math.max(MIN_CHART_SESSIONS, 60);
    let set = await fetchHistories(ctx.market, symbols, fetchWindow(period, asked, extra));
    // When no series reaches the asked session (a folder of closes that stops earlier, today's
    // bar not out yet), the figures are as of the last close the data holds, and say so.
    const dataEnd = lastClose(set.series, asked);
    const end = dataEnd !== undefined && dataEnd < asked ? dataEnd : asked;
    // N sessions back are counted from that close, so the window must reach back from it.
    if (end < asked && period.kind === "sessions")
      set = await fetchHistories(ctx.market, symbols, fetchWindow(period, end, extra));
    // Calendar periods stay those of the asked date (YTD of its year), ending at the last close.
    const figures = rotationFigures(set.series, period, period.kind === "sessions" ? end : asked);
    const live = evaluation.live && end === evaluation.date;
    const asOf = asOfLabel(end, live, set.fetchedAt);
    const notes: string[] = [];
    if (evaluation.note) notes.push(evaluation.note);
    // While today's session trades, yesterday's close is the expected last close of a closes-only
    // source (or of Yahoo before its first print): the label says "as of close"; no note needed.
    const openingGap = evaluation.live && asked === evaluation.date && end === previousTradingDay(asked);
    if (end < asked && !openingGap)
      notes.push(
        `The data has no close after ${formatDate(end)}; figures are as of that close, not ${formatDate(asked)}.`,
      );
    const unpriced = symbols.filter((s) => set.series.has(s) && !figures.returns[s]);
    if (set.missing.length > 0) notes.push(`Missing: ${describeMissing(set.missing)}.`);
    if (unpriced.length > 0) notes.push(`Not enough history for this period: ${unpriced.join(", ")}.`);
    const lagging = Object.entries(figures.returns).filter(([, r]) => r.endDate < end);
    if (lagging.length > 0)
      notes.push(
        `No close on ${formatShortDate(end)} for ${lagging.map(([s, r]) => `${s} (last ${formatShortDate(r.endDate)})`).join(", ")}: their returns end at that last close.`,
      );
    // Every spread compares one window; one that is not the period's says which and why.
    notes.push(...pairNotes(figures));
    if (set.staleAgeMs !== undefined)
      notes.push(
        `${ctx.market.name} could not be reached; figures come from data cached ${formatAge(set.staleAgeMs)} ago.`,
      );
    const priced = Object.keys(figures.returns).length;
    if (!figures.returns["^RUT"] && !figures.returns["^GSPC"] && priced === 0)
      throw new UserError(
        "no-data",
        `No closes cover ${periodLabel(period)} ending ${formatShortDate(end)}.${notes.length ? ` ${notes.join(" ")}` : ""}`,
        "/rotation ytd",
      );
    const blocks: Block[] = [
      { type: "title", text: titleOf(period, end) },
      { type: "text", text: `${figures.regime.label}. ${headline(figures)}` },
      returnsTable(figures),
      { type: "fields", fields: spreadFields(figures) },
    ];
    for (const note of notes) blocks.push({ type: "text", text: note });
    // After the period's closes, and only for symbols they returned: a symbol the source failed on
    // is not asked for again (a rate-limited source is not asked twice as often).
    const rutSpx = figures.pairs["RUT-SPX"];
    const history: RotationHistoryResult = rutSpx
      ? rotationHistoryOf(
          await loadLongHistories(ctx, evaluation.date, [...set.series.keys()]),
          rutSpx.window,
        )
      : { unavailable: "no RUT-SPX spread for this period", missing: [] };
    blocks.push(...historyBlocks(history));
    const chart = rotationChart(set.series, figures, period, end);
    if (chart) blocks.push(chart);
    blocks.push({
      type: "footer",
      text: [
        `Source: ${ctx.market.name}`,
        asOf,
        `price returns of daily closes; base = last close before the period`,
        `${priced} of ${symbols.length} series priced`,
        "Not investment advice",
      ].join(" · "),
    });
    return makeReply(
      blocks,
      {
        ...rotationData(period, end, live, ctx.market.name, figures, set.missing, set.staleAgeMs),
        history: historyData(history),
      },
      {
        tone: figures.regime.tone,
      },
    );
  },
});

/** The latest session date on or before `date` that any series has a close for. */
function lastClose(series: ReadonlyMap<string, DailySeries>, date: string): string | undefined {
  let latest: string | undefined;
  for (const s of series.values())
    for (const bar of s.bars)
      if (bar.date <= date && (latest === undefined || bar.date > latest)) latest = bar.date;
  return latest;
}

/** "Rotation YTD, to 13 Jan 2026"; a range reads "Rotation 2 Jan 2026 to 9 Jan 2026". */
function titleOf(period: Period, end: string): string {
  if (period.kind === "range") return `Rotation ${formatShortDate(period.from)} to ${formatShortDate(end)}`;
  return `Rotation ${periodLabel(period)}, to ${formatShortDate(end)}`;
}

/** RUT vs SPX over the one window both have: never a return to 12 Jan against one to 13 Jan. */
function headline(f: RotationFigures): string {
  const pair = f.pairs["RUT-SPX"];
  if (!pair) return "";
  const spread = pair.bp;
  const who = spread > 0 ? "small caps ahead by" : spread < 0 ? "small caps behind by" : "level at";
  const over = pair.why ? ` over ${windowText(pair.window)}` : "";
  return `Russell 2000 ${pct(pair.a.value)} vs S&P 500 ${pct(pair.b.value)}${over}: ${who} ${bp(Math.abs(spread)).replace("+", "")}.`;
}

function returnsTable(f: RotationFigures): Block {
  const names: Record<string, string> = Object.fromEntries(ROTATION_INDEXES.map((i) => [i.symbol, i.name]));
  const rows = [...ROTATION_INDEXES.map((i) => i.symbol), ...ROTATION_PROXIES].map((symbol) => {
    const r = f.returns[symbol];
    const label = names[symbol] ? `${names[symbol]} (${symbol})` : symbol;
    if (!r) return [label, "n/a", "", ""];
    return [
      label,
      pct(r.value),
      `${num(r.baseClose)} (${formatShortDate(r.baseDate)})`,
      `${num(r.endClose)} (${formatShortDate(r.endDate)})`,
    ];
  });
  const symbols = [...ROTATION_INDEXES.map((i) => i.symbol), ...ROTATION_PROXIES];
  return {
    type: "table",
    columns: ["Index / ETF", "Return", "Base close", "Last close"],
    rows,
    align: ["left", "right", "right", "right"],
    csv: {
      name: "returns",
      columns: ["symbol", "name", "return_fraction", "base_close", "base_date", "last_close", "last_date"],
      rows: symbols.map((symbol) => {
        const r = f.returns[symbol];
        return [
          symbol,
          names[symbol] ?? symbol,
          r?.value ?? null,
          r?.baseClose ?? null,
          r?.baseDate ?? null,
          r?.endClose ?? null,
          r?.endDate ?? null,
        ];
      }),
    },
  };
}

function spreadFields(f: RotationFigures): Field[] {
  const fields: Field[] = SPREADS.map((sp) => {
    const p = f.pairs[sp.key];
    const withheld = f.withheld[sp.key];
    if (!p) return { label: sp.label, value: withheld ? `n/a (${withheld})` : "n/a (missing data)" };
    const over = p.why ? ` (over ${windowText(p.window)})` : "";
    return { label: sp.label, value: `${bp(p.bp)}${over}`, tone: toneOf(p.bp) };
  });
  const line = f.smallCapLine;
  if (line) {
    const vs =
      line.average === undefined
        ? `fewer than ${line.averageSessions} sessions for its average`
        : `${line.rising ? "above" : "below"} its ${line.averageSessions}-session average ${num(line.average)}`;
    fields.push({
      label: "IWM/SPY line (rebased 100)",
      value: `${num(line.latest)}, ${vs}`,
      tone: line.rising ? "positive" : "negative",
    });
  } else fields.push({ label: "IWM/SPY line", value: "n/a (IWM or SPY missing)" });
  return fields;
}

function rotationData(
  period: Period,
  end: string,
  live: boolean,
  source: string,
  f: RotationFigures,
  missing: { symbol: string; reason: string }[],
  staleAgeMs: number | undefined,
): Record<string, unknown> {
  return {
    period: period.code === "range" ? { from: period.from, to: period.to } : period.code,
    asOf: end,
    live,
    source,
    // "returns" in every command's data: symbol -> { baseDate, baseClose, endDate, endClose, value }.
    returns: Object.fromEntries(Object.entries(f.returns).map(([s, r]) => [s, r])),
    spreadsBp: f.spreadsBp,
    spreadWindows: Object.fromEntries(
      Object.values(f.pairs).map((p) => [p.key, { ...p.window, ...(p.why ? { why: p.why } : {}) }]),
    ),
    spreadsWithheld: f.withheld,
    smallCapLine: f.smallCapLine
      ? {
          latest: f.smallCapLine.latest,
          average50: f.smallCapLine.average ?? null,
          rising: f.smallCapLine.rising ?? null,
        }
      : null,
    regime: f.regime.label,
    missing,
    staleAgeMs: staleAgeMs ?? null,
  };
}
