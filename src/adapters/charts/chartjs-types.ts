/**
 * The subset of a chart.js 4 configuration we produce. Everything here is plain JSON (no functions),
 * so QuickChart can take it as is; the local renderer adds its callbacks and plugins on a copy.
 */

/** A category axis takes its label as the coordinate; other axes take numbers. */
export interface XY {
  x: number | string;
  y: number | string;
}

export type DatasetRole = "series" | "reference" | "quadrant";

export interface ChartJsDataset {
  type: "line" | "bar" | "scatter";
  label: string;
  data: (number | null)[] | XY[];
  xAxisID: string;
  yAxisID: string;
  /** Lower is drawn on top (and listed first in the legend). */
  order: number;
  borderColor: string;
  backgroundColor: string;
  borderWidth: number;
  borderDash?: number[];
  pointStyle?: "line" | "rect" | "circle";
  pointRadius?: number | number[];
  pointBackgroundColor?: string;
  pointBorderColor?: string;
  showLine?: boolean;
  /** "shape" closes and fills the polygon (quadrant tints). */
  fill?: boolean | "shape";
  spanGaps?: boolean;
  tension?: number;
  /** Our own field, ignored by chart.js: what the dataset stands for. */
  rbRole: DatasetRole;
}

export interface FontSpec {
  family?: string;
  size: number;
  weight?: "normal" | "bold";
}

export interface ScaleOptions {
  type: "category" | "linear";
  display: boolean;
  position?: "left" | "right" | "top" | "bottom";
  min?: number;
  max?: number;
  stacked?: boolean;
  offset?: boolean;
  title?: { display: boolean; text: string; color: string; font: FontSpec };
  ticks?: {
    color: string;
    font: FontSpec;
    /** Intl.NumberFormat options chart.js merges into its own tick formatting. */
    format?: Record<string, string>;
    /** false: no tick at an axis end that is not on the tick step (it would crowd its neighbour). */
    includeBounds?: boolean;
    maxRotation?: number;
    autoSkip?: boolean;
    autoSkipPadding?: number;
  };
  grid?: { display?: boolean; color: string; drawOnChartArea: boolean };
  border?: { color: string };
}

export type Corner = "top-right" | "bottom-right" | "bottom-left" | "top-left";

/** Text the local renderer draws on the chart itself (QuickChart names these in the legend instead). */
export interface OverlayOptions {
  quadrants: { text: string; corner: Corner; color: string }[];
  /** Placed from the reference dataset's own points, wherever its scale puts them. */
  references: { text: string; datasetIndex: number; orientation: "horizontal" | "vertical" }[];
  pointLabels: { datasetIndex: number; index: number; text: string }[];
}

export interface ChartJsConfig {
  type: "line" | "bar" | "scatter";
  data: { labels?: string[]; datasets: ChartJsDataset[] };
  options: {
    animation: false;
    responsive: false;
    locale: string;
    indexAxis?: "x" | "y";
    font: FontSpec;
    color: string;
    layout: { padding: number };
    scales: Record<string, ScaleOptions>;
    plugins: {
      title: { display: boolean; text: string; color: string; font: FontSpec; padding: { bottom: number } };
      subtitle: {
        display: boolean;
        text: string;
        color: string;
        font: FontSpec;
        padding: { bottom: number };
      };
      legend: {
        display: boolean;
        position: "top" | "bottom";
        labels: {
          color: string;
          font: FontSpec;
          usePointStyle: boolean;
          boxHeight: number;
          pointStyleWidth?: number;
          padding: number;
        };
      };
      tooltip: { enabled: false };
      rbOverlay: OverlayOptions;
    };
  };
}
