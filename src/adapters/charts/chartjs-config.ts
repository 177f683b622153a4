/**
 * ChartSpec -> chart.js 4 configuration, shared by the local renderer and QuickChart. Pure and
 * JSON-only: reference lines and quadrants are datasets, so they render without any plugin.
 */
import type { ChartSpec, LineSeries, ReferenceLine } from "../../core/chart-spec.ts";
import { assertNever } from "../../core/reply.ts";
import {
  addReferences,
  baseOptions,
  categoryScale,
  emptyOverlay,
  type RefPlacement,
  valueScale,
} from "./chartjs-parts.ts";
import type { ChartJsConfig, ChartJsDataset, ScaleOptions } from "./chartjs-types.ts";
import { scatterConfig } from "./scatter-config.ts";
import { DEFAULT_HEIGHT, DEFAULT_WIDTH, MAX_SIDE, seriesColour, seriesDash, withAlpha } from "./theme.ts";

export type { ChartJsConfig, ChartJsDataset } from "./chartjs-types.ts";

/** Past this many points a line shows no markers: they would only blur it. */
const MARKER_LIMIT = 40;

export function chartSize(spec: ChartSpec): { width: number; height: number } {
  const width = spec.width ?? DEFAULT_WIDTH;
  const height = spec.height ?? DEFAULT_HEIGHT;
  for (const side of [width, height]) {
    if (!Number.isInteger(side) || side < 50 || side > MAX_SIDE) {
      throw new Error(`Chart size must be whole pixels between 50 and ${MAX_SIDE}, got ${width}x${height}`);
    }
  }
  return { width, height };
}

export function toChartJsConfig(spec: ChartSpec): ChartJsConfig {
  switch (spec.kind) {
    case "line":
      return lineConfig(spec);
    case "bar":
      return barConfig(spec);
    case "scatter":
      return scatterConfig(spec);
    default:
      return assertNever(spec);
  }
}

type LineSpec = Extract<ChartSpec, { kind: "line" }>;
type BarSpec = Extract<ChartSpec, { kind: "bar" }>;

function usesRight(spec: LineSpec | BarSpec): boolean {
  return (
    spec.series.some((s) => s.axis === "right") || (spec.reference ?? []).some((r) => r.axis === "right")
  );
}

/** Null is a gap; so is anything else that is not a number (NaN would not survive JSON). */
function gaps(values: (number | null)[]): (number | null)[] {
  return values.map((v) => (v !== null && Number.isFinite(v) ? v : null));
}

/** Markers only where a line cannot show a value: short series, and points isolated by gaps. */
function markerRadius(values: (number | null)[]): number | number[] {
  if (values.length <= MARKER_LIMIT) return 3;
  const isolated = values.map((v, i) => v !== null && values[i - 1] == null && values[i + 1] == null);
  return isolated.some(Boolean) ? isolated.map((on) => (on ? 3 : 0)) : 0;
}

function lineDataset(s: LineSeries, i: number): ChartJsDataset {
  const colour = seriesColour(i);
  const values = gaps(s.values);
  return {
    type: "line",
    label: s.name,
    data: values,
    xAxisID: "x",
    yAxisID: s.axis === "right" ? "y1" : "y",
    order: 0,
    borderColor: colour,
    backgroundColor: colour,
    borderWidth: 3,
    borderDash: seriesDash(i, s.style === "dashed"),
    pointStyle: "line",
    pointRadius: markerRadius(values),
    pointBackgroundColor: colour,
    pointBorderColor: colour,
    fill: false,
    spanGaps: false,
    tension: 0,
    rbRole: "series",
  };
}

function lineConfig(spec: LineSpec): ChartJsConfig {
  const scales: Record<string, ScaleOptions> = {
    x: categoryScale("bottom", {}),
    y: valueScale(spec.left, "left", { grid: true }),
  };
  if (usesRight(spec) || spec.right) scales.y1 = valueScale(spec.right, "right", { grid: false });
  const datasets = spec.series.map(lineDataset);
  const overlay = emptyOverlay();
  const place = (ref: ReferenceLine): RefPlacement =>
    ref.axis === "x"
      ? { scaleId: "x", orientation: "vertical", labels: spec.labels }
      : { scaleId: ref.axis === "right" && scales.y1 ? "y1" : "y", orientation: "horizontal" };
  addReferences(spec, place, datasets, scales, overlay);
  return {
    type: "line",
    data: { labels: spec.labels, datasets },
    options: baseOptions(spec, scales, datasets, overlay),
  };
}

/** A dashed bar series is drawn hollow-ish (light fill, solid edge): bars have no dash. */
function barDataset(s: LineSeries, i: number, horizontal: boolean, pad: boolean): ChartJsDataset {
  const colour = seriesColour(i);
  const right = s.axis === "right";
  const valueAxis = horizontal ? (right ? "x1" : "x") : right ? "y1" : "y";
  return {
    type: "bar",
    label: s.name,
    data: pad ? [null, ...gaps(s.values), null] : gaps(s.values),
    xAxisID: horizontal ? valueAxis : "x",
    yAxisID: horizontal ? "y" : valueAxis,
    order: 0,
    borderColor: colour,
    backgroundColor: s.style === "dashed" ? withAlpha(colour, 0.35) : colour,
    borderWidth: s.style === "dashed" ? 2 : 0,
    pointStyle: "rect",
    rbRole: "series",
  };
}

/**
 * Horizontal bars swap the axes: the categories run down the left and the spec's left axis (the
 * values) runs along the bottom, its right axis along the top. A reference value line must span the
 * plot through the categories themselves (see RefPlacement.across), so the categories get an empty
 * one at each end and lose chart.js's half-category offset: the line then runs edge to edge.
 */
function barConfig(spec: BarSpec): ChartJsConfig {
  const horizontal = spec.horizontal === true;
  const stacked = spec.stacked === true;
  const right = usesRight(spec) || spec.right !== undefined;
  const pad = (spec.reference ?? []).some((r) => r.axis !== "x");
  const labels = pad ? ["", ...spec.labels, ""] : spec.labels;
  const category = categoryScale(horizontal ? "left" : "bottom", { stacked });
  if (pad) category.offset = false;
  const scales: Record<string, ScaleOptions> = horizontal
    ? {
        y: category,
        x: valueScale(spec.left, "bottom", { grid: true, stacked }),
        ...(right ? { x1: valueScale(spec.right, "top", { grid: false }) } : {}),
      }
    : {
        x: category,
        y: valueScale(spec.left, "left", { grid: true, stacked }),
        ...(right ? { y1: valueScale(spec.right, "right", { grid: false }) } : {}),
      };
  const datasets = spec.series.map((s, i) => barDataset(s, i, horizontal, pad));
  const overlay = emptyOverlay();
  const categoryId = horizontal ? "y" : "x";
  const place = (ref: ReferenceLine): RefPlacement => {
    if (ref.axis === "x") {
      return {
        scaleId: categoryId,
        orientation: horizontal ? "horizontal" : "vertical",
        labels: spec.labels,
      };
    }
    const onRight = ref.axis === "right" && right;
    const across = { scaleId: categoryId, count: labels.length };
    if (horizontal) return { scaleId: onRight ? "x1" : "x", orientation: "vertical", across };
    return { scaleId: onRight ? "y1" : "y", orientation: "horizontal", across };
  };
  addReferences(spec, place, datasets, scales, overlay);
  const options = baseOptions(spec, scales, datasets, overlay);
  if (horizontal) options.indexAxis = "y";
  return { type: "bar", data: { labels, datasets }, options };
}
