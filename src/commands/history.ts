/**
 * /history [rotation | A B] [N] [level]: where today's N-session spread ranks among every
 * N-session window since the data begins, and the episodes when it last crossed today's level,
 * with what followed over 21 and 63 sessions. History, not a forecast.
 */
import { alignedCloses } from "../core/analytics/history/aligned.ts";
import { fetchLongHistories } from "../core/analytics/history/long-closes.ts";
import { type PairHistory, pairHistory } from "../core/analytics/history/pair-history.ts";
import { defineCommand } from "../core/command.ts";
import { DataUnavailableError, UserError } from "../core/errors.ts";
import { describeMissing } from "../core/fetch-series.ts";
import { count, counted, toneOf } from "../core/format.ts";
import { asOfLabel, evaluationDate } from "../core/market/as-of.ts";
import { previousTradingDay } from "../core/market/calendar.ts";
import { formatDate, formatShortDate } from "../core/market/time.ts";
import { type Block, makeReply } from "../core/reply.ts";
import {
  DEFAULT_SESSIONS,
  HISTORY_EXAMPLE,
  type HistoryArgs,
  historyText,
  MAX_SESSIONS,
  parseHistoryArgs,
} from "./views/history-args.ts";
import {
  episodesTable,
  episodesText,
  fewEpisodesText,
  NOT_A_FORECAST,
  nameOf,
  pathsChart,
  percentileText,
  summaryTable,
  toBp,
} from "./views/history-view.ts";
import { dataNotes, footerText } from "./views/notes.ts";

export const history = defineCommand<HistoryArgs>({
  name: "history",
  description:
    "Is today's spread unusual? Its percentile since the data begins, and what followed similar ones",
  usage: "[rotation | TICKER TICKER] [sessions] [level bp]",
  examples: [HISTORY_EXAMPLE, "/history IWM SPY 63", "/history RSP SPY 21 +300"],
  options: [
    {
      name: "pair",
      description: "rotation (Russell 2000 vs S&P 500, the default) or two tickers, e.g. IWM SPY",
      type: "tickers",
      autocomplete: "instrument",
    },
    {
      name: "sessions",
      description: `Window in sessions, 1 to ${MAX_SESSIONS} (default ${DEFAULT_SESSIONS})`,
      type: "integer",
      min: 1,
      max: MAX_SESSIONS,
    },
    {
      name: "level",
      description: "Level in bp, e.g. 500 or -250 (default: today's spread)",
      type: "string",
      unit: "bp",
    },
  ],
  slow: true,
  parse: parseHistoryArgs,
  async run(args, ctx) {
    const evaluation = evaluationDate(ctx.asOf, ctx.clock.now());
    const end = evaluation.date;
    const set = await fetchLongHistories(ctx.market, [args.a, args.b], end);
    const aBars = set.series.get(args.a)?.bars;
    const bBars = set.series.get(args.b)?.bars;
    // A series the source could not be asked for is an outage, not something the user typed wrong.
    const unreachable = set.missing.find((m) => m.reason === `${ctx.market.name} unavailable`);
    if ((!aBars || !bBars) && unreachable)
      throw new DataUnavailableError(ctx.market.name, `history of ${unreachable.symbol} unavailable`, {
        userText: `cannot reach ${ctx.market.name} for ${unreachable.symbol} right now`,
      });
    if (!aBars || !bBars)
      throw new UserError(
        "no-data",
        `No closes on or before ${formatShortDate(end)} for ${describeMissing(set.missing.length ? set.missing : [{ symbol: aBars ? args.b : args.a, reason: "no closes" }])}.`,
        args.rotation ? HISTORY_EXAMPLE : "/history IWM SPY 21",
      );
    const closes = alignedCloses(aBars, bBars, end);
    const h = pairHistory(closes, args.n, args.levelBp === undefined ? undefined : args.levelBp / 10_000);
    if (!h)
      throw new UserError(
        "short-history",
        `${args.a} and ${args.b} have ${counted(closes.dates.length, "session")} with closes in common up to ${formatShortDate(end)}; a ${args.n}-session spread needs ${count(args.n + 1)}.`,
        closes.dates.length > 1
          ? `/history ${historyText({ ...args, n: Math.min(closes.dates.length - 1, DEFAULT_SESSIONS) })}`
          : HISTORY_EXAMPLE,
      );
    const live = evaluation.live && h.lastDate === end;
    const notes = dataNotes({
      ...(evaluation.note ? { evaluationNote: evaluation.note } : {}),
      missing: set.missing,
      end,
      ...(set.staleAgeMs === undefined ? {} : { staleAgeMs: set.staleAgeMs }),
      sourceName: ctx.market.name,
    });
    // While today's session trades, a closes-only source ends at yesterday's close: no note needed.
    const openingGap = evaluation.live && h.lastDate === previousTradingDay(end);
    if (h.lastDate < end && !openingGap)
      notes.push(
        `${args.a} and ${args.b} have no common close after ${formatDate(h.lastDate)}; figures are as of that close, not ${formatDate(end)}.`,
      );
    if (live) notes.push("The session is still open: today's spread uses live prices, not closes.");
    const a = args.rotation ? "RUT" : args.a;
    const b = args.rotation ? "SPX" : args.b;
    const few = fewEpisodesText(h);
    const blocks: Block[] = [
      {
        type: "title",
        text: `History: ${nameOf(args.a)} vs ${nameOf(args.b)}, ${h.n}-session spread, to ${formatShortDate(h.lastDate)}`,
      },
      { type: "text", text: percentileText(h, a, b) },
      { type: "text", text: `${episodesText(h)} ${NOT_A_FORECAST}` },
    ];
    if (few) blocks.push({ type: "text", text: `Warning: ${few}` });
    if (h.episodes.episodes.length > 0) blocks.push(episodesTable(h), summaryTable(h));
    for (const note of notes) blocks.push({ type: "text", text: note });
    const chart = pathsChart(
      h,
      a,
      b,
      `history-${[args.a, args.b].map((s) => s.replace(/\^/g, "")).join("-")}-${h.n}-${h.lastDate}.png`,
    );
    if (chart) blocks.push(chart);
    blocks.push({
      type: "footer",
      text: footerText(ctx.market.name, asOfLabel(h.lastDate, live, set.fetchedAt), [
        `spread = return of ${a} minus return of ${b} over ${counted(h.n, "session")}, price returns of daily closes`,
        `percentile among every ${h.n}-session window ending on each session since ${formatShortDate(h.firstDate)} (${count(h.percentile.count)} windows, ties counted half)`,
        "episodes = first crossings of the level, 21 sessions apart; follow-ons from the episode's close, incomplete where the data stops",
        `${counted(h.sessions, "session")} with closes for both from ${formatShortDate(h.firstDate)}`,
        NOT_A_FORECAST.replace(/\.$/, ""),
      ]),
    });
    return makeReply(blocks, historyData(args, h, live, ctx.market.name, set.missing, set.staleAgeMs, few), {
      tone: toneOf(h.current.spread),
    });
  },
});

function historyData(
  args: HistoryArgs,
  h: PairHistory,
  live: boolean,
  source: string,
  missing: { symbol: string; reason: string }[],
  staleAgeMs: number | undefined,
  warning: string | undefined,
): Record<string, unknown> {
  const e = h.episodes;
  return {
    pair: { a: args.a, b: args.b, rotation: args.rotation },
    sessionsInWindow: h.n,
    asOf: h.lastDate,
    live,
    source,
    firstDate: h.firstDate,
    sessions: h.sessions,
    windows: h.percentile.count,
    current: { ...h.current, spreadBp: toBp(h.current.spread) },
    percentile: h.percentile,
    level: { spread: h.level, bp: toBp(h.level), from: h.levelFrom, direction: e.direction },
    episodeCount: e.episodes.length,
    skippedCrossings: e.skippedCrossings,
    episodes: e.episodes.map((x) => ({
      date: x.date,
      spread: x.spread,
      previousSpread: x.previousSpread,
      followOns: x.followOns.map((f) => ({
        horizon: f.horizon,
        spread: f.spread ?? null,
        endDate: f.endDate ?? null,
        complete: f.complete,
        sessionsAvailable: f.sessionsAvailable,
      })),
      path: x.path,
    })),
    summaries: e.summaries.map((s) => ({
      horizon: s.horizon,
      complete: s.complete,
      incomplete: s.incomplete,
      positive: s.positive,
      median: s.median ?? null,
      worst: s.worst ?? null,
    })),
    warning: warning ?? null,
    notAForecast: true,
    missing,
    staleAgeMs: staleAgeMs ?? null,
  };
}
