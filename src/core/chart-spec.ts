/**
 * What a chart shows, independent of the library that draws it. Renderers (chart.js locally or
 * QuickChart) turn this into pixels; commands never see a chart library.
 */
export type SeriesStyle = "solid" | "dashed";

export interface LineSeries {
  name: string;
  /** One value per label; null is a gap, drawn as a gap (never interpolated). */
  values: (number | null)[];
  style?: SeriesStyle;
  /** Which y axis: the left (default) or the right one. */
  axis?: "left" | "right";
}

export interface ScatterSeries {
  name: string;
  points: { x: number; y: number; label?: string }[];
  /** Draw a line through the points in order (a trail), ending with a marker. */
  trail?: boolean;
}

export interface Axis {
  title?: string;
  /** Appended to tick labels, e.g. "%". */
  suffix?: string;
  min?: number;
  max?: number;
}

export interface ReferenceLine {
  value: number;
  label?: string;
  axis?: "x" | "left" | "right";
}

interface Base {
  title: string;
  subtitle?: string;
  width?: number;
  height?: number;
  left?: Axis;
  right?: Axis;
  reference?: ReferenceLine[];
}

export type ChartSpec =
  | (Base & { kind: "line"; labels: string[]; series: LineSeries[] })
  | (Base & {
      kind: "bar";
      labels: string[];
      series: LineSeries[];
      horizontal?: boolean;
      stacked?: boolean;
    })
  | (Base & {
      kind: "scatter";
      series: ScatterSeries[];
      x?: Axis;
      /** Label the four quadrants around (xCenter, yCenter), clockwise from the top right, e.g. an RRG. */
      quadrants?: {
        xCenter: number;
        yCenter: number;
        labels: [string, string, string, string];
      };
    });
