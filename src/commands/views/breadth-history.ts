/**
 * The reply to /breadth <INDEX> history: the A/D line, McClellan oscillator (plain and
 * ratio-adjusted) and summation index, % above the 50-day average over time, net new highs and the
 * high-low index, from one stored record per session. Only the unbroken run of sessions ending at
 * the latest record is used: an EMA cannot honestly step over a missing session.
 */
import { isMeaningful } from "../../core/analytics/breadth.ts";
import {
  type BreadthHistory,
  breadthHistory,
  MCCLELLAN_SLOW,
  runningSum,
} from "../../core/analytics/breadth-history.ts";
import { type BreadthRecord, sessionBreadth } from "../../core/breadth/history-store.ts";
import { memberListLabel } from "../../core/breadth/members.ts";
import { type Backfill, WARMUP_SESSIONS } from "../../core/breadth/record.ts";
import { UserError } from "../../core/errors.ts";
import { count, num, toneOf, counted } from "../../core/format.ts";
import type { IndexInfo } from "../../core/market/instruments.ts";
import { formatDate, formatShortDate } from "../../core/market/time.ts";
import type { MemberList } from "../../core/ports.ts";
import { type Block, type Field, makeReply, type Reply } from "../../core/reply.ts";
import { historyChart } from "./breadth-charts.ts";
import { pct1 } from "./coverage.ts";

export interface HistoryView {
  index: IndexInfo;
  list: MemberList;
  backfill: Backfill;
  /** Sessions to show (the last of the back-fill; the earlier ones warm the EMAs up). */
  shown?: number;
  source: string;
  notes: string[];
}

/** The unbroken run of records ending at the latest one, and the sessions left out before it. */
export function contiguousTail(b: Backfill): { records: BreadthRecord[]; dropped: string[] } {
  let end = b.records.length - 1;
  while (end >= 0 && !b.records[end]) end--;
  let start = end;
  while (start > 0 && b.records[start - 1]) start--;
  const records = end < 0 ? [] : (b.records.slice(start, end + 1) as BreadthRecord[]);
  const dropped = b.dates.filter((_, i) => i < start || i > end || !b.records[i]);
  return { records, dropped };
}

/** "1,942 of 1,961 members counted in every session" or "1,930-1,942 of ...". */
function countedRange(perSession: readonly number[], members: number): string {
  const lo = Math.min(...perSession);
  const hi = Math.max(...perSession);
  return lo === hi
    ? `${count(lo)} of ${counted(members, "member")} counted in every session`
    : `${count(lo)}-${count(hi)} of ${counted(members, "member")} counted per session`;
}

const signed = (v: number, digits = 0) => `${v > 0 ? "+" : v < 0 ? "-" : ""}${num(Math.abs(v), digits)}`;
const last = <T>(xs: readonly T[]): T | undefined => xs[xs.length - 1];

/** Every series of a history from index `from` on; the A/D line restarts at the first session kept. */
function sliceHistory(h: BreadthHistory, from: number): BreadthHistory {
  const out = Object.fromEntries(
    Object.entries(h).map(([k, v]) => [k, (v as unknown[]).slice(from)]),
  ) as unknown as BreadthHistory;
  return { ...out, adLine: runningSum(out.netAdvances) as number[] };
}

export function historyReply(v: HistoryView): Reply {
  const tail = contiguousTail(v.backfill);
  const run = tail.records;
  const wanted = Math.min(v.shown ?? v.backfill.dates.length, v.backfill.dates.length);
  const shownDates = new Set(v.backfill.dates.slice(-wanted));
  const records = run.filter((r) => shownDates.has(r.date));
  const dropped = tail.dropped.filter((d) => shownDates.has(d));
  if (records.length < 2)
    throw new UserError(
      "no-breadth-history",
      `Too few sessions of ${v.index.name} breadth could be computed (${count(records.length)} of ${count(wanted)}): too few members were priced on the others.`,
      `/breadth ${v.index.alias}`,
    );
  // The EMAs and the summation run over the whole unbroken run; only the last sessions are shown.
  const offset = run.length - records.length;
  const h = sliceHistory(breadthHistory(run.map(sessionBreadth)), offset);
  const warming = records.map((_, i) => offset + i < WARMUP_SESSIONS);
  const emaStart = (run[0] as BreadthRecord).date;
  const first = records[0] as BreadthRecord;
  const latest = last(records) as BreadthRecord;
  const notes = [...v.notes];
  if (v.backfill.filled > 0)
    notes.push(
      v.backfill.unsaved
        ? `Computed ${counted(v.backfill.filled, "session")} from daily closes; not stored, because some members' closes could not be fetched: they are computed again next time.`
        : v.backfill.transient
          ? `Computed ${counted(v.backfill.filled, "session")} from daily closes, for this run only (no store is open).`
          : `Back-filled ${counted(v.backfill.filled, "session")} from daily closes; ${v.backfill.filled === 1 ? "it is" : "they are"} now stored.`,
    );
  if (warming.some((w) => w))
    notes.push(
      `The McClellan EMAs start on ${formatShortDate(emaStart)}, the first session the data reaches, only ${count(offset)} session${offset === 1 ? "" : "s"} before the first one shown: values marked ~ are still warming up (settled from ${WARMUP_SESSIONS} sessions after the start).`,
    );
  if (dropped.length > 0)
    notes.push(
      `${count(dropped.length)} of the ${counted(wanted, "session")} asked for ${dropped.length === 1 ? "is" : "are"} left out (too few members priced, or before a gap): ${dropped.slice(0, 5).map(formatShortDate).join(", ")}${dropped.length > 5 ? ", ..." : ""}.`,
    );
  notes.push(
    "Every session is counted over the current member list, so members that have since left the index are not in earlier sessions.",
  );
  const pricedRange = records.map((r) => r.directionOf);
  const blocks: Block[] = [
    {
      type: "title",
      text: `${v.index.name} breadth history: ${counted(records.length, "session")} to ${formatShortDate(latest.date)}`,
    },
    { type: "fields", fields: fields(h, first.date, warming.at(-1) === true, run.length) },
    table(h, records, warming),
    ...notes.map((text): Block => ({ type: "text", text })),
    {
      type: "chart",
      spec: historyChart(v.index.name, h),
      alt: `Line chart of the ${v.index.name} advance/decline line from ${formatShortDate(first.date)} to ${formatShortDate(latest.date)}, with the McClellan oscillator on the right axis.`,
      filename: `breadth-history-${v.index.alias}-${latest.date}.png`,
    },
    {
      type: "footer",
      text: [
        `Source: ${v.source}`,
        `as of close ${formatDate(latest.date)}`,
        `one record per session from daily closes; A/D line = running sum of net advances from ${formatShortDate(first.date)}; McClellan = EMA19 - EMA39 of net advances (smoothing 0.10 and 0.05, each seeded with the simple mean of its first window), EMAs started ${formatShortDate(emaStart)}, ${count(offset)} sessions before the first shown (${WARMUP_SESSIONS} wanted); summation index = running sum of the oscillator from its first value`,
        memberListLabel(v.list),
        countedRange(pricedRange, latest.members),
        "Not investment advice",
      ].join(" · "),
    },
  ];
  const net = last(h.netAdvances) ?? 0;
  return makeReply(
    blocks,
    { ...data(v, h, records, dropped), emaStart, warmupSessions: offset, warmingUp: warming },
    { tone: toneOf(net) },
  );
}

function fields(h: BreadthHistory, firstDate: string, warm: boolean, sessions: number): Field[] {
  const osc = last(h.mcclellan) ?? null;
  const ratio = last(h.ratioAdjustedMcclellan) ?? null;
  const sum = last(h.summation) ?? null;
  const needs = `n/a (needs ${MCCLELLAN_SLOW.sessions} sessions, has ${sessions})`;
  const w = warm ? " (warming up)" : "";
  const above = h.above50Percent;
  const a0 = above.find((x) => x !== null) ?? null;
  const a1 = last(above) ?? null;
  const hli = last(h.highLowIndex) ?? null;
  const nnh = last(h.netNewHighs) ?? 0;
  return [
    {
      label: "Net advances (latest)",
      value: signed(last(h.netAdvances) ?? 0),
      tone: toneOf(last(h.netAdvances) ?? 0),
    },
    { label: `A/D line (from ${formatShortDate(firstDate)})`, value: signed(last(h.adLine) ?? 0) },
    {
      label: "McClellan oscillator",
      value: osc === null ? needs : `${signed(osc, 1)}${w}`,
      ...(osc === null ? {} : { tone: toneOf(osc) }),
    },
    { label: "Ratio-adjusted McClellan", value: ratio === null ? needs : `${signed(ratio, 1)}${w}` },
    { label: "Summation index", value: sum === null ? needs : `${signed(sum, 1)}${w}` },
    {
      label: "% above 50-day average",
      value: a1 === null ? "n/a" : `${pct1(a1)}${a0 === null ? "" : ` (${pct1(a0)} at the start)`}`,
    },
    { label: "Net new highs (latest)", value: signed(nnh), tone: toneOf(nnh) },
    {
      label: "High-low index (10 sessions)",
      value: hli === null ? "n/a (needs 10 sessions with highs or lows)" : pct1(hli),
    },
  ];
}

function table(h: BreadthHistory, records: readonly BreadthRecord[], warming: readonly boolean[]): Block {
  const from = Math.max(0, records.length - 10);
  const rows: string[][] = [];
  for (let i = records.length - 1; i >= from; i--) {
    const r = records[i] as BreadthRecord;
    const osc = h.mcclellan[i] ?? null;
    const above = h.above50Percent[i] ?? null;
    rows.push([
      formatShortDate(r.date),
      count(r.advancing),
      count(r.declining),
      signed(h.netAdvances[i] ?? 0),
      signed(h.adLine[i] ?? 0),
      osc === null ? "n/a" : `${warming[i] ? "~" : ""}${signed(osc, 1)}`,
      above === null ? "n/a" : pct1(above),
      signed(h.netNewHighs[i] ?? 0),
    ]);
  }
  return {
    type: "table",
    columns: ["Session", "Adv", "Dec", "Net", "A/D line", "McClellan", "% >50d", "NH-NL"],
    align: ["left", "right", "right", "right", "right", "right", "right", "right"],
    rows,
    caption: `Latest ${counted(rows.length, "session")}, newest first${warming.slice(from).some((x) => x) ? "; ~ = McClellan still warming up" : ""}`,
  };
}

function data(v: HistoryView, h: BreadthHistory, records: readonly BreadthRecord[], dropped: string[]) {
  return {
    index: v.index.alias,
    source: v.source,
    memberList: { source: v.list.source, asOf: v.list.asOf ?? null, memberCount: v.list.memberCount },
    sessions: records.map((r) => ({
      date: r.date,
      advancing: r.advancing,
      declining: r.declining,
      unchanged: r.unchanged,
      counted: r.directionOf,
      members: r.members,
      highs: r.highs,
      lows: r.lows,
      above50: r.above50,
      above50Meaningful: isMeaningful(r.above50.of, r.members),
    })),
    history: h,
    dropped,
    backfilled: v.backfill.filled,
  };
}
