/** Picks the chart renderer the configuration asks for. */
import type { ChartRenderer } from "../../core/ports.ts";
import { LocalChartRenderer } from "./local-renderer.ts";
import { QuickChartRenderer } from "./quickchart-renderer.ts";

export type ChartRendererConfig = { kind: "local" } | { kind: "quickchart"; url: URL; apiKey?: string };

export function createChartRenderer(config: ChartRendererConfig): ChartRenderer {
  switch (config.kind) {
    case "local":
      return new LocalChartRenderer();
    case "quickchart":
      return new QuickChartRenderer({
        url: config.url,
        ...(config.apiKey !== undefined ? { apiKey: config.apiKey } : {}),
      });
  }
}

export { toChartJsConfig } from "./chartjs-config.ts";
export { LocalChartRenderer } from "./local-renderer.ts";
export { isPng, pngSize } from "./png.ts";
export { QuickChartRenderer } from "./quickchart-renderer.ts";
