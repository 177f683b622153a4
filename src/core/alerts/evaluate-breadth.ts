/**
 * The breadth alerts (participation, McClellan, thrust) on the breadth records gathered for an
 * index: each session's window (the McClellan oscillator reads the whole run, warm-up included).
 */
import { breadthHistory } from "../analytics/breadth-history.ts";
import { THRUST, thrustEma, thrusts, valueCrossings, zeroCrossings } from "../analytics/events.ts";
import { WARMUP_SESSIONS } from "../breadth/record.ts";
import { num } from "../format.ts";
import { formatShortDate } from "../market/time.ts";
import { type AlertData, breadthWindow } from "./data.ts";
import { DEFINITIONS, dir, type Evaluation, type Firing, inRange, lineChart } from "./firing.ts";
import type { AlertSpec } from "./spec.ts";

export function breadthFirings(
  spec: Extract<AlertSpec, { kind: "participation" | "mcclellan" | "thrust" }>,
  data: AlertData,
  from: string,
  to: string,
): Evaluation {
  const run = data.breadth.get(spec.index);
  if (!run)
    return {
      firings: [],
      unavailable: data.breadthUnavailable.get(spec.index) ?? `no breadth of ${spec.index}`,
    };
  const firings: Firing[] = [];
  let evaluated = 0;
  for (const session of run.dates.filter((d) => inRange(d, from, to))) {
    // The oscillator reads the whole unbroken run, warm-up included; the others their window.
    const window = breadthWindow(
      run,
      session,
      spec.kind === "mcclellan" ? Number.POSITIVE_INFINITY : undefined,
    );
    if (window.length < 2) continue;
    evaluated++;
    const dates = window.map((w) => w.date);
    const f = breadthFiring(spec, run.name, window, dates, session);
    if (f) firings.push({ ...f, data: { ...f.data, members: run.listLabel } });
  }
  return {
    firings,
    ...(evaluated === 0 ? { unavailable: `no breadth of ${spec.index} on the sessions asked for` } : {}),
  };
}

function breadthFiring(
  spec: Extract<AlertSpec, { kind: "participation" | "mcclellan" | "thrust" }>,
  name: string,
  window: ReturnType<typeof breadthWindow>,
  dates: string[],
  session: string,
): Firing | undefined {
  if (spec.kind === "participation") {
    const values = window.map((w) => ({ date: w.date, value: w.above50Percent ?? null }));
    const c = valueCrossings(values.slice(-2), spec.level).find((x) => x.date === session);
    if (!c) return undefined;
    return {
      session,
      occurrence: c.direction,
      title: `${name}: % of members above their 50-day average crossed ${dir(c.direction)} ${num(spec.level, 1)}%`,
      figure: `${num(c.value, 1)}%`,
      threshold: `${num(spec.level, 1)}%`,
      reason: `The share of ${name} members above their 50-day average went from ${num(c.previous, 1)}% to ${num(c.value, 1)}% on ${formatShortDate(session)}, ${c.direction === "up" ? "above" : "to or below"} ${num(spec.level, 1)}%.`,
      definition: DEFINITIONS.participation,
      chart: lineChart(
        `${name}: % of members above their 50-day average`,
        dates,
        [{ name: "% above 50-day", values: values.map((v) => v.value) }],
        [spec.level],
      ),
      data: { percent: c.value, previous: c.previous, level: spec.level, direction: c.direction },
    };
  }
  if (spec.kind === "mcclellan") {
    const osc = breadthHistory(window).mcclellan;
    const lead = dates.length - 1;
    const values = dates.map((date, i) => ({ date, value: osc[i] ?? null }));
    const c = zeroCrossings(values.slice(-2)).find((x) => x.date === session);
    if (!c) return undefined;
    return {
      session,
      occurrence: c.direction,
      title: `${name}: McClellan oscillator turned ${c.direction === "up" ? "positive" : "negative"}`,
      figure: num(c.value, 2),
      threshold: "0",
      reason: `The ${name} McClellan oscillator went from ${num(c.previous, 2)} to ${num(c.value, 2)} on ${formatShortDate(session)} (EMAs started on ${formatShortDate(dates[0] as string)}, ${lead} session${lead === 1 ? "" : "s"} before${lead < WARMUP_SESSIONS ? `: fewer than the ${WARMUP_SESSIONS} of the warm-up, as far back as the breadth data reaches, so the value may still move` : ""}).`,
      definition: DEFINITIONS.mcclellan,
      chart: lineChart(
        `${name}: McClellan oscillator`,
        dates,
        [{ name: "McClellan oscillator", values: osc }],
        [0],
      ),
      data: {
        oscillator: c.value,
        previous: c.previous,
        direction: c.direction,
        emaStart: dates[0],
        warmupSessions: lead,
      },
    };
  }
  const ema = thrustEma(window);
  const values = dates.map((date, i) => ({ date, value: ema[i] ?? null }));
  const t = thrusts(values).find((x) => x.date === session);
  if (!t) return undefined;
  return {
    session,
    occurrence: "thrust",
    title: `${name}: breadth thrust (Zweig)`,
    figure: num(t.ema, 3),
    threshold: `from below ${THRUST.low} to above ${THRUST.high} within ${THRUST.withinSessions} sessions`,
    reason: `The 10-session EMA of advancers / (advancers + decliners) of the ${name} rose from ${num(t.start.ema, 3)} on ${formatShortDate(t.start.date)} to ${num(t.ema, 3)} on ${formatShortDate(session)}, ${t.sessions} session${t.sessions === 1 ? "" : "s"} later.`,
    definition: DEFINITIONS.thrust,
    chart: lineChart(
      `${name}: 10-session EMA of A / (A + D)`,
      dates,
      [{ name: "EMA", values: ema }],
      [THRUST.low, THRUST.high],
    ),
    data: { ema: t.ema, start: t.start, sessions: t.sessions },
  };
}
