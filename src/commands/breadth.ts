/**
 * /breadth <INDEX> [live | close [DATE] | history [SESSIONS]]: how many of an index's own members
 * advanced, sit above their 50- and 200-day averages, or are at 52-week highs or lows, overall and
 * by sector; or the A/D line, McClellan oscillator and friends over time.
 * Live mode reads quotes; historical mode (--as-of, `close`) reads daily closes (docs/ANALYTICS.md).
 */
import { type BreadthSnapshot, isMeaningful, liveBreadth, percentOf } from "../core/analytics/breadth.ts";
import { type Above50Percentile, above50Percentile } from "../core/breadth/above50-history.ts";
import { gatherQuotes } from "../core/breadth/gather.ts";
import { loadMemberList, memberIndex, memberListNote } from "../core/breadth/members.ts";
import {
  backfillBreadth,
  closeBreadthOf,
  DEFAULT_HISTORY_SESSIONS,
  keepRecord,
  MAX_HISTORY_SESSIONS,
  WARMUP_SESSIONS,
} from "../core/breadth/record.ts";
import { type CommandContext, defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { counted } from "../core/format.ts";
import { asOfLabel, evaluationDate, formatAge } from "../core/market/as-of.ts";
import { lastCompletedSession } from "../core/market/calendar.ts";
import type { IndexInfo } from "../core/market/instruments.ts";
import { formatDate, formatNyTime, formatShortDate, isIsoDate, nyDate } from "../core/market/time.ts";
import type { MemberList } from "../core/ports.ts";
import type { Reply } from "../core/reply.ts";
import { words } from "../core/text.ts";
import { historyReply } from "./views/breadth-history.ts";
import { snapshotReply } from "./views/breadth-snapshot.ts";

export interface BreadthArgs {
  alias: string;
  view: "snapshot" | "history";
  mode: "auto" | "live" | "close";
  asOf?: string;
  sessions: number;
}

const USAGE_HINT = "/breadth RUT, /breadth SPX history, /breadth NDX close 2026-01-08";

function bad(message: string): UserError {
  return new UserError("breadth-args", message, "/breadth RUT history");
}

export function parseBreadth(text: string): BreadthArgs {
  const [first, ...rest] = words(text);
  const index = memberIndex(first, "breadth");
  const args: BreadthArgs = {
    alias: index.alias,
    view: "snapshot",
    mode: "auto",
    sessions: DEFAULT_HISTORY_SESSIONS,
  };
  let wantsLive = false;
  for (let i = 0; i < rest.length; i++) {
    const w = (rest[i] as string).toLowerCase();
    const next = rest[i + 1];
    if (w === "history") {
      args.view = "history";
      if (next !== undefined && /^\d+$/.test(next)) {
        const n = Number(next);
        if (n < 2 || n > MAX_HISTORY_SESSIONS)
          throw bad(
            `History takes 2 to ${MAX_HISTORY_SESSIONS} sessions (default ${DEFAULT_HISTORY_SESSIONS}).`,
          );
        args.sessions = n;
        i++;
      }
    } else if (w === "live") wantsLive = true;
    else if (w === "close") args.mode = "close";
    else if (w === "--as-of" || w.startsWith("--as-of=")) {
      const date = w === "--as-of" ? next : w.slice("--as-of=".length);
      if (date === undefined || !isIsoDate(date)) throw bad("--as-of takes a date written YYYY-MM-DD.");
      args.asOf = date;
      args.mode = "close";
      if (w === "--as-of") i++;
    } else if (isIsoDate(w)) {
      args.asOf = w;
      args.mode = "close";
    } else throw bad(`I did not understand that. Examples: ${USAGE_HINT}.`);
  }
  if (wantsLive && (args.asOf || args.mode === "close"))
    throw bad("Live breadth cannot be as of a past close; drop `live`.");
  if (wantsLive && args.view === "history")
    throw bad("History is one record per session from daily closes; drop `live`.");
  if (wantsLive) args.mode = "live";
  return args;
}

export const breadth = defineCommand<BreadthArgs>({
  name: "breadth",
  description: "Advancers, % above 50/200-day, 52-week highs vs lows of an index's members, by sector",
  usage: "INDEX [live | close [DATE] | history [SESSIONS]]",
  examples: ["/breadth RUT", "/breadth SPX history", "/breadth NDX close 2026-01-08"],
  options: [
    {
      name: "index",
      description: "RUT, SPX or NDX",
      type: "string",
      required: true,
      autocomplete: "index",
    },
    {
      name: "view",
      description: "live (default), close [YYYY-MM-DD], or history [sessions, default 60]",
      type: "string",
    },
  ],
  slow: true,
  deadline: "long",
  parse: parseBreadth,
  async run(args, ctx) {
    const index = memberIndex(args.alias, "breadth");
    if (args.mode === "live" && ctx.asOf)
      throw new UserError(
        "breadth-live-as-of",
        `This bot answers as of the close of ${ctx.asOf}, so live breadth is off.`,
        `/breadth ${index.alias}`,
      );
    const notes: string[] = [];
    const asOf = args.asOf ?? ctx.asOf;
    // A date that cannot be answered is refused before the member list is fetched.
    const date =
      args.view === "history" || asOf !== undefined || args.mode === "close"
        ? closeSession(index, asOf, ctx, notes, args.view === "history" ? "history" : "close")
        : undefined;
    const list = await loadMemberList(index, ctx);
    const stale = memberListNote(list);
    if (stale) notes.unshift(stale);
    if (date === undefined) return liveBreadthReply(index, list, ctx, notes);
    if (args.view === "history") return history(index, list, date, args.sessions, ctx, notes);
    return atClose(index, list, date, ctx, notes);
  },
});

const progressLabel = (list: MemberList) => `computing breadth of ${counted(list.members.length, "member")}`;

async function liveBreadthReply(
  index: IndexInfo,
  list: MemberList,
  ctx: CommandContext,
  notes: string[],
): Promise<Reply> {
  const symbols = list.members.map((m) => m.symbol);
  const got = await gatherQuotes(symbols, ctx, progressLabel(list));
  // Quotes of one session share a handful of times; Intl date parts are slow at 2,000 a reply.
  const dates = new Map<number, string>();
  const quoteDate = (q: { time: number }) => {
    const known = dates.get(q.time);
    if (known !== undefined) return known;
    const d = nyDate(q.time);
    dates.set(q.time, d);
    return d;
  };
  // The session is the newest any member traded in (never later than today in New York).
  const today = nyDate(ctx.clock.now());
  let session = "";
  let open = false;
  for (const q of got.quotes.values()) {
    const d = quoteDate(q);
    if (d > session && d <= today) session = d;
    if (q.marketState === "open") open = true;
  }
  if (session === "") session = lastCompletedSession(ctx.clock.now());
  const snapshot = liveBreadth(list.members, got.quotes, session, got.missing, quoteDate);
  if (got.staleAgeMs !== undefined)
    notes.push(
      `${got.source} could not be reached for some quotes; those are cached from ${formatAge(got.staleAgeMs)} ago.`,
    );
  const asOf = open
    ? `live at ${formatNyTime(got.fetchedAt)} New York, ${formatDate(session)}`
    : `last prices, close of ${formatDate(session)} (market not open)`;
  const history = await above50History(ctx, index, snapshot);
  return snapshotReply({
    index,
    list,
    snapshot,
    ...(history ? { above50History: history } : {}),
    source: got.source,
    asOf,
    basis: "live mode: quotes, intraday basis",
    notes,
    ...(got.staleAgeMs === undefined ? {} : { staleAgeMs: got.staleAgeMs }),
  });
}

/**
 * The completed session a close or history answer is computed at: the date asked for (a holiday or
 * weekend moves to the session before, with a note), else the last completed session. Never after
 * the close this bot is pinned to (--as-of), whose data ends there.
 */
function closeSession(
  index: IndexInfo,
  asOf: string | undefined,
  ctx: CommandContext,
  notes: string[],
  verb: "close" | "history",
): string {
  const now = ctx.clock.now();
  if (asOf === undefined) return lastCompletedSession(now);
  if (ctx.asOf !== undefined && asOf > ctx.asOf)
    throw new UserError(
      "breadth-after-as-of",
      `This bot answers as of the close of ${formatShortDate(ctx.asOf)}, so it has no closes for ${formatShortDate(asOf)}.`,
      `/breadth ${index.alias} ${verb} ${ctx.asOf}`,
    );
  try {
    const evaluation = evaluationDate(asOf, now);
    if (evaluation.note) notes.push(evaluation.note);
    return evaluation.date;
  } catch (err) {
    // evaluationDate hints at the terminal's --as-of; in a command the date follows `close` or `history`.
    if (!(err instanceof UserError) || asOf === ctx.asOf) throw err;
    throw new UserError(
      err.code,
      err.message,
      `/breadth ${index.alias} ${verb} ${lastCompletedSession(now)}`,
    );
  }
}

async function atClose(
  index: IndexInfo,
  list: MemberList,
  date: string,
  ctx: CommandContext,
  notes: string[],
): Promise<Reply> {
  if (list.asOf !== undefined && date < list.asOf)
    notes.push(
      `Counted over the member list of ${formatShortDate(list.asOf)}: members that joined or left the index after ${formatShortDate(date)} are not accounted for.`,
    );
  const { snapshot, histories } = await closeBreadthOf(list, date, ctx, progressLabel(list));
  await keepRecord(list, snapshot, ctx, histories);
  if (histories.staleAgeMs !== undefined)
    notes.push(
      `${ctx.market.name} could not be reached for some closes; those are cached from ${formatAge(histories.staleAgeMs)} ago.`,
    );
  const history = await above50History(ctx, index, snapshot);
  return snapshotReply({
    index,
    list,
    snapshot,
    ...(history ? { above50History: history } : {}),
    source: ctx.market.name,
    asOf: asOfLabel(date, false),
    basis: "historical mode: daily closes, closing basis",
    notes,
    ...(histories.staleAgeMs === undefined ? {} : { staleAgeMs: histories.staleAgeMs }),
  });
}

/** The reading's place in the stored history, when the reading itself means something. */
function above50History(
  ctx: CommandContext,
  index: IndexInfo,
  s: BreadthSnapshot,
): Promise<Above50Percentile | undefined> {
  const current = percentOf(s.above50);
  if (current === undefined || !isMeaningful(s.above50.of, s.members)) return Promise.resolve(undefined);
  return above50Percentile(ctx, index.alias, s.date, current);
}

async function history(
  index: IndexInfo,
  list: MemberList,
  end: string,
  sessions: number,
  ctx: CommandContext,
  notes: string[],
): Promise<Reply> {
  // Always the same sessions, whatever number is shown: the longest window plus the McClellan
  // warm-up, so a session's oscillator and summation are one number in every view.
  const backfill = await backfillBreadth(list, end, MAX_HISTORY_SESSIONS, ctx, index.name, {
    warmup: WARMUP_SESSIONS,
  });
  if (backfill.histories?.staleAgeMs !== undefined)
    notes.push(
      `${ctx.market.name} could not be reached for some closes; those are cached from ${formatAge(backfill.histories.staleAgeMs)} ago.`,
    );
  return historyReply({ index, list, backfill, shown: sessions, source: ctx.market.name, notes });
}
