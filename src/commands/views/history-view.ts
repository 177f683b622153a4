/**
 * The /history answer's parts: the percentile sentence, the episodes table (latest first; the CSV
 * holds all of them), the follow-on summary with its counts, and the chart of episode paths.
 * Shares rest on fewer than 5 episodes are shown as counts ("2 of 3"), never as a bare percentage.
 */
import {
  type Episode,
  type Episodes,
  FOLLOW_ON_HORIZONS,
  type FollowOn,
  type HorizonSummary,
  PATH_SESSIONS,
} from "../../core/analytics/history/episodes.ts";
import type { PairHistory } from "../../core/analytics/history/pair-history.ts";
import { percentileOrdinal } from "../../core/analytics/history/percentile.ts";
import type { ChartSpec } from "../../core/chart-spec.ts";
import { bp, count, counted, pct, roundHalfAway } from "../../core/format.ts";
import { KNOWN_INSTRUMENTS } from "../../core/market/instruments.ts";
import { formatShortDate } from "../../core/market/time.ts";
import type { Block, CsvCell } from "../../core/reply.ts";

/** Below this many episodes (or complete follow-ons), no pattern is claimed and shares are counts. */
export const FEW_EPISODES = 5;
/** Episodes listed in the table (the latest); the CSV has every one. */
export const TABLE_EPISODES = 15;
/** Episode paths drawn (the latest), so the chart stays readable. */
export const CHART_EPISODES = 10;
export const NOT_A_FORECAST = "History, not a forecast.";

export const toBp = (fraction: number): number => roundHalfAway(fraction * 10_000);
export const bpText = (fraction: number): string => bp(toBp(fraction));

/** "Russell 2000 (^RUT)" for an index, the ticker itself for anything else. */
export function nameOf(symbol: string): string {
  const name = KNOWN_INSTRUMENTS[symbol];
  return symbol.startsWith("^") && name ? `${name} (${symbol})` : symbol;
}

export function percentileText(h: PairHistory, a: string, b: string): string {
  const c = h.current;
  const p = h.percentile;
  return (
    `${a} vs ${b} over the ${counted(h.n, "session")} to ${formatShortDate(c.endDate)}: ${bpText(c.spread)} ` +
    `(${a} ${pct(c.returnA)}, ${b} ${pct(c.returnB)}, from the ${formatShortDate(c.baseDate)} close). ` +
    `That is the ${percentileOrdinal(p.rank)} percentile of ${count(p.count)} overlapping ${h.n}-session windows ` +
    `since ${formatShortDate(h.firstDate)} (${count(p.below)} below it, ${count(p.equal)} equal, today's included).`
  );
}

function crossingWords(e: Episodes, whose = ""): string {
  return e.direction === "up"
    ? `rose to ${bpText(e.level)}${whose} or above (from below)`
    : `fell to ${bpText(e.level)}${whose} or below (from above)`;
}

export function episodesText(h: PairHistory): string {
  const e = h.episodes;
  const whose = h.levelFrom === "today" ? " (today's spread)" : " (the level asked for)";
  const skipped =
    e.skippedCrossings > 0
      ? ` ${counted(e.skippedCrossings, "crossing")} within 21 sessions of an episode's start ${e.skippedCrossings === 1 ? "is" : "are"} not counted again.`
      : "";
  return (
    `Episodes: sessions on which the ${h.n}-session spread ${crossingWords(e, whose)}, at least 21 sessions after the previous episode began; ` +
    `${counted(e.episodes.length, "episode")} from ${formatShortDate(h.firstDate)} to ${formatShortDate(h.lastDate)}, today's window not among them.${skipped}`
  );
}

/** The warning shown when the episodes are too few to read as a pattern. */
export function fewEpisodesText(h: PairHistory): string | undefined {
  const n = h.episodes.episodes.length;
  if (n >= FEW_EPISODES) return undefined;
  return n === 0
    ? `No episode in the data: the spread never ${crossingWords(h.episodes)} before today's window.`
    : `Only ${counted(n, "episode")}: too few to read as a pattern; shares are shown as counts.`;
}

function followOnCell(f: FollowOn | undefined): string {
  if (!f) return "";
  if (f.complete && f.spread !== undefined) return bpText(f.spread);
  return `incomplete (${f.sessionsAvailable} of ${f.horizon})`;
}

export function episodesTable(h: PairHistory): Block {
  const all = h.episodes.episodes;
  const shown = all.slice(-TABLE_EPISODES).reverse();
  const horizonColumns = FOLLOW_ON_HORIZONS.map((x) => `Next ${x}`);
  return {
    type: "table",
    caption:
      all.length > shown.length
        ? `Episodes, latest first (${shown.length} of ${all.length}; the CSV has all)`
        : "Episodes, latest first",
    columns: ["Episode", `${h.n}-session spread`, ...horizonColumns],
    align: ["left", "right", ...FOLLOW_ON_HORIZONS.map(() => "right" as const)],
    rows: shown.map((e) => [
      formatShortDate(e.date),
      bpText(e.spread),
      ...FOLLOW_ON_HORIZONS.map((x) => followOnCell(e.followOns.find((f) => f.horizon === x))),
    ]),
    csv: {
      name: "episodes",
      note: "spreads are fractions (0.0436 = +436 bp), A's return minus B's; follow-ons run from the episode's close",
      columns: [
        "episode_date",
        "spread_fraction",
        "previous_spread_fraction",
        ...FOLLOW_ON_HORIZONS.flatMap((x) => [
          `next${x}_spread_fraction`,
          `next${x}_end_date`,
          `next${x}_status`,
          `next${x}_sessions_available`,
        ]),
      ],
      rows: all.map((e) => [
        e.date,
        e.spread,
        e.previousSpread,
        ...FOLLOW_ON_HORIZONS.flatMap((x): CsvCell[] => {
          const f = e.followOns.find((y) => y.horizon === x);
          return [
            f?.spread ?? null,
            f?.endDate ?? null,
            f?.complete ? "complete" : "incomplete",
            f?.sessionsAvailable ?? null,
          ];
        }),
      ]),
    },
  };
}

/** "58% (7 of 12)"; under 5, only "2 of 3". */
export function shareText(part: number, whole: number): string {
  if (whole === 0) return "n/a (none complete)";
  const counts = `${count(part)} of ${count(whole)}`;
  return whole < FEW_EPISODES ? counts : `${Math.round((part / whole) * 100)}% (${counts})`;
}

function summaryRow(s: HorizonSummary): string[] {
  return [
    `Next ${s.horizon} sessions`,
    `${count(s.complete)}${s.incomplete > 0 ? ` (+${count(s.incomplete)} incomplete)` : ""}`,
    s.median === undefined ? "n/a" : bpText(s.median),
    shareText(s.positive, s.complete),
    s.worst ? `${bpText(s.worst.spread)} (${formatShortDate(s.worst.date)})` : "n/a",
  ];
}

export function summaryTable(h: PairHistory): Block {
  const rows = h.episodes.summaries;
  return {
    type: "table",
    caption: "What followed, over complete follow-ons only",
    columns: ["Follow-on", "Episodes", "Median", "Positive", "Worst"],
    align: ["left", "right", "right", "right", "right"],
    rows: rows.map(summaryRow),
    csv: {
      name: "summary",
      note: "spreads are fractions (0.0436 = +436 bp); every figure over complete follow-ons only",
      columns: [
        "horizon_sessions",
        "complete",
        "incomplete",
        "median_spread_fraction",
        "positive",
        "share_positive_fraction",
        "worst_spread_fraction",
        "worst_date",
      ],
      rows: rows.map((s) => [
        s.horizon,
        s.complete,
        s.incomplete,
        s.median ?? null,
        s.positive,
        s.complete > 0 ? s.positive / s.complete : null,
        s.worst?.spread ?? null,
        s.worst?.date ?? null,
      ]),
    },
  };
}

/** One line per episode (the latest ten): the spread from its close over the next 63 sessions. */
export function pathsChart(h: PairHistory, a: string, b: string, filename: string): Block | undefined {
  const shown: Episode[] = h.episodes.episodes.slice(-CHART_EPISODES);
  if (shown.length === 0) return undefined;
  const labels = Array.from({ length: PATH_SESSIONS + 1 }, (_, i) => String(i));
  const total = h.episodes.episodes.length;
  const spec: ChartSpec = {
    kind: "line",
    title: `${a} vs ${b}: the spread after each episode`,
    subtitle: `${h.n}-session spread at ${bpText(h.episodes.level)}; ${shown.length === total ? `all ${total}` : `latest ${shown.length} of ${total}`} episodes; sessions after the episode's close. ${NOT_A_FORECAST}`,
    labels,
    series: shown.map((e) => ({
      name: formatShortDate(e.date),
      values: labels.map((_, i) => (i < e.path.length ? (e.path[i] as number) * 10_000 : null)),
    })),
    left: { title: "Spread since the episode (bp)" },
    reference: [{ value: 0, axis: "left" }],
  };
  const alt =
    `Line chart of the spread of ${a} against ${b}, in bp, over the ${PATH_SESSIONS} sessions after each of ${shown.length === total ? "the" : `the latest ${shown.length} of`} ${counted(total, "episode")} ` +
    `(${shown.map((e) => formatShortDate(e.date)).join(", ")}), with a zero line; a line stops where the data ends.`;
  return { type: "chart", spec, alt, filename };
}
