/** /rotation [period]: Russell 2000 vs S&P 500 vs Nasdaq, spreads in bp, the IWM/SPY line, a regime label. */

import {
  fetchWindow,
  PERIOD_CODES,
  type Period,
  parsePeriod,
  periodLabel,
} from "../core/analytics/periods.ts";
import { rebasedOn } from "../core/analytics/returns.ts";
import {
  ROTATION_INDEXES,
  ROTATION_PROXIES,
  type RotationFigures,
  rotationFigures,
  SPREADS,
} from "../core/analytics/rotation.ts";
import type { ChartSpec } from "../core/chart-spec.ts";
import { defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { describeMissing, fetchHistories } from "../core/fetch-series.ts";
import { bp, num, pct, toneOf } from "../core/format.ts";
import { asOfLabel, evaluationDate, formatAge } from "../core/market/as-of.ts";
import { formatShortDate, nyDate } from "../core/market/time.ts";
import type { DailySeries } from "../core/ports.ts";
import { type Block, type Field, makeReply } from "../core/reply.ts";
import { onePeriodText } from "./views/args.ts";

/** Sessions the chart shows at least, so 1d and 5d still have a readable line. */
const MIN_CHART_SESSIONS = 21;

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
    const end = period.kind === "range" && period.to < evaluation.date ? period.to : evaluation.date;
    const symbols = [...ROTATION_INDEXES.map((i) => i.symbol), ...ROTATION_PROXIES];
    const window = fetchWindow(period, end, Math.max(MIN_CHART_SESSIONS, 60));
    const set = await fetchHistories(ctx.market, symbols, window);
    const figures = rotationFigures(set.series, period, end);
    const live = evaluation.live && end === evaluation.date;
    const asOf = asOfLabel(end, live, set.fetchedAt);
    const notes: string[] = [];
    if (evaluation.note) notes.push(evaluation.note);
    const unpriced = symbols.filter((s) => set.series.has(s) && !figures.returns[s]);
    if (set.missing.length > 0) notes.push(`Missing: ${describeMissing(set.missing)}.`);
    if (unpriced.length > 0) notes.push(`Not enough history for this period: ${unpriced.join(", ")}.`);
    for (const l of figures.lagging)
      notes.push(
        `${l.symbol} has no close on ${formatShortDate(end)}; its last is ${formatShortDate(l.endDate)}.`,
      );
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
      { type: "title", text: `Rotation ${periodLabel(period)}, to ${formatShortDate(end)}` },
      { type: "text", text: `${figures.regime.label}. ${headline(figures)}` },
      returnsTable(figures),
      { type: "fields", fields: spreadFields(figures) },
    ];
    for (const note of notes) blocks.push({ type: "text", text: note });
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
      rotationData(period, end, live, ctx.market.name, figures, set.missing, set.staleAgeMs),
      {
        tone: figures.regime.tone,
      },
    );
  },
});

function headline(f: RotationFigures): string {
  const rut = f.returns["^RUT"];
  const spx = f.returns["^GSPC"];
  const spread = f.spreadsBp["RUT-SPX"];
  if (!rut || !spx || spread === undefined) return "";
  const who = spread > 0 ? "small caps ahead by" : spread < 0 ? "small caps behind by" : "level at";
  return `Russell 2000 ${pct(rut.value)} vs S&P 500 ${pct(spx.value)}: ${who} ${bp(Math.abs(spread)).replace("+", "")}.`;
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
  return {
    type: "table",
    columns: ["Index / ETF", "Return", "Base close", "Last close"],
    rows,
    align: ["left", "right", "right", "right"],
  };
}

function spreadFields(f: RotationFigures): Field[] {
  const fields: Field[] = SPREADS.map((sp) => {
    const v = f.spreadsBp[sp.key];
    return v === undefined
      ? { label: sp.label, value: "n/a (missing data)" }
      : { label: sp.label, value: bp(v), tone: toneOf(v) };
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

function rotationChart(
  series: ReadonlyMap<string, DailySeries>,
  f: RotationFigures,
  period: Period,
  end: string,
): Block | undefined {
  const spx = series.get("^GSPC") ?? series.get("^RUT");
  const anchor = f.returns["^GSPC"] ?? f.returns["^RUT"];
  if (!spx || !anchor) return undefined;
  const upTo = spx.bars.filter((b) => b.date <= anchor.endDate);
  const baseIdx = upTo.findIndex((b) => b.date === anchor.baseDate);
  const startIdx = Math.max(0, Math.min(baseIdx, upTo.length - 1 - MIN_CHART_SESSIONS));
  const dates = upTo.slice(startIdx).map((b) => b.date);
  // Rebased at the period's base close, so the last point reads as the period return.
  const base = anchor.baseDate;
  const lines = ["^RUT", "^GSPC", "^NDX"].filter((s) => series.has(s) && f.returns[s]);
  const rs = series.get("IWM") && series.get("SPY") ? ratioLine(series, dates, base) : undefined;
  const spec: ChartSpec = {
    kind: "line",
    title: `Rotation ${periodLabel(period)}: rebased to 100 at the ${formatShortDate(base)} close`,
    subtitle: f.regime.label,
    labels: dates,
    series: [
      ...lines.map((s) => ({
        name: ROTATION_INDEXES.find((i) => i.symbol === s)?.name ?? s,
        values: rebasedOn(series.get(s)?.bars ?? [], dates, base),
      })),
      ...(rs
        ? [{ name: "IWM/SPY (right)", values: rs, style: "dashed" as const, axis: "right" as const }]
        : []),
    ],
    left: { title: "Index, rebased to 100" },
    ...(rs ? { right: { title: "IWM/SPY, rebased to 100" } } : {}),
    reference: [{ value: 100, axis: "left" }],
  };
  const alt = `Line chart from ${formatShortDate(dates[0] as string)} to ${formatShortDate(end)} of ${lines.join(", ")} rebased to 100${rs ? ", with the IWM/SPY relative-strength line on the right axis" : ""}. ${f.regime.label}.`;
  return { type: "chart", spec, alt, filename: `rotation-${period.code}-${end}.png` };
}

function ratioLine(
  series: ReadonlyMap<string, DailySeries>,
  dates: string[],
  base: string,
): (number | null)[] {
  const a = new Map(series.get("IWM")?.bars.map((b) => [b.date, b.close]));
  const b = new Map(series.get("SPY")?.bars.map((x) => [x.date, x.close]));
  const ratio = (d: string) => {
    const x = a.get(d);
    const y = b.get(d);
    return x === undefined || y === undefined ? undefined : x / y;
  };
  const r0 = ratio(base);
  return dates.map((d) => {
    const r = ratio(d);
    return r === undefined || r0 === undefined ? null : (r / r0) * 100;
  });
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
    priceReturns: Object.fromEntries(Object.entries(f.returns).map(([s, r]) => [s, r])),
    spreadsBp: f.spreadsBp,
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
