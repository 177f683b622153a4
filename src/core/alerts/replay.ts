/**
 * Replay: the alert definitions over past sessions from closes, so thresholds can be tuned before
 * anyone subscribes. Level crossings are replayed on daily highs and lows (an approximation of
 * the intraday rule, and every such firing says so).
 */
import type { CommandContext } from "../command.ts";
import { UserError } from "../errors.ts";
import { isTradingDay, nextTradingDay } from "../market/calendar.ts";
import { words } from "../text.ts";
import { type AlertData, gatherAlertData } from "./data.ts";
import { evaluate, type Firing } from "./evaluate.ts";
import { type AlertSpec, parseSpec, specText } from "./spec.ts";

/** What a replay evaluates when no event is named: one alert of each kind that reads closes. */
export const DEFAULT_REPLAY = [
  "record RUT",
  "line IWM/SPY 50",
  "spread RUT SPX 5d 300",
  "participation RUT 50",
  "mcclellan RUT",
  "thrust RUT",
];

export interface ReplayResult {
  from: string;
  to: string;
  firings: { alert: string; firing: Firing }[];
  /** Alerts that could not be evaluated on some or all sessions, with the reason. */
  unavailable: { alert: string; reason: string }[];
  requests: AlertData["requests"];
  source: string;
}

export function replaySpecs(events: readonly string[]): AlertSpec[] {
  return (events.length > 0 ? events : DEFAULT_REPLAY).map((e) => parseSpec(words(e), "add"));
}

export async function replayAlerts(
  specs: readonly AlertSpec[],
  from: string,
  to: string,
  ctx: CommandContext,
): Promise<ReplayResult> {
  if (from > to)
    throw new UserError(
      "replay-range",
      "--from must be on or before --to.",
      "alerts replay --from 2026-01-02 --to 2026-01-31",
    );
  // Start on a session: a weekend or holiday moves to the next one.
  let first = from;
  while (!isTradingDay(first) && first < to) first = nextTradingDay(first);
  const data = await gatherAlertData(specs, first, to, ctx);
  const firings: ReplayResult["firings"] = [];
  const unavailable: ReplayResult["unavailable"] = [];
  for (const spec of specs) {
    const e = evaluate(spec, data, first, to);
    const alert = specText(spec);
    for (const firing of e.firings) firings.push({ alert, firing });
    if (e.unavailable) unavailable.push({ alert, reason: e.unavailable });
  }
  firings.sort((a, b) => a.firing.session.localeCompare(b.firing.session));
  return { from: first, to, firings, unavailable, requests: data.requests, source: data.source };
}

/** The replay as text lines, one per firing. */
export function replayText(r: ReplayResult): string {
  const lines = [`Alert replay from ${r.from} to ${r.to}, closes from ${r.source}:`];
  if (r.firings.length === 0) lines.push("  nothing fired.");
  for (const { alert, firing } of r.firings)
    lines.push(
      `  ${firing.session}  ${alert}: ${firing.figure} (threshold ${firing.threshold}). ${firing.reason}`,
    );
  for (const u of r.unavailable) lines.push(`  not evaluated in full: ${u.alert}: ${u.reason}`);
  if (r.firings.some((f) => f.firing.approximate))
    lines.push(
      "  Level crossings are replayed on daily highs and lows: an approximation of the intraday rule.",
    );
  return `${lines.join("\n")}\n`;
}
