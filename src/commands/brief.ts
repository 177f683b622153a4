/**
 * /brief: the morning brief in one message with one chart: rotation spreads (1d, 5d, YTD), breadth
 * of the Russell 2000 and the S&P 500 with the change since the previous session, sector leaders
 * and laggards, rates and volatility, and the events worth a line. It always covers a completed
 * session (the last close, or --as-of) and says which one, so it reads the same at 08:30 on a
 * trading day, on a Sunday, or after a holiday. The scheduler posts exactly this reply.
 */
import { briefBreadth } from "../core/brief/breadth.ts";
import { marketFigures } from "../core/brief/figures.ts";
import { saveLatestBrief } from "../core/brief/latest.ts";
import { briefReply } from "../core/brief/render.ts";
import { defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { describeMissing } from "../core/fetch-series.ts";
import { evaluationDate } from "../core/market/as-of.ts";
import { closureReason, isTradingDay, lastCompletedSession, sessionTimes } from "../core/market/calendar.ts";
import { formatDate, formatNyTime, nyDate } from "../core/market/time.ts";
import { words } from "../core/text.ts";

export const brief = defineCommand<Record<string, never>>({
  name: "brief",
  description: "The morning brief: rotation, breadth, sectors, rates and volatility, and events worth a line",
  usage: "",
  examples: ["/brief"],
  options: [],
  slow: true,
  deadline: "long",
  parse(text) {
    if (words(text).length > 0)
      throw new UserError(
        "brief-args",
        "/brief takes nothing after it: it always covers the last completed session.",
        "/brief",
      );
    return {};
  },
  async run(_args, ctx) {
    const now = ctx.clock.now();
    const { session, coverage, notes } = sessionToCover(ctx.asOf, now);
    ctx.progress?.({ message: `computing the brief for the close of ${formatDate(session)}` });
    const figures = await marketFigures(ctx.market, session);
    if (!figures.series.has("^RUT") && !figures.series.has("^GSPC")) {
      const why = figures.missing.filter((m) => m.symbol === "^RUT" || m.symbol === "^GSPC");
      throw new UserError(
        "no-data",
        `No Russell 2000 or S&P 500 close on ${formatDate(session)}, so there is no brief to give${why.length > 0 ? ` (${describeMissing(why)})` : ""}.`,
        "/rotation ytd",
      );
    }
    const breadth = await briefBreadth(session, ctx);
    const reply = briefReply({ figures, breadth, coverage, source: ctx.market.name, notes });
    await saveLatestBrief(ctx.store, { session, reply, now }, ctx.logger);
    return reply;
  },
});

/** The session a brief covers at `now`, and a sentence saying so (and why, on a closed day). */
export function sessionToCover(
  asOf: string | undefined,
  now: number,
): { session: string; coverage: string; notes: string[] } {
  if (asOf !== undefined) {
    const evaluation = evaluationDate(asOf, now);
    return {
      session: evaluation.date,
      coverage: `Covers the close of ${formatDate(evaluation.date)}.`,
      notes: evaluation.note ? [evaluation.note] : [],
    };
  }
  const today = nyDate(now);
  const session = lastCompletedSession(now);
  const covers = `Covers the close of ${formatDate(session)}`;
  if (!isTradingDay(today))
    return {
      session,
      coverage: `${covers}: the market is closed today, ${formatDate(today)} (${closureReason(today)}).`,
      notes: [],
    };
  const { open, close } = sessionTimes(today);
  if (now < open)
    return {
      session,
      coverage: `${covers}; today's session opens at ${formatNyTime(open)} New York.`,
      notes: [],
    };
  if (now < close)
    return {
      session,
      coverage: `${covers}; today's session is under way, and its live figures are not in this brief.`,
      notes: [],
    };
  return { session, coverage: `Covers today's close, ${formatDate(session)}.`, notes: [] };
}
