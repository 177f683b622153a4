/**
 * Which alerts fire on which sessions: each definition of the Events section applied to the data
 * gathered for it. The same function serves the after-close run (one session), `/alert test` and
 * the replay (a range of sessions), so they cannot disagree.
 */
import { breadthHistory } from "../analytics/breadth-history.ts";
import {
  type LevelState,
  levelCrossingsOnBars,
  lineSeries,
  recordCloses,
  rollingSpreads,
  spreadCrossings,
  THRUST,
  thrustEma,
  thrusts,
  UNSEEN_LEVEL,
  valueCrossings,
  zeroCrossings,
} from "../analytics/events.ts";
import type { ChartSpec } from "../chart-spec.ts";
import { bp, num } from "../format.ts";
import { WARMUP_SESSIONS } from "../breadth/record.ts";
import { formatShortDate } from "../market/time.ts";
import { type AlertData, barsOf, breadthWindow } from "./data.ts";
import { type AlertSpec, symbolName } from "./spec.ts";

export interface Firing {
  /** The session it fired on. */
  session: string;
  /** Names this occurrence among the alert's firings on the session (a direction, a count). */
  occurrence: string;
  title: string;
  /** The figure that fired, as shown. */
  figure: string;
  threshold: string;
  /** One line: why it fired. */
  reason: string;
  /** The definition, for the footer. */
  definition: string;
  chart?: ChartSpec;
  /** The figures as data, for --json and tests. */
  data: Record<string, unknown>;
  /** True when the rule was applied to daily highs and lows instead of live prices. */
  approximate?: boolean;
  /** When the figure is from, when not the session's close (a live price's time). */
  asOf?: string;
}

export interface Evaluation {
  firings: Firing[];
  /** Why the alert could not be evaluated on some session (no data, too little data). */
  unavailable?: string;
  /** The level state after the last session (cross alerts). */
  level?: LevelState;
}

export const DEFINITIONS: Record<AlertSpec["kind"], string> = {
  record: "Record close: the close is above every earlier close in the data (at least 252 sessions).",
  cross:
    "Level crossing: the price moves from one side of the level to the other; re-armed only after it moves back beyond the level by the band.",
  line: "Line crossing its average: the A/B close ratio closes above (below) its simple average after closing at or below (above) it the session before.",
  spread:
    "Spread crossing: the N-session spread A - B (bp) closes beyond +/- the threshold, on a side it was not beyond the session before.",
  participation:
    "Participation crossing: % of members above their 50-day average (from closes) crosses the level between two sessions.",
  mcclellan:
    "McClellan zero cross: EMA19 - EMA39 of net advances (from closes; the EMAs start 200 sessions before the first session evaluated, as in /breadth history) changes sign.",
  thrust:
    "Breadth thrust (Zweig): the 10-session EMA of advancers / (advancers + decliners) rises from below 0.40 to above 0.615 within 10 sessions.",
};

const CHART_SESSIONS = 60;
const inRange = (d: string, from: string, to: string) => d >= from && d <= to;
const dir = (d: "up" | "down") => (d === "up" ? "above" : "below");

export function lineChart(
  title: string,
  labels: string[],
  series: { name: string; values: (number | null)[]; style?: "dashed" }[],
  reference: number[],
): ChartSpec {
  const n = Math.max(0, labels.length - CHART_SESSIONS);
  return {
    kind: "line",
    title,
    labels: labels.slice(n),
    series: series.map((s) => ({ ...s, values: s.values.slice(n) })),
    reference: reference.map((value) => ({ value, axis: "left" as const })),
    width: 600,
    height: 300,
  };
}

/** Firings of one alert on the sessions from `from` to `to` (inclusive). */
export function evaluate(
  spec: AlertSpec,
  data: AlertData,
  from: string,
  to: string,
  level: LevelState = UNSEEN_LEVEL,
): Evaluation {
  switch (spec.kind) {
    case "record": {
      const bars = barsOf(data, spec.symbol).filter((b) => b.date <= to);
      if (bars.length === 0) return { firings: [], unavailable: `no closes of ${spec.symbol}` };
      const name = symbolName(spec.symbol);
      const firings = recordCloses(bars)
        .filter((r) => inRange(r.date, from, to))
        .map((r) => {
          const upTo = bars.filter((b) => b.date <= r.date);
          return {
            session: r.date,
            occurrence: "record",
            title: `${name}: record close`,
            figure: num(r.close),
            threshold: `previous record ${num(r.previous.value)} (${formatShortDate(r.previous.date)})`,
            reason: `${name} closed at ${num(r.close)} on ${formatShortDate(r.date)}, above every earlier close in the data since ${formatShortDate((bars[0] as { date: string }).date)}; the previous record was ${num(r.previous.value)} on ${formatShortDate(r.previous.date)}.`,
            definition: DEFINITIONS.record,
            chart: lineChart(
              `${name} closes`,
              upTo.map((b) => b.date),
              [{ name: spec.symbol, values: upTo.map((b) => b.close) }],
              [r.previous.value],
            ),
            data: { close: r.close, previousRecord: r.previous, sessions: r.sessions },
          };
        });
      const short =
        bars.length < 252 ? `only ${bars.length} sessions of ${spec.symbol} (252 needed)` : undefined;
      return { firings, ...(short ? { unavailable: short } : {}) };
    }
    case "cross": {
      const all = barsOf(data, spec.symbol).filter((b) => b.date <= to);
      const before = all.filter((b) => b.date < from);
      // Without a state yet, the side of the last close before the range is the start.
      let start = level;
      if (start.side === undefined && before.length > 0)
        start = levelCrossingsOnBars(
          [{ ...(before.at(-1) as { date: string; close: number }) }],
          spec.level,
          spec.band,
        ).state;
      const bars = all.filter((b) => b.date >= from);
      const run = levelCrossingsOnBars(bars, spec.level, spec.band, start);
      const name = symbolName(spec.symbol);
      const counts = new Map<string, number>();
      const firings = run.crossings.map((c) => {
        const k = (counts.get(c.date) ?? 0) + 1;
        counts.set(c.date, k);
        const upTo = all.filter((b) => b.date <= c.date);
        return {
          session: c.date,
          occurrence: `${c.direction}-${k}`,
          title: `${spec.symbol} crossed ${dir(c.direction)} ${num(spec.level)}`,
          figure: num(c.price),
          threshold: `${num(spec.level)} (band ${num(spec.band * 100, 2)}%)`,
          reason: `${spec.symbol} traded ${dir(c.direction)} ${num(spec.level)} on ${formatShortDate(c.date)} (the day's ${c.direction === "up" ? "high" : "low"} ${num(c.price)}, from daily bars: the intraday order of moves is approximated).`,
          definition: DEFINITIONS.cross,
          chart: lineChart(
            `${name} closes`,
            upTo.map((b) => b.date),
            [{ name: spec.symbol, values: upTo.map((b) => b.close) }],
            [spec.level],
          ),
          data: { price: c.price, level: spec.level, direction: c.direction, band: spec.band },
          approximate: true,
        };
      });
      return {
        firings,
        level: run.state,
        ...(all.length === 0 ? { unavailable: `no prices of ${spec.symbol}` } : {}),
      };
    }
    case "line": {
      const line = lineSeries(barsOf(data, spec.a), barsOf(data, spec.b), spec.sessions).filter(
        (r) => r.date <= to,
      );
      const label = `${spec.a}/${spec.b}`;
      const firings: Firing[] = [];
      for (let i = 1; i < line.length; i++) {
        const now = line[i] as (typeof line)[number];
        const prev = line[i - 1] as (typeof line)[number];
        if (now.above === prev.above || !inRange(now.date, from, to)) continue;
        const d = now.above ? "up" : "down";
        const shown = line.slice(0, i + 1);
        firings.push({
          session: now.date,
          occurrence: d,
          title: `The ${label} line crossed ${dir(d)} its ${spec.sessions}-session average`,
          figure: num(now.ratio, 4),
          threshold: `average ${num(now.average, 4)}`,
          reason: `${label} closed at ${num(now.ratio, 4)} vs its ${spec.sessions}-session average ${num(now.average, 4)} on ${formatShortDate(now.date)}, after ${num(prev.ratio, 4)} vs ${num(prev.average, 4)} the session before.`,
          definition: DEFINITIONS.line,
          chart: lineChart(
            `${label} line and its ${spec.sessions}-session average`,
            shown.map((r) => r.date),
            [
              { name: label, values: shown.map((r) => r.ratio) },
              {
                name: `${spec.sessions}-session average`,
                values: shown.map((r) => r.average),
                style: "dashed",
              },
            ],
            [],
          ),
          data: {
            ratio: now.ratio,
            average: now.average,
            previous: { ratio: prev.ratio, average: prev.average },
            direction: d,
          },
        });
      }
      return {
        firings,
        ...(line.length < 2
          ? { unavailable: `fewer than ${spec.sessions + 1} common sessions of ${label}` }
          : {}),
      };
    }
    case "spread": {
      const values = rollingSpreads(barsOf(data, spec.a), barsOf(data, spec.b), spec.sessions, to);
      const label = `${spec.a} - ${spec.b}`;
      const firings = spreadCrossings(values, spec.thresholdBp)
        .filter((c) => inRange(c.date, from, to))
        .map((c) => {
          const shown = values.filter((v) => v.date <= c.date);
          return {
            session: c.date,
            occurrence: c.side,
            title: `${label} ${spec.sessions}-session spread beyond ${c.side === "above" ? "+" : "-"}${num(spec.thresholdBp, 0)} bp`,
            figure: bp(c.bp),
            threshold: `${c.side === "above" ? "+" : "-"}${num(spec.thresholdBp, 0)} bp`,
            reason: `The ${spec.sessions}-session spread ${label} closed at ${bp(c.bp)} on ${formatShortDate(c.date)}, ${c.side === "above" ? "above" : "below"} ${c.side === "above" ? "+" : "-"}${num(spec.thresholdBp, 0)} bp; it was ${bp(c.previousBp)} the session before.`,
            definition: DEFINITIONS.spread,
            chart: lineChart(
              `${label}, ${spec.sessions}-session spread (bp)`,
              shown.map((v) => v.date),
              [{ name: label, values: shown.map((v) => v.bp) }],
              [spec.thresholdBp, -spec.thresholdBp],
            ),
            data: { bp: c.bp, previousBp: c.previousBp, side: c.side, thresholdBp: spec.thresholdBp },
          };
        });
      return {
        firings,
        ...(values.length < 2 ? { unavailable: `too few common sessions of ${label}` } : {}),
      };
    }
    case "participation":
    case "mcclellan":
    case "thrust":
      return breadthFirings(spec, data, from, to);
  }
}

function breadthFirings(
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
