/** /sectors [period]: sector and theme ETFs ranked by return and spread to SPY, with a relative rotation graph. */
import {
  commonWindowReturns,
  rankingWindow,
  rankOnWindow,
  returnBetween,
  type Window,
  windowText,
} from "../core/analytics/common-window.ts";
import { fetchWindow, parsePeriod, periodEnd, periodLabel } from "../core/analytics/periods.ts";
import { type PeriodReturn, periodReturn } from "../core/analytics/returns.ts";
import {
  QUADRANT_LABELS,
  RRG_DEFAULTS,
  type RrgPoint,
  rrgTail,
  weeksForPoint,
  weeksNeeded,
} from "../core/analytics/rrg.ts";
import type { ChartSpec } from "../core/chart-spec.ts";
import { defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { fetchHistories } from "../core/fetch-series.ts";
import { bp, num, pct, spreadBp, counted } from "../core/format.ts";
import { asOfLabel, evaluationDate } from "../core/market/as-of.ts";
import { SECTOR_ETFS } from "../core/market/instruments.ts";
import { addDays, formatShortDate, nyDate } from "../core/market/time.ts";
import { type Block, makeReply } from "../core/reply.ts";
import { onePeriodText, periodOption } from "./views/args.ts";
import { dataNotes, footerText } from "./views/notes.ts";

export const BENCHMARK = "SPY";

interface Row {
  symbol: string;
  name: string;
  ret: PeriodReturn;
  spread?: number;
  /** Set when the spread to SPY is over a window not both have as their own: why. */
  spreadWhy?: string;
  rank: number;
  rrg: RrgPoint[];
}

export const sectors = defineCommand<{ periodText: string }>({
  name: "sectors",
  description: "Sector and theme ETFs ranked by return vs SPY, with a relative rotation graph (RRG-style)",
  usage: "[period]",
  examples: ["/sectors 1m", "/sectors ytd", "/sectors 2026-01-02..2026-02-27"],
  options: [periodOption("1m")],
  slow: true,
  parse(text) {
    return { periodText: onePeriodText("sectors", text, "1m") };
  },
  async run(args, ctx) {
    const now = ctx.clock.now();
    const period = parsePeriod(args.periodText, nyDate(now), "/sectors");
    const evaluation = evaluationDate(ctx.asOf, now);
    const end = periodEnd(period, evaluation.date);
    const symbols = [...SECTOR_ETFS.map((e) => e.symbol), BENCHMARK];
    // The RRG needs its weeks of closes whatever the period: two spare weeks for holidays.
    const byPeriod = fetchWindow(period, end);
    const byRrg = addDays(end, -7 * (weeksNeeded() + 2));
    // The earlier of the two dates (ISO dates sort as text).
    const from = [byPeriod.from, byRrg].sort()[0] as string;
    const set = await fetchHistories(ctx.market, symbols, { from, to: end });
    const spy = set.series.get(BENCHMARK);
    const spyReturn = spy && periodReturn(spy.bars, period, end);
    const own = new Map<string, PeriodReturn>();
    for (const etf of SECTOR_ETFS) {
      const bars = set.series.get(etf.symbol)?.bars;
      const ret = bars && periodReturn(bars, period, end);
      if (ret) own.set(etf.symbol, ret);
    }
    // The ranking is over one window (the one most ETFs have); an ETF without both of its closes
    // is named and left out rather than ranked over other dates.
    const window = rankingWindow([...own.values()]);
    const rows: Row[] = [];
    const unranked: { symbol: string; reason: string }[] = [];
    const spreadNotes = new Map<string, string[]>();
    for (const etf of SECTOR_ETFS) {
      const bars = set.series.get(etf.symbol)?.bars;
      const mine = own.get(etf.symbol);
      if (!bars || !mine || !window) continue;
      const on = rankOnWindow(bars, mine, window);
      if ("reason" in on) {
        unranked.push({ symbol: etf.symbol, reason: on.reason });
        continue;
      }
      // The spread to SPY over the row's own dates; when SPY lacks one of them, over the dates both have.
      const spyOn = spy && returnBetween(spy.bars, on.ret);
      const vs =
        spy && spyReturn && !spyOn
          ? commonWindowReturns([{ symbol: etf.symbol, bars }, spy], period, end)
          : undefined;
      const spread = spyOn
        ? spreadBp(on.ret.value, spyOn.value)
        : vs?.ok
          ? spreadBp((vs.returns[0] as PeriodReturn).value, (vs.returns[1] as PeriodReturn).value)
          : undefined;
      const why = vs?.ok
        ? `over ${windowText(vs.window)}: ${vs.why ?? `SPY has no close on ${missingOf(spy, on.ret)}`}`
        : vs && `withheld: ${vs.reason}`;
      if (why) spreadNotes.set(why, [...(spreadNotes.get(why) ?? []), etf.symbol]);
      rows.push({
        ...etf,
        ret: on.ret,
        rank: 0,
        rrg: spy ? rrgTail(bars, spy.bars, end) : [],
        ...(spread === undefined ? {} : { spread }),
        ...(why ? { spreadWhy: why } : {}),
      });
    }
    // Ranked on returns to the basis point shown: equal figures share a rank.
    const key = (r: Row) => Math.round(r.ret.value * 10_000);
    rows.sort((a, b) => key(b) - key(a));
    rows.forEach((r, i) => {
      const prev = rows[i - 1];
      r.rank = prev && key(prev) === key(r) ? prev.rank : i + 1;
    });
    const priced = new Set(rows.map((r) => r.symbol));
    const notes = dataNotes({
      ...(evaluation.note ? { evaluationNote: evaluation.note } : {}),
      missing: set.missing,
      short: symbols.filter((s) => set.series.has(s) && s !== BENCHMARK && !priced.has(s)),
      series: set.series,
      // SPY too: every spread and rotation point leans on it.
      lagging: [...(spyReturn ? [{ symbol: BENCHMARK, ret: spyReturn }] : []), ...rows]
        .filter((r) => r.ret.endDate < end)
        .map((r) => ({ symbol: r.symbol, endDate: r.ret.endDate })),
      end,
      ...(set.staleAgeMs === undefined ? {} : { staleAgeMs: set.staleAgeMs }),
      sourceName: ctx.market.name,
    });
    for (const u of unranked) notes.push(`${u.symbol} is not ranked: ${u.reason}.`);
    for (const [why, symbols] of spreadNotes)
      notes.push(`Spreads to SPY marked * (${symbols.join(", ")}) are ${why}.`);
    if (spy && !spyReturn) notes.push(`Not enough SPY history for ${periodLabel(period)}: no spreads.`);
    const noRrg = rows.filter((r) => r.rrg.length === 0).map((r) => r.symbol);
    if (spy && noRrg.length > 0)
      notes.push(
        `Fewer than ${weeksForPoint()} weeks of common closes with SPY, so no rotation point: ${noRrg.join(", ")}.`,
      );
    const shortest = Math.min(...rows.filter((r) => r.rrg.length > 0).map((r) => r.rrg.length));
    if (Number.isFinite(shortest) && shortest < RRG_DEFAULTS.tail)
      notes.push(
        `Tails are ${counted(shortest, "week")} long, not ${RRG_DEFAULTS.tail}: the data holds ${counted(weeksForPoint() + shortest - 1, "week")}.`,
      );
    if (!spy) notes.push("SPY is missing: no spreads and no rotation graph.");
    if (rows.length === 0)
      throw new UserError(
        "no-data",
        `No sector ETF has closes covering ${periodLabel(period)} ending ${formatShortDate(end)}. ${notes.join(" ")}`.trim(),
        "/sectors 1m",
      );
    const live = evaluation.live && end === evaluation.date;
    // SPY in the headline only over the ranking's own dates.
    const spyOnWindow = spy && window ? returnBetween(spy.bars, window) : undefined;
    const top = rows[0] as Row;
    const bottom = rows.at(-1) as Row;
    const blocks: Block[] = [
      {
        type: "title",
        text: `Sectors and themes vs SPY: ${periodLabel(period)}, to ${formatShortDate(end)}`,
      },
      {
        type: "text",
        text: `Leader ${top.symbol} (${top.name}) ${pct(top.ret.value)}, laggard ${bottom.symbol} (${bottom.name}) ${pct(bottom.ret.value)}${spyOnWindow ? `; SPY ${pct(spyOnWindow.value)}` : ""}.`,
      },
      {
        type: "table",
        columns: ["#", "ETF", "Theme", "Return", "vs SPY", "Rotation (weekly)"],
        align: ["right", "left", "left", "right", "right", "left"],
        rows: rows.map((r) => {
          const head = r.rrg.at(-1);
          return [
            String(r.rank),
            r.symbol,
            r.name,
            pct(r.ret.value),
            `${r.spread === undefined ? "n/a" : bp(r.spread)}${r.spreadWhy ? "*" : ""}`,
            head ? `${head.quadrant} (${num(head.rsRatio)}, ${num(head.rsMomentum)})` : "n/a",
          ];
        }),
        csv: {
          name: "sectors",
          note: "return is a fraction (0.0512 = 5.12%); vs_spy_bp in whole basis points; rs_ratio and rs_momentum of the weekly rotation graph (100 = in line with SPY)",
          columns: [
            "rank",
            "symbol",
            "theme",
            "return_fraction",
            "vs_spy_bp",
            "quadrant",
            "rs_ratio",
            "rs_momentum",
          ],
          rows: rows.map((r) => {
            const head = r.rrg.at(-1);
            return [
              r.rank,
              r.symbol,
              r.name,
              r.ret.value,
              r.spread ?? null,
              head?.quadrant ?? null,
              head?.rsRatio ?? null,
              head?.rsMomentum ?? null,
            ];
          }),
        },
      },
    ];
    for (const note of notes) blocks.push({ type: "text", text: note });
    const withRrg = rows.filter((r) => r.rrg.length > 0);
    if (withRrg.length > 0) blocks.push(rrgChart(withRrg, end));
    blocks.push({
      type: "footer",
      text: footerText(ctx.market.name, asOfLabel(end, live, set.fetchedAt), [
        "price returns of daily closes; base = last close before the period; vs SPY = (return - SPY return) x 10,000 bp",
        `rotation: an open approximation of RRG, not the proprietary JdK formulas: weekly closes (last close of each week), RS = 100 x close / SPY close, RS-Ratio = 100 x RS / SMA(RS, ${RRG_DEFAULTS.ratioWeeks}), RS-Momentum = 100 x RS-Ratio / SMA(RS-Ratio, ${RRG_DEFAULTS.momentumWeeks}); Leading >100/>100, Weakening >100/<100, Lagging <100/<100, Improving <100/>100; tails of ${RRG_DEFAULTS.tail} weeks`,
        `${rows.length} of ${SECTOR_ETFS.length} ETFs priced`,
      ]),
    });
    return makeReply(blocks, {
      period: period.kind === "range" ? { from: period.from, to: period.to } : period.code,
      asOf: end,
      live,
      source: ctx.market.name,
      benchmark: spyReturn ? { symbol: BENCHMARK, ...spyReturn } : null,
      returns: Object.fromEntries(rows.map((r) => [r.symbol, r.ret])),
      ranking: rows.map((r) => ({
        rank: r.rank,
        symbol: r.symbol,
        name: r.name,
        spreadBp: r.spread ?? null,
        ...(r.spreadWhy ? { spreadWindow: r.spreadWhy } : {}),
        rrg: r.rrg,
      })),
      unranked,
      missing: set.missing,
      staleAgeMs: set.staleAgeMs ?? null,
    });
  },
});

/** "27 Feb 2026" or "26 Feb 2026 or 27 Feb 2026": the window's sessions a series has no close for. */
function missingOf(series: { bars: readonly { date: string }[] } | undefined, w: Window): string {
  const dates = new Set(series?.bars.map((b) => b.date));
  return [w.baseDate, w.endDate]
    .filter((d) => !dates.has(d))
    .map(formatShortDate)
    .join(" or ");
}

function rrgChart(rows: readonly Row[], end: string): Block {
  const spec: ChartSpec = {
    kind: "scatter",
    title: "Relative rotation vs SPY (open approximation of RRG)",
    subtitle: `Weekly, last ${RRG_DEFAULTS.tail} weeks to ${formatShortDate(end)}; the big dot is the latest week`,
    width: 800,
    height: 720,
    series: rows.map((r) => ({
      name: r.symbol,
      trail: true,
      points: r.rrg.map((p, i) => ({
        x: p.rsRatio,
        y: p.rsMomentum,
        ...(i === r.rrg.length - 1 ? { label: r.symbol } : {}),
      })),
    })),
    x: { title: `RS-Ratio (100 x RS / ${RRG_DEFAULTS.ratioWeeks}-week average)` },
    left: { title: `RS-Momentum (100 x RS-Ratio / ${RRG_DEFAULTS.momentumWeeks}-week average)` },
    quadrants: { xCenter: 100, yCenter: 100, labels: QUADRANT_LABELS },
  };
  const byQuadrant = QUADRANT_LABELS.map((q) => {
    const in_ = rows.filter((r) => r.rrg.at(-1)?.quadrant === q).map((r) => r.symbol);
    return `${q}: ${in_.length > 0 ? in_.join(", ") : "none"}`;
  });
  const onLine = rows.filter((r) => r.rrg.at(-1)?.quadrant === "On a 100 line").map((r) => r.symbol);
  if (onLine.length > 0) byQuadrant.push(`on a 100 line: ${onLine.join(", ")}`);
  const alt = `Relative rotation graph against SPY, weekly, with quadrants Leading (top right), Weakening (bottom right), Lagging (bottom left) and Improving (top left). ${byQuadrant.join("; ")}.`;
  return { type: "chart", spec, alt, filename: `sectors-rrg-${end}.png` };
}
