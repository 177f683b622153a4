/**
 * Which alerts fire on which sessions: each definition of the Events section applied to the data
 * gathered for it. The same function serves the after-close run (one session), `/alert test` and
 * the replay (a range of sessions), so they cannot disagree.
 */
import {
  type LevelState,
  levelCrossingsOnBars,
  lineSeries,
  recordCloses,
  rollingSpreads,
  spreadCrossings,
  UNSEEN_LEVEL,
} from "../analytics/events.ts";
import { bp, num } from "../format.ts";
import { formatShortDate } from "../market/time.ts";
import { type AlertData, barsOf } from "./data.ts";
import { breadthFirings } from "./evaluate-breadth.ts";
import { DEFINITIONS, dir, type Evaluation, type Firing, inRange, lineChart } from "./firing.ts";
import { type AlertSpec, symbolName } from "./spec.ts";

export { DEFINITIONS, type Evaluation, type Firing, lineChart } from "./firing.ts";

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
