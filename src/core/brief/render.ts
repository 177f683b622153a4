/** The brief as one Reply: figures in tables and fields, events, notes, one chart, the footer. */

import type { Tally } from "../analytics/breadth.ts";
import { RECORD_MIN_SESSIONS } from "../analytics/events.ts";
import { ppToBp } from "../analytics/levels.ts";
import { periodLabel } from "../analytics/periods.ts";
import { pairNotes } from "../analytics/rotation.ts";
import { describeMissing } from "../fetch-series.ts";
import { bp, num, pct } from "../format.ts";
import { formatAge } from "../market/as-of.ts";
import { previousTradingDay } from "../market/calendar.ts";
import { formatDate, formatShortDate } from "../market/time.ts";
import { type Block, type Field, makeReply, type Reply } from "../reply.ts";
import { type IndexBreadth, pctOf, ppChange } from "./breadth.ts";
import { briefChart } from "./chart.ts";
import { LINE_AVERAGE_SESSIONS, YEAR_RANGE_SESSIONS } from "./events.ts";
import { type BriefEvent, briefEvents } from "./events-text.ts";
import type { MarketFigures, SectorDay } from "./figures.ts";

export interface BriefInput {
  figures: MarketFigures;
  breadth: IndexBreadth[];
  /** Which session the brief covers, and why (a sentence). */
  coverage: string;
  source: string;
  notes: string[];
}

const LEADERS = 3;

export function briefReply(input: BriefInput): Reply {
  const { figures: f, breadth } = input;
  const events = briefEvents(f, breadth);
  const ytd = f.rotation.find((r) => r.period.code === "ytd")?.figures;
  const blocks: Block[] = [{ type: "title", text: `Morning brief: close of ${formatDate(f.session)}` }];
  // The title already names the session; say more only when there is more to say (a closed day...).
  if (input.coverage && !/^Covers the close of [^:;]*\.$/.test(input.coverage))
    blocks.push({ type: "text", text: input.coverage });
  if (ytd) blocks.push({ type: "text", text: `YTD: ${ytd.regime.label}.` });
  blocks.push(rotationTable(f));
  blocks.push({ type: "fields", fields: [lineField(f), ...sectorFields(f.sectors), ...rateFields(f)] });
  blocks.push(breadthTable(breadth));
  blocks.push({ type: "text", text: eventsText(events) });
  for (const note of notesOf(input)) blocks.push({ type: "text", text: note });
  const chart = briefChart(f.series, f.session);
  if (chart) blocks.push(chart);
  blocks.push({
    type: "footer",
    text: [
      `Source: ${input.source}`,
      `as of close ${formatDate(f.session)}`,
      "price returns of daily closes, base = last close before the period; spread = (return A - return B) x 10,000 bp",
      `IWM/SPY vs its ${LINE_AVERAGE_SESSIONS}-session simple average; breadth from member closes (closing basis); yields in %, changes in bp; one-year range = ${YEAR_RANGE_SESSIONS} sessions`,
      "Not investment advice",
    ].join(" · "),
  });
  return makeReply(blocks, briefData(input, events), ytd ? { tone: ytd.regime.tone } : {});
}

function rotationTable(f: MarketFigures): Block {
  const cols = f.rotation;
  // A return from another base than the column's usual one (a series missing that close) names it.
  const ret = (symbol: string) =>
    cols.map(({ figures }) => {
      const r = figures.returns[symbol];
      if (!r || r.endDate !== f.session) return "n/a";
      const usual = usualBase(Object.values(figures.returns).filter((x) => x.endDate === f.session));
      return r.baseDate === usual ? pct(r.value) : `${pct(r.value)} (from ${formatShortDate(r.baseDate)})`;
    });
  // A spread over other dates than the column's (a missing close) is marked; a note says which.
  const spread = (key: string) =>
    cols.map(({ figures }) => {
      const p = figures.pairs[key];
      return p === undefined ? "n/a" : `${bp(p.bp)}${p.why ? "*" : ""}`;
    });
  return {
    type: "table",
    caption: "Rotation: price returns and spreads",
    columns: ["", ...cols.map((c) => (c.period.code === "ytd" ? "YTD" : c.period.code))],
    align: ["left", ...cols.map(() => "right" as const)],
    rows: [
      ["Russell 2000", ...ret("^RUT")],
      ["S&P 500", ...ret("^GSPC")],
      ["RUT - SPX", ...spread("RUT-SPX")],
      ["RUT - NDX", ...spread("RUT-NDX")],
      ["RSP - SPY", ...spread("RSP-SPY")],
    ],
  };
}

/** The base date most of a column's returns share (ties: the later). */
function usualBase(returns: readonly { baseDate: string }[]): string | undefined {
  const counts = new Map<string, number>();
  for (const r of returns) counts.set(r.baseDate, (counts.get(r.baseDate) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? 1 : -1))[0]?.[0];
}

function lineField(f: MarketFigures): Field {
  const l = f.line.latest;
  if (!l || l.date !== f.session)
    return { label: "IWM/SPY line", value: `n/a (IWM or SPY lacks ${LINE_AVERAGE_SESSIONS} sessions)` };
  const gap = (l.ratio / l.average - 1) * 100;
  return {
    label: `IWM/SPY line vs its ${LINE_AVERAGE_SESSIONS}-session average`,
    value: `${l.above ? "above" : "at or below"}: ${num(l.ratio, 4)} vs ${num(l.average, 4)} (${gap >= 0 ? "+" : "-"}${Math.abs(gap).toFixed(2)}%)`,
    tone: l.above ? "positive" : "negative",
  };
}

function sectorLine(s: SectorDay): string {
  return `${s.symbol} ${pct(s.ret.value)}${s.vsSpyBp === undefined ? "" : ` (${bp(s.vsSpyBp)} vs SPY)`}`;
}

function sectorFields(sectors: readonly SectorDay[]): Field[] {
  if (sectors.length === 0) return [{ label: "Sectors, 1 day", value: "n/a (no sector ETF closes)" }];
  const n = Math.min(LEADERS, Math.floor(sectors.length / 2) || 1);
  return [
    { label: "Sector leaders, 1 day", value: sectors.slice(0, n).map(sectorLine).join(", ") },
    {
      label: "Sector laggards, 1 day",
      value: sectors.slice(-n).reverse().map(sectorLine).join(", "),
    },
  ];
}

function rateFields(f: MarketFigures): Field[] {
  // Day changes are from the previous NYSE session; one measured from an earlier close names it.
  const usual = previousTradingDay(f.session);
  const since = (c: { baseDate: string }) =>
    c.baseDate === usual ? "" : ` since ${formatShortDate(c.baseDate)}`;
  const yieldField = (symbol: string, label: string): Field => {
    const c = f.levels[symbol];
    return c
      ? { label, value: `${num(c.end, 2)}% (${bp(ppToBp(c.change))}${since(c)})` }
      : { label, value: "n/a (missing data)" };
  };
  const volField = (symbol: string, label: string): Field => {
    const c = f.levels[symbol];
    if (!c) return { label, value: "n/a (missing data)" };
    const sign = c.change > 0 ? "+" : c.change < 0 ? "-" : "";
    return { label, value: `${num(c.end)} (${sign}${num(Math.abs(c.change))} pts${since(c)})` };
  };
  const s = f.slope;
  return [
    yieldField("^IRX", "13-week bill (^IRX)"),
    yieldField("^TNX", "10-year (^TNX)"),
    s
      ? {
          label: "10y - 3m slope",
          value: `${num(s.end)} pp (${bp(ppToBp(s.end))}), ${bp(ppToBp(s.change))} ${s.baseDate === usual ? "on the day" : `since ${formatShortDate(s.baseDate)}`}`,
        }
      : { label: "10y - 3m slope", value: "n/a (missing data)" },
    volField("^VIX", "VIX"),
    volField("^RVX", "RVX (Russell 2000)"),
  ];
}

function tallyCell(latest: Tally, previous: Tally | undefined): string {
  const p = pctOf(latest);
  if (p === undefined) return "n/a";
  const change = ppChange(latest, previous);
  const sign = change === undefined ? "" : change > 0 ? "+" : change < 0 ? "-" : "";
  const delta = change === undefined ? "" : `, ${sign}${Math.abs(change).toFixed(1)} pp`;
  return `${p.toFixed(1)}% (${latest.count}/${latest.of})${delta}`;
}

function breadthTable(breadth: readonly IndexBreadth[]): Block {
  const cols = breadth.map((b) => b.latest);
  const cell = (fn: (b: IndexBreadth) => string) => breadth.map((b) => (b.latest ? fn(b) : "n/a"));
  return {
    type: "table",
    caption: "Breadth at the close, change since the previous session",
    columns: ["", ...breadth.map((b) => b.name)],
    align: ["left", ...cols.map(() => "right" as const)],
    rows: [
      ["Adv / dec / unch", ...cell((b) => adLine(b))],
      ["Above 50-day", ...cell((b) => tallyCell(b.latest?.above50 as Tally, b.previous?.above50))],
      ["Above 200-day", ...cell((b) => tallyCell(b.latest?.above200 as Tally, b.previous?.above200))],
      ["52-wk highs / lows", ...cell((b) => `${b.latest?.highs.count} / ${b.latest?.lows.count}`)],
    ],
  };
}

function adLine(b: IndexBreadth): string {
  const r = b.latest;
  if (!r) return "n/a";
  const net = r.advancing - r.declining;
  const prev = b.previous ? b.previous.advancing - b.previous.declining : undefined;
  const change =
    prev === undefined
      ? ""
      : `, net ${net >= 0 ? "+" : ""}${net} (${net - prev >= 0 ? "+" : ""}${net - prev})`;
  return `${r.advancing} / ${r.declining} / ${r.unchanged}${change}`;
}

function eventsText(events: readonly BriefEvent[]): string {
  if (events.length === 0)
    return "Worth a line: nothing today (no Russell 2000 record close, no IWM/SPY or 50%-line crossing, no spread at a one-year extreme, no figure beyond the 5th to 95th percentile of its history).";
  return ["Worth a line:", ...events.map((e) => `- ${e.text}`)].join("\n");
}

function notesOf(input: BriefInput): string[] {
  const f = input.figures;
  const notes = [...input.notes];
  for (const b of input.breadth)
    if (b.unavailable) notes.push(`${b.name} breadth unavailable: ${b.unavailable}`);
  if (f.missing.length > 0) notes.push(`Missing: ${describeMissing(f.missing)}.`);
  for (const { period, figures } of f.rotation)
    notes.push(...pairNotes(figures, ` ${period.code === "ytd" ? "YTD" : period.code}`).map((n) => `* ${n}`));
  for (const u of f.sectorsUnranked)
    notes.push(`${u.symbol} is not among the sector leaders and laggards: ${u.reason}.`);
  if (f.recordShort)
    notes.push(
      `The Russell 2000 closed at ${num(f.recordShort.close)}, above every earlier close in the data, but the data holds only ${f.recordShort.sessions} sessions (since ${formatShortDate(f.recordShort.since)}): a record close needs ${RECORD_MIN_SESSIONS}, so none is claimed.`,
    );
  if (f.extremesShort.length > 0)
    notes.push(
      `Fewer than ${YEAR_RANGE_SESSIONS} sessions of spreads, so no one-year extreme assessed for: ${f.extremesShort.join(", ")}.`,
    );
  if (f.staleAgeMs !== undefined)
    notes.push(
      `${input.source} could not be reached; figures come from data cached ${formatAge(f.staleAgeMs)} ago.`,
    );
  return notes;
}

function briefData(input: BriefInput, events: readonly BriefEvent[]): Record<string, unknown> {
  const f = input.figures;
  return {
    session: f.session,
    source: input.source,
    rotation: Object.fromEntries(
      f.rotation.map(({ period, figures }) => [
        period.code,
        { label: periodLabel(period), returns: figures.returns, spreadsBp: figures.spreadsBp },
      ]),
    ),
    smallCapLine: f.line.latest ? { ...f.line.latest, cross: f.line.cross ?? null } : null,
    sectors: {
      returns: Object.fromEntries(f.sectors.map((s) => [s.symbol, s.ret])),
      ranking: f.sectors.map((s) => ({ symbol: s.symbol, vsSpyBp: s.vsSpyBp ?? null })),
    },
    levels: f.levels,
    slope: f.slope ? { ...f.slope, endBp: ppToBp(f.slope.end), changeBp: ppToBp(f.slope.change) } : null,
    breadth: Object.fromEntries(
      input.breadth.map((b) => [
        b.alias,
        b.latest
          ? {
              date: b.latest.date,
              advancing: b.latest.advancing,
              declining: b.latest.declining,
              unchanged: b.latest.unchanged,
              above50: b.latest.above50,
              above200: b.latest.above200,
              highs: b.latest.highs.count,
              lows: b.latest.lows.count,
              previousDate: b.previous?.date ?? null,
              above50ChangePp: ppChange(b.latest.above50, b.previous?.above50) ?? null,
              above200ChangePp: ppChange(b.latest.above200, b.previous?.above200) ?? null,
            }
          : { unavailable: b.unavailable ?? "unknown" },
      ]),
    ),
    events: events.map((e) => ({ type: e.type, text: e.text })),
    extremes: f.extremes,
    // Each figure's place in its history, extreme or not, at full precision.
    history: {
      spread: f.spreadHistory ? { ...f.spreadHistory, since: f.spreadHistory.since ?? null } : null,
      above50: Object.fromEntries(
        input.breadth.map((b) => [
          b.alias,
          b.above50History
            ? {
                ...b.above50History,
                firstDate: b.above50History.firstDate ?? null,
                lastDate: b.above50History.lastDate ?? null,
                rank: b.above50History.rank ?? null,
              }
            : null,
        ]),
      ),
    },
    record: f.record ?? null,
    recordShort: f.recordShort ?? null,
    missing: f.missing,
    staleAgeMs: f.staleAgeMs ?? null,
  };
}
