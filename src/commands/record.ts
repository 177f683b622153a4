/** /record <INDEX|TICKER>: record close, distance from it, sessions since, round-number levels crossed. */
import { type RecordFigures, recordFigures } from "../core/analytics/records.ts";
import type { ChartSpec } from "../core/chart-spec.ts";
import { defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { fetchHistories } from "../core/fetch-series.ts";
import { count, num, pct, counted } from "../core/format.ts";
import { asOfLabel, evaluationDate } from "../core/market/as-of.ts";
import { KNOWN_INSTRUMENTS } from "../core/market/instruments.ts";
import { formatShortDate } from "../core/market/time.ts";
import type { Bar } from "../core/ports.ts";
import { type Block, type Field, makeReply } from "../core/reply.ts";
import { words } from "../core/text.ts";
import { symbolFromWord } from "./views/args.ts";
import { dataNotes, footerText } from "./views/notes.ts";

/** Earliest date asked for: "the data" is everything the source has from here on. */
export const RECORD_HISTORY_FROM = "1980-01-01";
/** Milestones listed at most (the latest ones). */
const MAX_MILESTONES = 5;
/** Sessions the chart shows. */
const CHART_SESSIONS = 126;
const EXAMPLE = "/record RUT";

export const record = defineCommand<{ symbol: string }>({
  name: "record",
  description: "Record close of an index or ticker: distance now, sessions since, round levels crossed",
  usage: "INDEX|TICKER",
  examples: [EXAMPLE, "/record SPX", "/record IWM"],
  options: [
    {
      name: "ticker",
      description: "An index (RUT, SPX, NDX, COMP) or a ticker (IWM, KRE)",
      type: "string",
      required: true,
      autocomplete: "instrument",
    },
  ],
  parse(text) {
    const parts = words(text);
    if (parts.length !== 1)
      throw new UserError("record-args", "/record takes one index or ticker, e.g. RUT or IWM.", EXAMPLE);
    return { symbol: symbolFromWord(parts[0] as string, 1, EXAMPLE) };
  },
  async run(args, ctx) {
    const evaluation = evaluationDate(ctx.asOf, ctx.clock.now());
    const end = evaluation.date;
    const set = await fetchHistories(ctx.market, [args.symbol], { from: RECORD_HISTORY_FROM, to: end });
    const series = set.series.get(args.symbol);
    const f = series && recordFigures(series.bars, end);
    const name = KNOWN_INSTRUMENTS[args.symbol];
    const label = name ? `${name} (${args.symbol})` : args.symbol;
    if (!series || !f)
      throw new UserError(
        "no-data",
        `No closes for ${args.symbol} on or before ${formatShortDate(end)}${set.missing.length ? ` (${set.missing.map((m) => m.reason).join(", ")})` : ""}.`,
        EXAMPLE,
      );
    const live = evaluation.live && f.latest.date === end;
    const latestWord = live ? "live price" : "close";
    const notes = dataNotes({
      ...(evaluation.note ? { evaluationNote: evaluation.note } : {}),
      missing: set.missing,
      lagging: f.latest.date < end ? [{ symbol: args.symbol, endDate: f.latest.date }] : [],
      end,
      ...(set.staleAgeMs === undefined ? {} : { staleAgeMs: set.staleAgeMs }),
      sourceName: ctx.market.name,
    });
    if (live) notes.push("The session is still open: the latest figure is a live price, not a close.");
    const blocks: Block[] = [
      { type: "title", text: `Record close: ${label}` },
      { type: "text", text: headline(f, latestWord) },
      { type: "fields", fields: recordFields(f, latestWord) },
    ];
    if (f.milestones.length > 0)
      blocks.push({
        type: "table",
        caption: `First close at or above each multiple of ${num(f.step, decimals(f.step))} (latest ${Math.min(MAX_MILESTONES, f.milestones.length)} of ${f.milestones.length})`,
        columns: ["Level", "First close at or above", "Close"],
        align: ["right", "left", "right"],
        rows: f.milestones
          .slice(-MAX_MILESTONES)
          .reverse()
          .map((m) => [num(m.level, decimals(f.step)), formatShortDate(m.date), num(m.close)]),
      });
    for (const note of notes) blocks.push({ type: "text", text: note });
    blocks.push(recordChart(series.bars, f, args.symbol));
    blocks.push({
      type: "footer",
      text: footerText(ctx.market.name, asOfLabel(end, live, set.fetchedAt), [
        `record = highest daily close in the data (${counted(f.sessions, "session")} from ${formatShortDate(f.firstDate)}), dated the first session that reached it`,
        "sessions since = sessions in the data after it",
        "intraday high = highest daily high among bars that carry one",
        `round levels = multiples of ${num(f.step, decimals(f.step))} (10^(n - 2) for a record with n digits before the point); "first close at or above" counts only levels above the first close in the data`,
      ]),
    });
    return makeReply(
      blocks,
      {
        symbol: args.symbol,
        asOf: end,
        live,
        source: ctx.market.name,
        ...f,
        intradayHigh: f.intradayHigh ?? null,
        missing: set.missing,
        staleAgeMs: set.staleAgeMs ?? null,
      },
      { tone: f.isNewRecord ? "positive" : "neutral" },
    );
  },
});

function decimals(step: number): number {
  return step >= 1 ? 0 : Math.round(-Math.log10(step));
}

function headline(f: RecordFigures, latestWord: string): string {
  if (f.isNewRecord)
    return `A new record: the ${latestWord} of ${num(f.latest.value)} on ${formatShortDate(f.latest.date)} is above every earlier close in the data.`;
  if (f.matchesRecord)
    return `The ${latestWord} of ${num(f.latest.value)} matches the record close of ${formatShortDate(f.record.date)} without exceeding it.`;
  return `${pct(f.distance)} from the record close of ${num(f.record.value)} (${formatShortDate(f.record.date)}), ${counted(f.sessionsSince, "session")} ago.`;
}

function recordFields(f: RecordFigures, latestWord: string): Field[] {
  const crossed = f.crossedLatest.map(
    (c) => `${c.direction === "up" ? "above" : "below"} ${num(c.level, decimals(f.step))}`,
  );
  return [
    { label: "Record close", value: `${num(f.record.value)} on ${formatShortDate(f.record.date)}` },
    {
      label: "Intraday high",
      value: f.intradayHigh
        ? `${num(f.intradayHigh.value)} on ${formatShortDate(f.intradayHigh.date)}${f.barsWithHigh < f.sessions ? ` (highs on ${count(f.barsWithHigh)} of ${count(f.sessions)} bars)` : ""}`
        : "not in the data (closes only)",
    },
    { label: `Latest ${latestWord}`, value: `${num(f.latest.value)} on ${formatShortDate(f.latest.date)}` },
    { label: "Distance from record", value: pct(f.distance), tone: f.distance < 0 ? "negative" : "positive" },
    { label: "Sessions since record", value: count(f.sessionsSince) },
    { label: "New record on the latest session", value: f.isNewRecord ? "yes" : "no" },
    {
      label: "Round levels crossed on the latest session",
      value: f.previous
        ? crossed.length > 0
          ? `${crossed.join(", ")} (from ${num(f.previous.value)})`
          : "none"
        : "n/a (one session in the data)",
    },
  ];
}

/**
 * The round levels either side of the latest close that lie inside the range the chart shows
 * anyway (so they never stretch the axis), and not on the record line itself.
 */
function roundLevelsNear(shown: readonly Bar[], f: RecordFigures): number[] {
  const closes = shown.map((b) => b.close);
  const [lo, hi] = [Math.min(...closes), Math.max(...closes)];
  const below = Math.floor(f.latest.value / f.step) * f.step;
  return [below, below + f.step]
    .map((v) => Number(v.toPrecision(12)))
    .filter((v) => v >= lo && v <= hi && v !== f.record.value);
}

function recordChart(bars: readonly Bar[], f: RecordFigures, symbol: string): Block {
  const shown = bars.filter((b) => b.date <= f.latest.date).slice(-CHART_SESSIONS);
  const start = (shown[0] as Bar).date;
  const spec: ChartSpec = {
    kind: "line",
    title: `${symbol}: daily closes and the record close`,
    subtitle: `${formatShortDate(start)} to ${formatShortDate(f.latest.date)}`,
    labels: shown.map((b) => b.date),
    series: [{ name: `${symbol} close`, values: shown.map((b) => b.close) }],
    left: { title: "Close" },
    reference: [
      { value: f.record.value, axis: "left", label: `Record ${num(f.record.value)}` },
      ...roundLevelsNear(shown, f).map((value) => ({
        value,
        axis: "left" as const,
        label: num(value, decimals(f.step)),
      })),
    ],
  };
  const alt = `Line chart of ${symbol} daily closes from ${formatShortDate(start)} to ${formatShortDate(f.latest.date)} with the record close ${num(f.record.value)} of ${formatShortDate(f.record.date)} as a horizontal line; latest ${num(f.latest.value)}, ${pct(f.distance)} from it.`;
  return { type: "chart", spec, alt, filename: `record-${symbol.replace(/\^/g, "")}-${f.latest.date}.png` };
}
