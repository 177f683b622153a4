/** The /rotation chart: the indexes and the IWM/SPY line rebased to 100 at the period's base close. */
import { type Period, periodLabel } from "../../core/analytics/periods.ts";
import { rebasedOn } from "../../core/analytics/returns.ts";
import { ROTATION_INDEXES, type RotationFigures } from "../../core/analytics/rotation.ts";
import type { ChartSpec } from "../../core/chart-spec.ts";
import { formatShortDate } from "../../core/market/time.ts";
import type { DailySeries } from "../../core/ports.ts";
import type { Block } from "../../core/reply.ts";

/** Sessions the chart shows at least, so 1d and 5d still have a readable line. */
export const MIN_CHART_SESSIONS = 21;

export function rotationChart(
  series: ReadonlyMap<string, DailySeries>,
  f: RotationFigures,
  period: Period,
  end: string,
): Block | undefined {
  const spx = series.get("^GSPC") ?? series.get("^RUT");
  const anchor = f.returns["^GSPC"] ?? f.returns["^RUT"];
  if (!spx || !anchor) return undefined;
  const upTo = spx.bars.filter((b) => b.date <= anchor.endDate);
  const baseIdx = upTo.findIndex((b) => b.date === anchor.baseDate);
  const startIdx = Math.max(0, Math.min(baseIdx, upTo.length - 1 - MIN_CHART_SESSIONS));
  const dates = upTo.slice(startIdx).map((b) => b.date);
  // Rebased at the period's base close, so the last point reads as the period return.
  const base = anchor.baseDate;
  const lines = ["^RUT", "^GSPC", "^NDX"].filter((s) => series.has(s) && f.returns[s]);
  const rs = series.get("IWM") && series.get("SPY") ? ratioLine(series, dates, base) : undefined;
  const spec: ChartSpec = {
    kind: "line",
    title: `Rotation ${periodLabel(period)}: rebased to 100 at the ${formatShortDate(base)} close`,
    subtitle: f.regime.label,
    labels: dates,
    series: [
      ...lines.map((s) => ({
        name: ROTATION_INDEXES.find((i) => i.symbol === s)?.name ?? s,
        values: rebasedOn(series.get(s)?.bars ?? [], dates, base),
      })),
      // On the same axis as the indexes: both are rebased to 100 at the base, so 100 means the same.
      ...(rs ? [{ name: "IWM/SPY line", values: rs, style: "dashed" as const }] : []),
    ],
    left: { title: "Rebased to 100" },
    reference: [{ value: 100, axis: "left" }],
  };
  const alt = `Line chart from ${formatShortDate(dates[0] as string)} to ${formatShortDate(end)} of ${lines.join(", ")} rebased to 100${rs ? ", with the IWM/SPY relative-strength line (dashed) on the same scale" : ""}. ${f.regime.label}.`;
  return { type: "chart", spec, alt, filename: `rotation-${period.code}-${end}.png` };
}

function ratioLine(
  series: ReadonlyMap<string, DailySeries>,
  dates: string[],
  base: string,
): (number | null)[] {
  const a = new Map(series.get("IWM")?.bars.map((b) => [b.date, b.close]));
  const b = new Map(series.get("SPY")?.bars.map((x) => [x.date, x.close]));
  const ratio = (d: string) => {
    const x = a.get(d);
    const y = b.get(d);
    return x === undefined || y === undefined ? undefined : x / y;
  };
  const r0 = ratio(base);
  return dates.map((d) => {
    const r = ratio(d);
    return r === undefined || r0 === undefined ? null : (r / r0) * 100;
  });
}
