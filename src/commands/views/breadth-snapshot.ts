/**
 * The reply to /breadth <INDEX> (live or as of a close): the index's measures with the count each
 * is over, the sectors carrying or dragging the move, who could not be priced, and the charts.
 * When fewer than half the members are priced, no percentage is shown at all.
 */
import { type BreadthSnapshot, isMeaningful, type SectorBreadth } from "../../core/analytics/breadth.ts";
import { percentileOrdinal } from "../../core/analytics/history/percentile.ts";
import { type Above50Percentile, MIN_ABOVE50_HISTORY } from "../../core/breadth/above50-history.ts";
import { memberListLabel } from "../../core/breadth/members.ts";
import { count, toneOf, counted } from "../../core/format.ts";
import type { IndexInfo } from "../../core/market/instruments.ts";
import { formatShortDate } from "../../core/market/time.ts";
import type { MemberList } from "../../core/ports.ts";
import { type Block, type Field, makeReply, type Reply } from "../../core/reply.ts";
import { breadthPanel, sectorPanel } from "./breadth-charts.ts";
import { coverageText, measureText, notPricedNote, pct1, percentCell } from "./coverage.ts";

export interface SnapshotView {
  index: IndexInfo;
  list: MemberList;
  snapshot: BreadthSnapshot;
  /** Where "% above 50-day" sits among the stored sessions before this one. */
  above50History?: Above50Percentile;
  source: string;
  /** "live at 11:32 New York, Tue 13 Jan 2026" or "as of close Tue 13 Jan 2026". */
  asOf: string;
  /** "live mode: quotes, intraday basis" or "historical mode: daily closes, closing basis". */
  basis: string;
  notes: string[];
  staleAgeMs?: number;
}

const advancingShare = (x: SectorBreadth) =>
  x.directionOf === 0 ? Number.NEGATIVE_INFINITY : x.advancing / x.directionOf;

export function snapshotReply(v: SnapshotView): Reply {
  const s = v.snapshot;
  const title = `${v.index.name} breadth: ${v.asOf}`;
  const footer: Block = {
    type: "footer",
    text: [
      `Source: ${v.source}`,
      v.asOf,
      v.basis,
      memberListLabel(v.list),
      coverageText(s.priced, s.members),
      "Not investment advice",
    ].join(" · "),
  };
  const missing = notPricedNote(s.notPriced);
  const notes = [...v.notes, ...(missing ? [missing] : [])].map((text): Block => ({ type: "text", text }));
  if (!isMeaningful(s.directionOf, s.members)) {
    const text = `Only ${coverageText(s.directionOf, s.members)}: too few for a meaningful breadth reading, so no percentages are given.`;
    return makeReply(
      [{ type: "title", text: title }, { type: "text", text }, ...notes, footer],
      data(v, false),
    );
  }
  const sectors = [...s.sectors].sort(
    (a, b) =>
      Number(isMeaningful(b.directionOf, b.members)) - Number(isMeaningful(a.directionOf, a.members)) ||
      advancingShare(b) - advancingShare(a) ||
      a.sector.localeCompare(b.sector),
  );
  const blocks: Block[] = [
    { type: "title", text: title },
    { type: "text", text: headline(s) },
    { type: "fields", fields: fields(s) },
  ];
  if (v.above50History)
    blocks.push({ type: "text", text: above50HistoryText(v.above50History, v.index.alias) });
  const leaders = sectorHeadline(sectors);
  if (leaders) blocks.push({ type: "text", text: leaders });
  if (sectors.length > 1) blocks.push(sectorTable(sectors));
  blocks.push(...notes);
  const subtitle = `${coverageText(s.priced, s.members)}; ${v.basis}`;
  blocks.push({
    type: "chart",
    spec: breadthPanel(v.index.name, s, subtitle),
    alt: `Bar chart of ${v.index.name} breadth on ${formatShortDate(s.date)}: ${headline(s)}`,
    filename: `breadth-${v.index.alias}-${s.date}.png`,
  });
  if (sectors.length > 1)
    blocks.push({
      type: "chart",
      spec: sectorPanel(v.index.name, s.date, sectors),
      alt: `Bar chart of the share of members advancing and above their 50-day average in each of ${sectors.length} sectors. ${leaders ?? ""}`.trim(),
      filename: `breadth-sectors-${v.index.alias}-${s.date}.png`,
    });
  blocks.push(footer);
  return makeReply(blocks, data(v, true), { tone: toneOf(s.advancing - s.declining) });
}

/** "% above 50-day in its history: the 12th percentile of 430 stored sessions, 3 Mar 2024 to 12 Jan 2026 (ties counted half)." */
function above50HistoryText(p: Above50Percentile, alias: string): string {
  const span =
    p.firstDate && p.lastDate ? `, ${formatShortDate(p.firstDate)} to ${formatShortDate(p.lastDate)}` : "";
  if (p.rank)
    return `% above 50-day in its history: the ${percentileOrdinal(p.rank.rank)} percentile of ${counted(p.sessions, "stored session")}${span} (ties counted half).`;
  return `% above 50-day in its history: too short for a percentile (${counted(p.sessions, "stored session")}${span}; ${MIN_ABOVE50_HISTORY} needed). /breadth ${alias} history fills in the past year.`;
}

function headline(s: BreadthSnapshot): string {
  const adv = pct1((s.advancing / s.directionOf) * 100);
  const parts = [
    `${count(s.advancing)} advancing, ${count(s.declining)} declining, ${count(s.unchanged)} unchanged: ${adv} of ${counted(s.directionOf, "member")} counted advanced.`,
  ];
  if (isMeaningful(s.above50.of, s.members))
    parts.push(`${pct1((s.above50.count / s.above50.of) * 100)} are above their 50-day average.`);
  if (isMeaningful(s.highs.of, s.members))
    parts.push(`52-week highs ${count(s.highs.count)}, lows ${count(s.lows.count)}.`);
  return parts.join(" ");
}

function fields(s: BreadthSnapshot): Field[] {
  const dir = (n: number) => measureText({ count: n, of: s.directionOf }, s.members, "counted");
  const net = s.highs.count - s.lows.count;
  const highsCounted = isMeaningful(s.highs.of, s.members);
  return [
    { label: "Advancing", value: dir(s.advancing), tone: "positive" },
    { label: "Declining", value: dir(s.declining), tone: "negative" },
    { label: "Unchanged", value: dir(s.unchanged) },
    { label: "Above 50-day average", value: measureText(s.above50, s.members, "have 50 closes") },
    { label: "Above 200-day average", value: measureText(s.above200, s.members, "have 200 closes") },
    { label: "52-week highs", value: measureText(s.highs, s.members, "have a 52-week range") },
    { label: "52-week lows", value: measureText(s.lows, s.members, "have a 52-week range") },
    {
      label: "Net new highs",
      value: highsCounted ? `${net > 0 ? "+" : ""}${count(net)}` : "n/a",
      ...(highsCounted ? { tone: toneOf(net) } : {}),
    },
    { label: "Coverage", value: coverageText(s.priced, s.members) },
  ];
}

/** "Strongest sectors: A (71.2% advancing), B (65.0%); weakest: C (31.0%)." */
function sectorHeadline(sorted: readonly SectorBreadth[]): string | undefined {
  const counted = sorted.filter((x) => isMeaningful(x.directionOf, x.members) && x.sector !== "Unclassified");
  if (counted.length < 3) return undefined;
  const show = (x: SectorBreadth, first: boolean) =>
    `${x.sector} (${pct1(advancingShare(x) * 100)}${first ? " advancing" : ""})`;
  const bottom = counted.at(-1) as SectorBreadth;
  // Every sector alike: none is carrying or dragging the move.
  if (advancingShare(counted[0] as SectorBreadth) === advancingShare(bottom)) return undefined;
  const top = counted.slice(0, 2).map((x, i) => show(x, i === 0));
  return `Strongest sectors: ${top.join(", ")}; weakest: ${show(bottom, false)}.`;
}

function sectorTable(sectors: readonly SectorBreadth[]): Block {
  return {
    type: "table",
    columns: ["Sector", "Priced", "Adv-Dec", "% adv", "% >50d", "% >200d", "Hi-Lo"],
    align: ["left", "right", "right", "right", "right", "right", "right"],
    rows: sectors.map((x) => [
      x.sector,
      `${count(x.priced)}/${count(x.members)}`,
      `${count(x.advancing)}-${count(x.declining)}`,
      percentCell({ count: x.advancing, of: x.directionOf }, x.members),
      percentCell(x.above50, x.members),
      percentCell(x.above200, x.members),
      `${count(x.highs.count)}-${count(x.lows.count)}`,
    ]),
    caption: "Sectors from the member list's sector column, strongest share of advancers first",
  };
}

function data(v: SnapshotView, meaningful: boolean): Record<string, unknown> {
  const { notPriced, sectors, ...counts } = v.snapshot;
  return {
    index: v.index.alias,
    ...counts,
    meaningful,
    source: v.source,
    asOf: v.asOf,
    basis: v.basis,
    memberList: {
      source: v.list.source,
      asOf: v.list.asOf ?? null,
      memberCount: v.list.memberCount,
      fetchedAt: v.list.fetchedAt,
      staleAgeMs: v.list.staleAgeMs ?? null,
    },
    sectors,
    notPriced,
    staleAgeMs: v.staleAgeMs ?? null,
    above50History: v.above50History
      ? {
          current: v.above50History.current,
          sessions: v.above50History.sessions,
          firstDate: v.above50History.firstDate ?? null,
          lastDate: v.above50History.lastDate ?? null,
          rank: v.above50History.rank?.rank ?? null,
          below: v.above50History.rank?.below ?? null,
          equal: v.above50History.rank?.equal ?? null,
          count: v.above50History.rank?.count ?? null,
        }
      : null,
  };
}
