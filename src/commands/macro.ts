/** /macro [period]: Treasury yields, the 10y-3m slope, ^VIX and ^RVX, with their changes over the period. */
import { differenceSeries, type LevelChange, levelChange, ppToBp } from "../core/analytics/levels.ts";
import { fetchWindow, type Period, parsePeriod, periodEnd, periodLabel } from "../core/analytics/periods.ts";
import type { ChartSpec } from "../core/chart-spec.ts";
import { defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { fetchHistories, type SeriesSet } from "../core/fetch-series.ts";
import { bp, num, pct } from "../core/format.ts";
import { asOfLabel, evaluationDate } from "../core/market/as-of.ts";
import { formatShortDate, nyDate } from "../core/market/time.ts";
import { type Block, type Field, makeReply } from "../core/reply.ts";
import { onePeriodText, periodOption } from "./views/args.ts";
import { dataNotes, footerText } from "./views/notes.ts";

export const YIELDS = [
  { symbol: "^IRX", name: "13-week bill" },
  { symbol: "^FVX", name: "5-year" },
  { symbol: "^TNX", name: "10-year" },
  { symbol: "^TYX", name: "30-year" },
] as const;
export const VOLATILITY = [
  { symbol: "^VIX", name: "VIX (S&P 500 volatility)" },
  { symbol: "^RVX", name: "RVX (Russell 2000 volatility)" },
] as const;
/** Sessions the chart shows at least. */
const MIN_CHART_SESSIONS = 21;

export const macro = defineCommand<{ periodText: string }>({
  name: "macro",
  description: "Treasury yields, the 10y-3m slope, VIX and RVX, with changes over the period",
  usage: "[period]",
  examples: ["/macro 1m", "/macro ytd", "/macro 2026-01-02..2026-02-27"],
  options: [periodOption("1m")],
  slow: true,
  parse(text) {
    return { periodText: onePeriodText("macro", text, "1m") };
  },
  async run(args, ctx) {
    const now = ctx.clock.now();
    const period = parsePeriod(args.periodText, nyDate(now), "/macro");
    const evaluation = evaluationDate(ctx.asOf, now);
    const end = periodEnd(period, evaluation.date);
    const symbols = [...YIELDS, ...VOLATILITY].map((s) => s.symbol);
    const set = await fetchHistories(ctx.market, symbols, fetchWindow(period, end, MIN_CHART_SESSIONS));
    const changes = new Map<string, LevelChange>();
    for (const s of symbols) {
      const bars = set.series.get(s)?.bars;
      const c = bars && levelChange(bars, period, end);
      if (c) changes.set(s, c);
    }
    const tnx = set.series.get("^TNX");
    const irx = set.series.get("^IRX");
    const slopeBars = tnx && irx ? differenceSeries(tnx.bars, irx.bars) : [];
    const slope = levelChange(slopeBars, period, end);
    const notes = dataNotes({
      ...(evaluation.note ? { evaluationNote: evaluation.note } : {}),
      missing: set.missing,
      short: symbols.filter((s) => set.series.has(s) && !changes.has(s)),
      series: set.series,
      lagging: [...changes]
        .filter(([, c]) => c.endDate < end)
        .map(([symbol, c]) => ({ symbol, endDate: c.endDate })),
      end,
      ...(set.staleAgeMs === undefined ? {} : { staleAgeMs: set.staleAgeMs }),
      sourceName: ctx.market.name,
    });
    if (!slope) notes.push("No 10y-3m slope: ^TNX and ^IRX need closes on the same sessions for the period.");
    if (changes.size === 0)
      throw new UserError(
        "no-data",
        `No rates or volatility closes cover ${periodLabel(period)} ending ${formatShortDate(end)}. ${notes.join(" ")}`.trim(),
        "/macro 1m",
      );
    const live = evaluation.live && end === evaluation.date;
    const row = (symbol: string, name: string, yieldLike: boolean) => {
      const c = changes.get(symbol);
      if (!c) return [name, symbol, "n/a", "n/a", "n/a"];
      const level = (v: number) => (yieldLike ? `${num(v, 2)}%` : num(v, 2));
      const change = yieldLike
        ? bp(ppToBp(c.change))
        : `${c.change > 0 ? "+" : c.change < 0 ? "-" : ""}${num(Math.abs(c.change))} pts (${pct(c.end / c.base - 1, 1)})`;
      return [
        name,
        symbol,
        `${level(c.base)} (${formatShortDate(c.baseDate)})`,
        `${level(c.end)} (${formatShortDate(c.endDate)})`,
        change,
      ];
    };
    const blocks: Block[] = [
      { type: "title", text: `Rates and volatility: ${periodLabel(period)}, to ${formatShortDate(end)}` },
      ...(slope ? [{ type: "text" as const, text: curveSentence(slope) }] : []),
      {
        type: "table",
        columns: ["", "Symbol", "Base", "Latest", "Change"],
        align: ["left", "left", "right", "right", "right"],
        rows: [
          ...YIELDS.map((y) => row(y.symbol, `${y.name} yield`, true)),
          ...VOLATILITY.map((v) => row(v.symbol, v.name, false)),
        ],
      },
      { type: "fields", fields: slopeFields(slope) },
    ];
    for (const note of notes) blocks.push({ type: "text", text: note });
    const chart = macroChart(set, period, end);
    if (chart) blocks.push(chart);
    blocks.push({
      type: "footer",
      text: footerText(ctx.market.name, asOfLabel(end, live, set.fetchedAt), [
        "yields as quoted by Yahoo (^IRX 13-week bill, ^FVX 5y, ^TNX 10y, ^TYX 30y), in percent: 4.25 = 4.25%",
        "yield changes in bp = (latest - base) x 100; 10y-3m slope = ^TNX - ^IRX in percentage points, its change in bp",
        "VIX and RVX changes in index points and percent",
        "base = last close before the period",
        `${changes.size} of ${symbols.length} series priced`,
      ]),
    });
    return makeReply(blocks, {
      period: period.kind === "range" ? { from: period.from, to: period.to } : period.code,
      asOf: end,
      live,
      source: ctx.market.name,
      levels: Object.fromEntries(changes),
      yieldChangesBp: Object.fromEntries(
        YIELDS.filter((y) => changes.has(y.symbol)).map((y) => [
          y.symbol,
          ppToBp((changes.get(y.symbol) as LevelChange).change),
        ]),
      ),
      slope: slope
        ? {
            ...slope,
            basePp: slope.base,
            endPp: slope.end,
            baseBp: ppToBp(slope.base),
            endBp: ppToBp(slope.end),
            changeBp: ppToBp(slope.change),
          }
        : null,
      missing: set.missing,
      staleAgeMs: set.staleAgeMs ?? null,
    });
  },
});

function curveSentence(s: LevelChange): string {
  const change = ppToBp(s.change);
  const move = change > 0 ? "steepened" : change < 0 ? "flattened" : "did not change";
  const shape = s.end < 0 ? "inverted (10y below 3m)" : s.end > 0 ? "upward sloping" : "flat";
  return `The 10y-3m curve ${move}${change === 0 ? "" : ` by ${bp(Math.abs(change)).replace("+", "")}`}: ${num(s.end)} pp (${bp(ppToBp(s.end))}), ${shape}.`;
}

function slopeFields(s: LevelChange | undefined): Field[] {
  if (!s) return [{ label: "10y - 3m slope", value: "n/a (missing data)" }];
  const change = ppToBp(s.change);
  return [
    {
      label: `10y - 3m slope, ${formatShortDate(s.baseDate)}`,
      value: `${num(s.base)} pp (${bp(ppToBp(s.base))})`,
    },
    {
      label: `10y - 3m slope, ${formatShortDate(s.endDate)}`,
      value: `${num(s.end)} pp (${bp(ppToBp(s.end))})`,
    },
    {
      label: "Slope change",
      value: `${bp(change)} (${change > 0 ? "steepening" : change < 0 ? "flattening" : "unchanged"})`,
      tone: "neutral",
    },
  ];
}

/** The 3m and 10y yields and the slope (left, %), the VIX (right), over the period or at least 21 sessions. */
function macroChart(set: SeriesSet, period: Period, end: string): Block | undefined {
  const drawn = ["^IRX", "^TNX", "^VIX"].filter((s) => set.series.has(s));
  if (drawn.length === 0) return undefined;
  // Every session any drawn series has up to the end, so one that stops early cannot cut the chart short.
  const sessions = new Set<string>();
  for (const s of drawn)
    for (const b of set.series.get(s)?.bars ?? []) if (b.date <= end) sessions.add(b.date);
  const upTo = [...sessions].sort().map((date) => ({ date, close: 1 }));
  const c = levelChange(upTo, period, end);
  const baseIdx = c ? upTo.findIndex((b) => b.date === c.baseDate) : 0;
  const dates = upTo
    .slice(Math.max(0, Math.min(baseIdx, upTo.length - 1 - MIN_CHART_SESSIONS)))
    .map((b) => b.date);
  if (dates.length < 2) return undefined;
  const values = (symbol: string) => {
    const m = new Map(set.series.get(symbol)?.bars.map((b) => [b.date, b.close]));
    return dates.map((d) => m.get(d) ?? null);
  };
  const lines: Extract<ChartSpec, { kind: "line" }>["series"] = [];
  if (set.series.has("^IRX")) lines.push({ name: "3m yield %", values: values("^IRX") });
  if (set.series.has("^TNX")) lines.push({ name: "10y yield %", values: values("^TNX") });
  if (set.series.has("^IRX") && set.series.has("^TNX")) {
    const irx = values("^IRX");
    const tnx = values("^TNX");
    lines.push({
      name: "10y-3m, pp",
      style: "dashed",
      values: dates.map((_, i) =>
        tnx[i] != null && irx[i] != null ? (tnx[i] as number) - (irx[i] as number) : null,
      ),
    });
  }
  const vix = set.series.has("^VIX");
  if (vix) lines.push({ name: "VIX (right)", values: values("^VIX"), axis: "right" });
  const spec: ChartSpec = {
    kind: "line",
    title: "Rates and the VIX",
    subtitle: `${formatShortDate(dates[0] as string)} to ${formatShortDate(dates.at(-1) as string)}, daily closes`,
    labels: dates,
    series: lines,
    left: { title: "Yield, %", suffix: "%" },
    ...(vix ? { right: { title: "VIX" } } : {}),
    reference: [{ value: 0, axis: "left" }],
  };
  const alt = `Line chart from ${formatShortDate(dates[0] as string)} to ${formatShortDate(dates.at(-1) as string)} of the 13-week and 10-year Treasury yields and their 10y-3m slope in percent${vix ? ", with the VIX on the right axis" : ""}.`;
  return { type: "chart", spec, alt, filename: `macro-${period.code}-${end}.png` };
}
