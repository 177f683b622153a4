/**
 * "Episodes like today" as ANALYTICS.md defines them: the sessions on which the N-session spread
 * (A vs B) first crossed a level, at least 21 sessions after the previous episode began, and what
 * the spread did over the following 21 and 63 sessions. Only the closes given are used (aligned up
 * to the as-of session), so a follow-on the data does not reach is marked incomplete, never filled.
 */
import type { AlignedCloses } from "./aligned.ts";
import { windowSpreads } from "./window-spreads.ts";

/** Sessions an episode must follow the previous one's start by, so one move is not counted many times. */
export const EPISODE_SPACING = 21;
/** The follow-on horizons, in sessions after the episode's close. */
export const FOLLOW_ON_HORIZONS = [21, 63] as const;
/** The longest follow-on: the length of each episode's path. */
export const PATH_SESSIONS = 63;

/**
 * "up": the spread moved from below the level to at or above it; "down": from above to at or below.
 * The level's sign decides (a positive level is reached from below); at a level of exactly zero,
 * today's spread's sign does (up when it is zero too).
 */
export type Direction = "up" | "down";

export function crossingDirection(level: number, today: number): Direction {
  if (level > 0) return "up";
  if (level < 0) return "down";
  return today < 0 ? "down" : "up";
}

export interface FollowOn {
  horizon: number;
  /** A's return minus B's from the episode's close to `horizon` sessions later (a fraction); absent when incomplete. */
  spread?: number;
  /** The session the follow-on ends on, when the data reaches it. */
  endDate?: string;
  /** Sessions the data holds after the episode (capped at the horizon): below it means incomplete. */
  sessionsAvailable: number;
  complete: boolean;
}

export interface Episode {
  /** The session the spread crossed the level on. */
  date: string;
  /** Its index in the aligned closes. */
  index: number;
  /** The N-session spread ending that session (a fraction). */
  spread: number;
  /** The N-session spread the session before (on the other side of the level). */
  previousSpread: number;
  followOns: FollowOn[];
  /** The spread from the episode's close to each of the following sessions, [0] = 0, up to 63 sessions (fewer at the data's end). */
  path: number[];
}

export interface HorizonSummary {
  horizon: number;
  /** Episodes whose follow-on the data covers; the other figures rest on these only. */
  complete: number;
  incomplete: number;
  /** Complete follow-ons above zero (A beat B). */
  positive: number;
  median?: number;
  /** The lowest complete follow-on spread and its episode. */
  worst?: { date: string; spread: number };
}

export interface Episodes {
  n: number;
  level: number;
  direction: Direction;
  episodes: Episode[];
  /** Crossings left out because they came within 21 sessions of an episode's start. */
  skippedCrossings: number;
  summaries: HorizonSummary[];
}

/** The spread of A against B from close i to close j, as a fraction. */
function spreadBetween(c: AlignedCloses, i: number, j: number): number {
  return (c.a[j] as number) / (c.a[i] as number) - 1 - ((c.b[j] as number) / (c.b[i] as number) - 1);
}

/**
 * Episodes of the N-session spread crossing `level` in `direction`. The last session of the data
 * (today, the window the question is about) is never an episode of its own history.
 */
export function findEpisodes(
  closes: AlignedCloses,
  n: number,
  level: number,
  direction: Direction,
): Episodes {
  const windows = windowSpreads(closes, n);
  const last = closes.dates.length - 1;
  const episodes: Episode[] = [];
  let skippedCrossings = 0;
  let previousStart = Number.NEGATIVE_INFINITY;
  // Window k ends on close k + n; the last window (today) is left out.
  for (let k = 1; k < windows.spreads.length - 1; k++) {
    const before = windows.spreads[k - 1] as number;
    const now = windows.spreads[k] as number;
    const crossed = direction === "up" ? before < level && now >= level : before > level && now <= level;
    if (!crossed) continue;
    const index = k + n;
    if (index - previousStart < EPISODE_SPACING) {
      skippedCrossings++;
      continue;
    }
    previousStart = index;
    episodes.push(episodeAt(closes, index, now, before, last));
  }
  return {
    n,
    level,
    direction,
    episodes,
    skippedCrossings,
    summaries: FOLLOW_ON_HORIZONS.map((h) => summarize(episodes, h)),
  };
}

function episodeAt(
  c: AlignedCloses,
  index: number,
  spread: number,
  previousSpread: number,
  last: number,
): Episode {
  const followOns = FOLLOW_ON_HORIZONS.map((horizon): FollowOn => {
    const j = index + horizon;
    if (j > last) return { horizon, sessionsAvailable: last - index, complete: false };
    return {
      horizon,
      spread: spreadBetween(c, index, j),
      endDate: c.dates[j] as string,
      sessionsAvailable: horizon,
      complete: true,
    };
  });
  const path: number[] = [];
  for (let j = index; j <= Math.min(last, index + PATH_SESSIONS); j++) path.push(spreadBetween(c, index, j));
  return { date: c.dates[index] as string, index, spread, previousSpread, followOns, path };
}

/** The median of a list (the mean of the middle two for an even count); undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function summarize(episodes: readonly Episode[], horizon: number): HorizonSummary {
  const done = episodes.flatMap((e) => {
    const f = e.followOns.find((x) => x.horizon === horizon);
    return f?.complete && f.spread !== undefined ? [{ date: e.date, spread: f.spread }] : [];
  });
  let worst: { date: string; spread: number } | undefined;
  for (const d of done) if (!worst || d.spread < worst.spread) worst = d;
  const m = median(done.map((d) => d.spread));
  return {
    horizon,
    complete: done.length,
    incomplete: episodes.length - done.length,
    positive: done.filter((d) => d.spread > 0).length,
    ...(m === undefined ? {} : { median: m }),
    ...(worst ? { worst } : {}),
  };
}
