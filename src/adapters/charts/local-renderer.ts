/**
 * ChartRenderer on chart.js 4 + @napi-rs/canvas, in process. Text uses the DejaVu Sans files of the
 * dejavu-fonts-ttf package, never the machine's fonts, so a chart looks the same everywhere.
 */
import { createRequire } from "node:module";
import { createCanvas, GlobalFonts } from "@napi-rs/canvas";
import { Chart, type ChartConfiguration, type ChartItem, type LegendItem, registerables } from "chart.js";
import type { ChartSpec } from "../../core/chart-spec.ts";
import type { ChartRenderer } from "../../core/ports.ts";
import type { ChartImage } from "../../core/reply.ts";
import { type ChartJsConfig, chartSize, toChartJsConfig } from "./chartjs-config.ts";
import { backgroundPlugin, overlayPlugin } from "./overlay-plugin.ts";
import { FONT_FAMILY } from "./theme.ts";

const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"];

/** chart.js's registry and the canvas font list are process-wide: fill them once. */
let prepared = false;

function prepare(): void {
  if (prepared) return;
  Chart.register(...registerables);
  const require = createRequire(import.meta.url);
  for (const file of FONT_FILES) {
    const path = require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
    if (!GlobalFonts.registerFromPath(path, FONT_FAMILY)) throw new Error(`Could not load the font ${path}`);
  }
  prepared = true;
}

export interface LocalRendererOptions {
  /**
   * 1 by default: at 2 the PNG has four times the pixels and an 800x400 line chart takes ~55-70 ms
   * instead of ~22 ms (bench/charts.ts), over the 30 ms budget.
   */
  devicePixelRatio?: number;
}

/**
 * Adds what only an in-process chart.js can take: the plugins that draw the background and the
 * on-chart labels, and a legend that leaves out what those labels already name.
 */
export function localChartConfig(config: ChartJsConfig, devicePixelRatio: number): ChartConfiguration {
  const { datasets } = config.data;
  const series = datasets.filter((d) => d.rbRole === "series").length;
  // When every series is named on the chart (an RRG's labelled heads), a legend only repeats it.
  const labelled = new Set(config.options.plugins.rbOverlay.pointLabels.map((l) => l.datasetIndex));
  const legend = config.options.plugins.legend;
  const local = {
    ...config,
    options: {
      ...config.options,
      devicePixelRatio,
      plugins: {
        ...config.options.plugins,
        legend: {
          ...legend,
          display: series > 1 && labelled.size < series,
          labels: {
            ...legend.labels,
            filter: (item: LegendItem) => datasets[item.datasetIndex ?? -1]?.rbRole === "series",
          },
        },
      },
    },
    plugins: [backgroundPlugin, overlayPlugin],
  };
  // Our JSON types are a narrower, mixed-type view of the same shape chart.js accepts.
  return local as unknown as ChartConfiguration;
}

export class LocalChartRenderer implements ChartRenderer {
  readonly name = "chart.js (local)";
  readonly #devicePixelRatio: number;

  constructor(options: LocalRendererOptions = {}) {
    this.#devicePixelRatio = options.devicePixelRatio ?? 1;
    prepare();
  }

  async render(spec: ChartSpec): Promise<ChartImage> {
    const { width, height } = chartSize(spec);
    const canvas = createCanvas(width, height);
    // chart.js has no Node platform: given a canvas-like object it uses its basic (DOM-free) one.
    const chart = new Chart(
      canvas as unknown as ChartItem,
      localChartConfig(toChartJsConfig(spec), this.#devicePixelRatio),
    );
    try {
      // Async encode: the sync encoders leak about 1.4 MB per image.
      const png = await canvas.encode("png");
      return { png, width: canvas.width, height: canvas.height };
    } finally {
      // After encoding: destroying the chart clears the canvas.
      chart.destroy();
    }
  }
}
