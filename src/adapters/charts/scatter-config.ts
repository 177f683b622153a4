/**
 * Scatter charts: points or trails (a relative-rotation graph draws each symbol's path ending in a
 * marker), point labels, and four tinted quadrants around a centre.
 */
import type { Axis, ChartSpec, ReferenceLine, ScatterSeries } from "../../core/chart-spec.ts";
import { addReferences, baseOptions, emptyOverlay, type RefPlacement, valueScale } from "./chartjs-parts.ts";
import type { ChartJsConfig, ChartJsDataset, Corner, OverlayOptions, ScaleOptions } from "./chartjs-types.ts";
import { QUADRANT_TINTS, seriesColour, seriesDash, THEME } from "./theme.ts";

type ScatterSpec = Extract<ChartSpec, { kind: "scatter" }>;

/** The spec's quadrant labels run clockwise from the top right: Leading, Weakening, Lagging, Improving. */
export const CORNERS: readonly Corner[] = ["top-right", "bottom-right", "bottom-left", "top-left"];

function scatterDataset(s: ScatterSeries, i: number): ChartJsDataset {
  const colour = seriesColour(i);
  const last = s.points.length - 1;
  return {
    type: "scatter",
    label: s.name,
    data: s.points.map((p) => ({ x: p.x, y: p.y })),
    xAxisID: "x",
    yAxisID: "y",
    order: 0,
    borderColor: colour,
    backgroundColor: colour,
    borderWidth: 2.5,
    borderDash: seriesDash(i, false),
    pointStyle: "circle",
    // A trail is a line of small dots ending in a big marker: the head is where the symbol is now.
    pointRadius: s.trail ? s.points.map((_, j) => (j === last ? 6 : 2.5)) : 5,
    pointBackgroundColor: colour,
    pointBorderColor: colour,
    showLine: s.trail === true,
    fill: false,
    tension: 0,
    rbRole: "series",
  };
}

/** 1.7 -> 2, 3.1 -> 5: a round half-range so that ticks land on round numbers. */
function niceCeil(v: number): number {
  const scale = 10 ** Math.floor(Math.log10(v));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * scale >= v) ?? 10;
  return step * scale;
}

const tidy = (v: number) => Number(v.toPrecision(12));

/** Bounds symmetric around the centre, so the quadrants meet in the middle of the plot. */
export function quadrantBounds(
  values: number[],
  centre: number,
  axis: Axis | undefined,
): { min: number; max: number } {
  const far = Math.max(0, ...values.filter(Number.isFinite).map((v) => Math.abs(v - centre)));
  const half = far > 0 ? niceCeil(far * 1.15) : 1;
  return { min: axis?.min ?? tidy(centre - half), max: axis?.max ?? tidy(centre + half) };
}

function quadrantDataset(label: string, k: number, x: [number, number], y: [number, number]): ChartJsDataset {
  const tint = QUADRANT_TINTS[k] ?? QUADRANT_TINTS[0];
  return {
    type: "line",
    label,
    data: [
      { x: x[0], y: y[0] },
      { x: x[1], y: y[0] },
      { x: x[1], y: y[1] },
      { x: x[0], y: y[1] },
      { x: x[0], y: y[0] },
    ],
    xAxisID: "x",
    yAxisID: "y",
    order: 2,
    // The tints' shared edges draw the cross through the centre.
    borderColor: THEME.reference,
    backgroundColor: tint.fill,
    borderWidth: 1,
    pointStyle: "rect",
    pointRadius: 0,
    showLine: true,
    fill: "shape",
    tension: 0,
    rbRole: "quadrant",
  };
}

function addQuadrants(
  spec: ScatterSpec,
  scales: Record<string, ScaleOptions>,
  datasets: ChartJsDataset[],
  overlay: OverlayOptions,
): void {
  const q = spec.quadrants;
  if (!q) return;
  const points = spec.series.flatMap((s) => s.points);
  const xb = quadrantBounds(
    points.map((p) => p.x),
    q.xCenter,
    spec.x,
  );
  const yb = quadrantBounds(
    points.map((p) => p.y),
    q.yCenter,
    spec.left,
  );
  for (const [scale, bounds] of [
    [scales.x, xb],
    [scales.y, yb],
  ] as const) {
    if (!scale) continue;
    Object.assign(scale, bounds);
    if (scale.ticks) scale.ticks.includeBounds = false;
  }
  const right: [number, number] = [q.xCenter, xb.max];
  const left: [number, number] = [xb.min, q.xCenter];
  const top: [number, number] = [q.yCenter, yb.max];
  const bottom: [number, number] = [yb.min, q.yCenter];
  const spans = [
    [right, top],
    [right, bottom],
    [left, bottom],
    [left, top],
  ] as const;
  spans.forEach(([x, y], k) => {
    const label = q.labels[k] ?? "";
    const corner = CORNERS[k] ?? "top-right";
    datasets.push(quadrantDataset(label, k, x, y));
    overlay.quadrants.push({ text: label, corner, color: (QUADRANT_TINTS[k] ?? QUADRANT_TINTS[0]).text });
  });
}

const finite = (p: { x: number; y: number }) => Number.isFinite(p.x) && Number.isFinite(p.y);

export function scatterConfig(input: ScatterSpec): ChartJsConfig {
  // A point without both coordinates cannot be placed (and NaN would not survive JSON).
  const spec = { ...input, series: input.series.map((s) => ({ ...s, points: s.points.filter(finite) })) };
  const scales: Record<string, ScaleOptions> = {
    x: valueScale(spec.x, "bottom", { grid: true }),
    y: valueScale(spec.left, "left", { grid: true }),
  };
  const datasets = spec.series.map(scatterDataset);
  const overlay = emptyOverlay();
  spec.series.forEach((s, i) => {
    s.points.forEach((p, index) => {
      if (p.label) overlay.pointLabels.push({ datasetIndex: i, index, text: p.label });
    });
  });
  addQuadrants(spec, scales, datasets, overlay);
  // A scatter has one y axis: a "right" reference is drawn against it too.
  const place = (ref: ReferenceLine): RefPlacement =>
    ref.axis === "x"
      ? { scaleId: "x", orientation: "vertical" }
      : { scaleId: "y", orientation: "horizontal" };
  addReferences(spec, place, datasets, scales, overlay);
  return { type: "scatter", data: { datasets }, options: baseOptions(spec, scales, datasets, overlay) };
}
