/**
 * A live level crossing as a firing: the price and its New York time, and its small chart (the
 * last closes, then the live price, with the level), from closes fetched once per poll for every
 * symbol that crossed.
 */
import { errorMessage } from "../errors.ts";
import { fetchHistories } from "../fetch-series.ts";
import { num } from "../format.ts";
import { addDays, formatNyTime } from "../market/time.ts";
import type { Logger, MarketData } from "../ports.ts";
import { DEFINITIONS, type Firing, lineChart } from "./evaluate.ts";
import { type AlertSpec, symbolName } from "./spec.ts";

export type CrossSpec = Extract<AlertSpec, { kind: "cross" }>;
export type Closes = Map<string, { date: string; close: number }[]>;

/** Sessions of closes drawn before the live price. */
const CHART_CLOSES = 60;

/** Closes of the symbols that crossed, for the charts: one request; a failure leaves none. */
export async function closesForCharts(
  market: MarketData,
  symbols: readonly string[],
  session: string,
  log: Logger,
): Promise<Closes> {
  const out: Closes = new Map();
  const wanted = [...new Set(symbols)];
  if (wanted.length === 0) return out;
  try {
    const set = await fetchHistories(market, wanted, {
      from: addDays(session, -Math.ceil((CHART_CLOSES * 7) / 5) - 31),
      to: session,
    });
    for (const [symbol, s] of set.series)
      out.set(symbol, s.bars.filter((b) => b.date < session).slice(-CHART_CLOSES));
  } catch (err) {
    log.warn({ err: errorMessage(err) }, "closes for the crossing charts could not be fetched");
  }
  return out;
}

/** The small chart of a live crossing: the last closes, then the live price, and the level. */
export function crossChart(spec: CrossSpec, closes: { date: string; close: number }[], f: Firing) {
  return lineChart(
    `${symbolName(spec.symbol)}: closes, then the live price`,
    [...closes.map((b) => b.date), f.session],
    [{ name: spec.symbol, values: [...closes.map((b) => b.close), f.data.price as number] }],
    [spec.level],
  );
}

/** The firing of a live crossing: the price and its time. */
export function crossFiring(
  spec: CrossSpec,
  direction: "up" | "down",
  price: number,
  session: string,
  time: number,
  n: number,
): Firing {
  const side = direction === "up" ? "above" : "below";
  return {
    session,
    occurrence: `live-${n}`,
    title: `${spec.symbol} crossed ${side} ${num(spec.level)}`,
    figure: num(price),
    threshold: `${num(spec.level)} (band ${num(spec.band * 100, 2)}%)`,
    reason: `${symbolName(spec.symbol)} traded at ${num(price)} at ${formatNyTime(time)} New York, ${side} ${num(spec.level)}.`,
    definition: DEFINITIONS.cross,
    data: { price, level: spec.level, direction, time: new Date(time).toISOString() },
    asOf: `${formatNyTime(time)} New York`,
  };
}
