/** /leaders <INDEX> [period] [n]: the best and worst members of an index by price return, with sectors. */
import { isMeaningful } from "../core/analytics/breadth.ts";
import {
  type MemberReturn,
  median,
  memberReturns,
  rankLeaders,
  sectorMix,
} from "../core/analytics/leaders.ts";
import { fetchWindow, PERIOD_HELP, parsePeriod, periodEnd, periodLabel } from "../core/analytics/periods.ts";
import { gatherHistories } from "../core/breadth/gather.ts";
import { loadMemberList, memberIndex, memberListLabel, memberListNote } from "../core/breadth/members.ts";
import type { ChartSpec } from "../core/chart-spec.ts";
import { defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { count, pct, toneOf, counted } from "../core/format.ts";
import { asOfLabel, evaluationDate, formatAge } from "../core/market/as-of.ts";
import { formatShortDate, nyDate } from "../core/market/time.ts";
import { type Block, makeReply } from "../core/reply.ts";
import { words } from "../core/text.ts";
import { looksLikePeriod, periodOption } from "./views/args.ts";
import { coverageText, notPricedNote } from "./views/coverage.ts";

export const DEFAULT_LEADERS = 10;
export const MAX_LEADERS = 25;

export interface LeadersArgs {
  alias: string;
  periodText: string;
  n: number;
}

export function parseLeaders(text: string): LeadersArgs {
  const [first, ...rest] = words(text);
  const index = memberIndex(first, "leaders");
  const hint = `/leaders ${index.alias} ytd 10`;
  let n: number | undefined;
  const period: string[] = [];
  for (const w of rest) {
    if (/^\d{1,3}$/.test(w) && n === undefined) {
      n = Number(w);
      if (n < 1 || n > MAX_LEADERS)
        throw new UserError("leaders-count", `Ask for 1 to ${MAX_LEADERS} members a side.`, hint);
    } else if (looksLikePeriod(w) || w.toLowerCase() === "to" || period.length > 0) period.push(w);
    else
      throw new UserError(
        "leaders-args",
        `/leaders takes an index, a period (${PERIOD_HELP}) and a count.`,
        hint,
      );
  }
  return { alias: index.alias, periodText: period.join(" ") || "ytd", n: n ?? DEFAULT_LEADERS };
}

const short = (name: string | undefined) =>
  name === undefined ? "" : name.length > 28 ? `${name.slice(0, 27)}…` : name;

export const leaders = defineCommand<LeadersArgs>({
  name: "leaders",
  description: "Best and worst members of an index over a period, with their sectors",
  usage: "INDEX [period] [n]",
  examples: ["/leaders RUT ytd 10", "/leaders SPX 1m", "/leaders NDX 5d 5"],
  options: [
    { name: "index", description: "RUT, SPX or NDX", type: "string", required: true, autocomplete: "index" },
    periodOption("ytd"),
    { name: "count", description: "Members a side (default 10)", type: "integer", min: 1, max: MAX_LEADERS },
  ],
  slow: true,
  deadline: "long",
  parse: parseLeaders,
  async run(args, ctx) {
    const index = memberIndex(args.alias, "leaders");
    const now = ctx.clock.now();
    const period = parsePeriod(args.periodText, nyDate(now), `/leaders ${index.alias}`);
    const list = await loadMemberList(index, ctx);
    const evaluation = evaluationDate(ctx.asOf, now);
    let end = periodEnd(period, evaluation.date);
    const symbols = list.members.map((m) => m.symbol);
    const got = await gatherHistories(
      symbols,
      fetchWindow(period, end),
      ctx,
      `ranking ${counted(symbols.length, "member")}`,
    );
    // The session ranked is the newest close any member has (the source may not have today's yet).
    let newest = "";
    for (const bars of got.bars.values()) {
      const d = bars.at(-1)?.date ?? "";
      if (d <= end && d > newest) newest = d;
    }
    if (newest !== "") end = newest;
    const live = evaluation.live && end === evaluation.date;
    const { returns, notPriced } = memberReturns(list.members, got.bars, period, end, got.missing);
    const asOf = asOfLabel(end, live, got.fetchedAt);
    const notes = [evaluation.note, memberListNote(list), notPricedNote(notPriced)].filter(
      (x): x is string => !!x,
    );
    if (got.staleAgeMs !== undefined)
      notes.push(
        `${ctx.market.name} could not be reached for some closes; those are cached from ${formatAge(got.staleAgeMs)} ago.`,
      );
    // A range names its own end; it is cut at the latest close there is.
    const span =
      period.kind === "range"
        ? `${formatShortDate(period.from)} to ${formatShortDate(end)}`
        : `${periodLabel(period)} to ${formatShortDate(end)}`;
    if (period.kind === "range" && period.to > evaluation.date)
      notes.push(
        `The range asked runs to ${formatShortDate(period.to)}; the latest close available is ${formatShortDate(end)}.`,
      );
    const title = `${index.name} leaders and laggards, ${span}`;
    const footer: Block = {
      type: "footer",
      text: [
        `Source: ${ctx.market.name}`,
        asOf,
        "price returns of daily closes; base = last close before the period",
        memberListLabel(list),
        `${count(returns.length)} of ${counted(list.members.length, "member")} ranked`,
        "Not investment advice",
      ].join(" · "),
    };
    const textBlocks = notes.map((text): Block => ({ type: "text", text }));
    const data = {
      index: index.alias,
      period: period.code === "range" ? { from: period.from, to: period.to } : period.code,
      end,
      source: ctx.market.name,
      memberList: { source: list.source, asOf: list.asOf ?? null, memberCount: list.memberCount },
      ranked: returns.length,
      members: list.members.length,
      notPriced,
    };
    if (!isMeaningful(returns.length, list.members.length)) {
      const text = `Only ${coverageText(returns.length, list.members.length).replace("priced", "have a return for the period")}: too few to rank the index's members meaningfully.`;
      return makeReply([{ type: "title", text: title }, { type: "text", text }, ...textBlocks, footer], {
        ...data,
        meaningful: false,
      });
    }
    const ranking = rankLeaders(returns, args.n, notPriced);
    const mid = median(returns.map((r) => r.value)) as number;
    const up = returns.filter((r) => r.value > 0).length;
    const mix = (xs: MemberReturn[]) =>
      sectorMix(xs)
        .map((s) => `${s.sector} ${s.count}`)
        .join(", ");
    const blocks: Block[] = [
      { type: "title", text: title },
      {
        type: "text",
        text: `Median member ${pct(mid)}; ${count(up)} of ${count(returns.length)} ranked members rose (${((up / returns.length) * 100).toFixed(1)}%).`,
      },
      table(`Best ${ranking.best.length}`, ranking.best),
      table(`Worst ${ranking.worst.length}`, ranking.worst),
      { type: "text", text: `Best by sector: ${mix(ranking.best)}. Worst by sector: ${mix(ranking.worst)}.` },
      ...textBlocks,
      {
        type: "chart",
        spec: chart(title, ranking.best, ranking.worst),
        alt: `Bar chart of the ${ranking.best.length} best and ${ranking.worst.length} worst ${index.name} members by ${periodLabel(period)} return.`,
        filename: `leaders-${index.alias}-${period.code}-${end}.png`,
      },
      footer,
    ];
    return makeReply(
      blocks,
      { ...data, meaningful: true, median: mid, up, best: ranking.best, worst: ranking.worst },
      { tone: toneOf(mid) },
    );
  },
});

function table(caption: string, rows: readonly MemberReturn[]): Block {
  return {
    type: "table",
    columns: ["#", "Symbol", "Name", "Sector", "Return"],
    align: ["right", "left", "left", "left", "right"],
    rows: rows.map((r, i) => [String(i + 1), r.symbol, short(r.name), r.sector ?? "", pct(r.value, 1)]),
    caption,
    csv: {
      columns: ["rank", "symbol", "name", "sector", "return_fraction"],
      rows: rows.map((r, i) => [i + 1, r.symbol, r.name ?? null, r.sector ?? null, r.value]),
    },
  };
}

function chart(title: string, best: readonly MemberReturn[], worst: readonly MemberReturn[]): ChartSpec {
  // Each label carries its return, so a thumbnail still reads.
  const labels = [...best, ...[...worst].reverse()].map((r) => `${r.symbol} ${pct(r.value, 1)}`);
  const pad = (n: number) => Array.from({ length: n }, () => null);
  return {
    kind: "bar",
    title,
    labels,
    series: [
      { name: "Best", values: [...best.map((r) => r.value * 100), ...pad(worst.length)] },
      { name: "Worst", values: [...pad(best.length), ...[...worst].reverse().map((r) => r.value * 100)] },
    ],
    horizontal: true,
    stacked: true,
    width: 800,
    // Room for every symbol: the category axis skips labels that would touch.
    height: Math.min(2400, Math.max(400, 160 + (labels.length + 2) * 42)),
    left: { title: "Price return", suffix: "%" },
    reference: [{ value: 0 }],
  };
}
