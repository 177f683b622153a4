/**
 * Building blocks of a chart.js configuration (scales, reference lines, titles, legend) shared by
 * the line, bar and scatter translations.
 */
import type { Axis, ChartSpec, ReferenceLine } from "../../core/chart-spec.ts";
import type {
  ChartJsConfig,
  ChartJsDataset,
  FontSpec,
  OverlayOptions,
  ScaleOptions,
  XY,
} from "./chartjs-types.ts";
import { FONT_FAMILY, FONT_SIZE, THEME } from "./theme.ts";

/** Hidden 0..1 scales that let a reference line span the whole plot, whatever the data range. */
export const SPAN_X = "xRef";
export const SPAN_Y = "yRef";

export function font(size: number, weight: "normal" | "bold" = "normal"): FontSpec {
  return { family: FONT_FAMILY, size, weight };
}

/**
 * QuickChart takes no functions, so tick suffixes must be JSON: "%" maps onto an Intl number format;
 * any other suffix (bp, x) goes into the axis title instead.
 */
function labelling(axis: Axis | undefined): { title?: string; format?: Record<string, string> } {
  const suffix = axis?.suffix?.trim();
  const title = axis?.title;
  if (!suffix) return title ? { title } : {};
  if (suffix === "%") return { ...(title ? { title } : {}), format: { style: "unit", unit: "percent" } };
  return { title: title ? `${title} (${suffix})` : suffix };
}

export function valueScale(
  axis: Axis | undefined,
  position: "left" | "right" | "top" | "bottom",
  options: { grid: boolean; stacked?: boolean },
): ScaleOptions {
  const { title, format } = labelling(axis);
  return {
    type: "linear",
    display: true,
    position,
    ...(axis?.min !== undefined ? { min: axis.min } : {}),
    ...(axis?.max !== undefined ? { max: axis.max } : {}),
    ...(options.stacked ? { stacked: true } : {}),
    ...(title
      ? { title: { display: true, text: title, color: THEME.mutedText, font: font(FONT_SIZE.axisTitle) } }
      : {}),
    ticks: { color: THEME.mutedText, font: font(FONT_SIZE.tick), ...(format ? { format } : {}) },
    grid: { color: THEME.grid, drawOnChartArea: options.grid },
    border: { color: THEME.axisLine },
  };
}

export function categoryScale(position: "left" | "bottom", options: { stacked?: boolean }): ScaleOptions {
  return {
    type: "category",
    display: true,
    position,
    ...(options.stacked ? { stacked: true } : {}),
    ticks: {
      color: THEME.mutedText,
      font: font(FONT_SIZE.tick),
      maxRotation: 0,
      autoSkip: true,
      autoSkipPadding: 16,
    },
    // No tick marks: on a category axis they fall between the labels and only add noise.
    grid: { display: false, color: THEME.grid, drawOnChartArea: false },
    border: { color: THEME.axisLine },
  };
}

export function spanScale(): ScaleOptions {
  return { type: "linear", display: false, min: 0, max: 1 };
}

/** How a reference on a spec axis is drawn: which scale holds its value and which way the line runs. */
export interface RefPlacement {
  scaleId: string;
  orientation: "horizontal" | "vertical";
  /** Category axes hold labels, not numbers: the reference value is the label's index. */
  labels?: string[];
  /**
   * Bar charts only: run the line through every category of this axis instead of along a hidden
   * span scale, because chart.js makes room for one more group of bars per extra index axis.
   */
  across?: { scaleId: string; count: number };
}

export function referenceDataset(
  ref: ReferenceLine,
  place: RefPlacement,
  text: string,
): ChartJsDataset | undefined {
  const horizontal = place.orientation === "horizontal";
  const style: Omit<ChartJsDataset, "data" | "xAxisID" | "yAxisID"> = {
    type: "line",
    label: text,
    order: 1,
    borderColor: THEME.reference,
    backgroundColor: THEME.reference,
    borderWidth: 1.5,
    borderDash: [6, 4],
    pointStyle: "line",
    pointRadius: 0,
    showLine: true,
    fill: false,
    tension: 0,
    rbRole: "reference",
  };
  if (place.across) {
    const ids = horizontal
      ? { xAxisID: place.across.scaleId, yAxisID: place.scaleId }
      : { xAxisID: place.scaleId, yAxisID: place.across.scaleId };
    return { ...style, ...ids, data: new Array<number>(place.across.count).fill(ref.value) };
  }
  let at: number | string = ref.value;
  if (place.labels) {
    const label = place.labels[Math.round(ref.value)];
    if (label === undefined) return undefined;
    at = label;
  }
  const data: XY[] = horizontal
    ? [
        { x: 0, y: at },
        { x: 1, y: at },
      ]
    : [
        { x: at, y: 0 },
        { x: at, y: 1 },
      ];
  return {
    ...style,
    data,
    xAxisID: horizontal ? SPAN_X : place.scaleId,
    yAxisID: horizontal ? place.scaleId : SPAN_Y,
  };
}

/** The text of a reference line: its own label, else its value with the axis suffix. */
export function referenceText(ref: ReferenceLine, axis: Axis | undefined): string {
  return ref.label ?? `${ref.value}${axis?.suffix?.trim() ?? ""}`;
}

/** Adds reference datasets, the hidden span scales they need, and their on-chart labels. */
export function addReferences(
  spec: ChartSpec,
  place: (ref: ReferenceLine) => RefPlacement,
  datasets: ChartJsDataset[],
  scales: Record<string, ScaleOptions>,
  overlay: OverlayOptions,
): void {
  for (const ref of spec.reference ?? []) {
    if (!Number.isFinite(ref.value)) continue;
    const p = place(ref);
    const xAxis = spec.kind === "scatter" ? spec.x : undefined;
    const axis = ref.axis === "right" ? spec.right : ref.axis === "x" ? xAxis : spec.left;
    const text = referenceText(ref, axis);
    const dataset = referenceDataset(ref, p, text);
    if (!dataset) continue;
    overlay.references.push({ text, datasetIndex: datasets.length, orientation: p.orientation });
    datasets.push(dataset);
    if (dataset.xAxisID === SPAN_X) scales[SPAN_X] = spanScale();
    if (dataset.yAxisID === SPAN_Y) scales[SPAN_Y] = spanScale();
  }
}

export function emptyOverlay(): OverlayOptions {
  return { quadrants: [], references: [], pointLabels: [] };
}

/** Options common to every kind; the legend shows when it has more than one entry to tell apart. */
export function baseOptions(
  spec: ChartSpec,
  scales: Record<string, ScaleOptions>,
  datasets: ChartJsDataset[],
  overlay: OverlayOptions,
): ChartJsConfig["options"] {
  const kind = spec.kind;
  return {
    animation: false,
    responsive: false,
    locale: "en-US",
    font: font(FONT_SIZE.tick),
    color: THEME.text,
    layout: { padding: 14 },
    scales,
    plugins: {
      title: {
        display: true,
        text: spec.title,
        color: THEME.text,
        font: font(FONT_SIZE.title, "bold"),
        padding: { bottom: spec.subtitle ? 2 : 8 },
      },
      subtitle: {
        display: spec.subtitle !== undefined && spec.subtitle !== "",
        text: spec.subtitle ?? "",
        color: THEME.mutedText,
        font: font(FONT_SIZE.subtitle),
        padding: { bottom: 8 },
      },
      legend: {
        display: datasets.length > 1,
        position: "top",
        labels: {
          color: THEME.text,
          font: font(FONT_SIZE.legend),
          usePointStyle: true,
          boxHeight: kind === "bar" ? 15 : 10,
          // Long enough to show a line's dash; other kinds keep round or square markers.
          ...(kind === "line" ? { pointStyleWidth: 34 } : {}),
          padding: 14,
        },
      },
      tooltip: { enabled: false },
      rbOverlay: overlay,
    },
  };
}
