/**
 * The brief's one chart: the last three months of the Russell 2000 and the S&P 500 rebased to 100,
 * with the IWM/SPY line rebased to 100 and its 50-session average on the same scale. Four lines on
 * one axis, so 100 means the same thing for all of them: who led, and whether the small-cap trend
 * holds.
 */
import { alignByDate, rebasedOn } from "../analytics/returns.ts";
import type { ChartSpec } from "../chart-spec.ts";
import { formatShortDate } from "../market/time.ts";
import type { DailySeries } from "../ports.ts";
import type { Block } from "../reply.ts";
import { LINE_AVERAGE_SESSIONS } from "./events.ts";

/** Sessions shown (3 months). */
export const CHART_SESSIONS = 63;

export function briefChart(series: ReadonlyMap<string, DailySeries>, session: string): Block | undefined {
  const anchor = series.get("^GSPC") ?? series.get("^RUT");
  if (!anchor) return undefined;
  const upTo = anchor.bars.filter((b) => b.date <= session);
  const dates = upTo.slice(-(CHART_SESSIONS + 1)).map((b) => b.date);
  if (dates.length < 2) return undefined;
  const base = dates[0] as string;
  const indexes = [
    { symbol: "^RUT", name: "Russell 2000" },
    { symbol: "^GSPC", name: "S&P 500" },
  ].filter((i) => series.has(i.symbol));
  const lines: Extract<ChartSpec, { kind: "line" }>["series"] = indexes.map((i) => ({
    name: i.name,
    values: rebasedOn(series.get(i.symbol)?.bars ?? [], dates, base),
  }));
  const ratio = ratioWithAverage(series, dates, base);
  if (ratio) {
    lines.push({ name: "IWM/SPY", values: ratio.line });
    lines.push({
      name: `IWM/SPY ${LINE_AVERAGE_SESSIONS}-session average`,
      values: ratio.average,
      style: "dashed",
    });
  }
  const spec: ChartSpec = {
    kind: "line",
    title: `Russell 2000 vs S&P 500, rebased to 100 at the ${formatShortDate(base)} close`,
    subtitle: `With the IWM/SPY line and its ${LINE_AVERAGE_SESSIONS}-session average, to ${formatShortDate(session)}`,
    labels: dates,
    series: lines,
    left: { title: "Rebased to 100" },
    reference: [{ value: 100, axis: "left" }],
  };
  const alt = `Line chart from ${formatShortDate(base)} to ${formatShortDate(dates.at(-1) as string)} of ${indexes.map((i) => i.name).join(" and ")} rebased to 100${ratio ? `, with the IWM/SPY relative-strength line and its ${LINE_AVERAGE_SESSIONS}-session average, also rebased to 100` : ""}.`;
  return { type: "chart", spec, alt, filename: `brief-${session}.png` };
}

/** IWM/SPY rebased to 100 at `base`, and its trailing average on the same scale; nulls where unknown. */
function ratioWithAverage(
  series: ReadonlyMap<string, DailySeries>,
  dates: readonly string[],
  base: string,
): { line: (number | null)[]; average: (number | null)[] } | undefined {
  const iwm = series.get("IWM");
  const spy = series.get("SPY");
  if (!iwm || !spy) return undefined;
  const joined = alignByDate(iwm.bars, spy.bars);
  const index = new Map(joined.map((p, i) => [p.date, i]));
  const ratios = joined.map((p) => p.a / p.b);
  const baseIdx = index.get(base);
  if (baseIdx === undefined) return undefined;
  const scale = 100 / (ratios[baseIdx] as number);
  const line = dates.map((d) => {
    const i = index.get(d);
    return i === undefined ? null : (ratios[i] as number) * scale;
  });
  const average = dates.map((d) => {
    const i = index.get(d);
    if (i === undefined || i + 1 < LINE_AVERAGE_SESSIONS) return null;
    let sum = 0;
    for (let k = i + 1 - LINE_AVERAGE_SESSIONS; k <= i; k++) sum += ratios[k] as number;
    return (sum / LINE_AVERAGE_SESSIONS) * scale;
  });
  return { line, average };
}
