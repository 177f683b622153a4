/**
 * Which alerts an after-close run owes an evaluation, the sessions the bot missed while it was
 * down (evaluated too, and listed in /alert list rather than posted), and whether the data for a
 * session is in yet.
 */
import { nextTradingDay, previousTradingDay } from "../market/calendar.ts";
import { type AlertData, barsOf } from "./data.ts";
import type { Firing } from "./evaluate.ts";
import type { AlertSpec } from "./spec.ts";
import type { AlertState, ChannelWithAlerts } from "./store.ts";

export interface Owed {
  channel: ChannelWithAlerts;
  id: number;
  spec: AlertSpec;
  state: AlertState;
  /** The first missed session to evaluate (as missed), when the bot skipped sessions. */
  backlogFrom?: string;
}

/** Alerts owed an evaluation of `session`: not evaluated for it yet, added before it was due. */
export function owedAlerts(
  channels: readonly ChannelWithAlerts[],
  session: string,
  dueAt: number,
  backlogSessions: number,
): Owed[] {
  const out: Owed[] = [];
  const previous = previousTradingDay(session);
  for (const channel of channels) {
    if (channel.delivery.pausedAt !== undefined) continue;
    for (const a of channel.alerts) {
      const state = channel.states.get(a.id) ?? {};
      if (a.createdAt > dueAt) continue;
      if (state.evaluated !== undefined && state.evaluated >= session) continue;
      let backlogFrom: string | undefined;
      if (state.evaluated !== undefined && state.evaluated < previous) {
        backlogFrom = nextTradingDay(state.evaluated);
        let floor = previous;
        for (let k = 1; k < backlogSessions; k++) floor = previousTradingDay(floor);
        if (backlogFrom < floor) backlogFrom = floor;
      }
      out.push({ channel, id: a.id, spec: a.spec, state, ...(backlogFrom ? { backlogFrom } : {}) });
    }
  }
  return out;
}

/** Whether the data for `spec` includes the session (else it is not in yet: try again later). */
export function hasSession(spec: AlertSpec, data: AlertData, session: string): boolean {
  const has = (symbol: string) => barsOf(data, symbol).some((b) => b.date === session);
  switch (spec.kind) {
    case "record":
    case "cross":
      return has(spec.symbol) || !data.series.has(spec.symbol);
    case "line":
    case "spread":
      return (has(spec.a) && has(spec.b)) || !data.series.has(spec.a) || !data.series.has(spec.b);
    default: {
      const run = data.breadth.get(spec.index);
      if (!run) return true;
      return run.records[run.dates.indexOf(session)] !== undefined;
    }
  }
}

/** The state with firings that were not posted (their session had passed), the last three kept. */
export function withMissed(
  state: AlertState,
  firings: readonly Pick<Firing, "session" | "figure">[],
): AlertState {
  const missed = [...(state.missed ?? []), ...firings.map((f) => ({ session: f.session, figure: f.figure }))];
  return { ...state, missed: missed.slice(-3) };
}
