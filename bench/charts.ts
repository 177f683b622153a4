/**
 * Chart rendering speed and memory with the local renderer (chart.js + @napi-rs/canvas).
 * Run alone: `node --expose-gc bench/charts.ts` (gc is optional; without it RSS is read as is).
 */
import { LocalChartRenderer } from "../src/adapters/charts/local-renderer.ts";
import type { ChartSpec } from "../src/core/chart-spec.ts";

const TARGET_P50_MS = 30;
const TARGET_RSS_MB = 300;
const WARM_UP = 20;
const TIMED = 200;
const TOTAL = 1_000;

/** Three 250-point random walks (seeded, so every run draws the same chart) with a legend. */
function benchSpec(): ChartSpec {
  let seed = 42;
  const rnd = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const labels = Array.from({ length: 250 }, (_, i) => {
    const d = new Date(Date.UTC(2025, 0, 2) + i * 86_400_000);
    return d.toISOString().slice(0, 10);
  });
  const walk = () => {
    let v = 100;
    return labels.map(() => (v *= 1 + (rnd() - 0.5) * 0.02));
  };
  return {
    kind: "line",
    title: "Rotation benchmark",
    labels,
    series: [
      { name: "IWM", values: walk() },
      { name: "SPY", values: walk() },
      { name: "RSP", values: walk() },
    ],
    left: { title: "Rebased (start = 100)" },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

async function timeRenders(renderer: LocalChartRenderer, spec: ChartSpec, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await renderer.render(spec);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const verdict = (ok: boolean) => (ok ? "OK" : "OVER TARGET");

export async function benchCharts(): Promise<string[]> {
  const spec = benchSpec();
  const renderer = new LocalChartRenderer();
  await timeRenders(renderer, spec, WARM_UP);
  const times = await timeRenders(renderer, spec, TIMED);
  const p50 = percentile(times, 0.5);
  const p95 = percentile(times, 0.95);

  // Keep going to 1,000 renders in all: a leak (the sync encoders lose ~1.4 MB each) shows here.
  await timeRenders(renderer, spec, TOTAL - WARM_UP - TIMED);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rss = mb(process.memoryUsage().rss);

  // For the record: why the renderer defaults to devicePixelRatio 1.
  const retina = await timeRenders(new LocalChartRenderer({ devicePixelRatio: 2 }), spec, 30);

  return [
    `charts: 800x400 line, 3 x 250 points + legend, local renderer: p50 ${p50.toFixed(1)} ms, ` +
      `p95 ${p95.toFixed(1)} ms over ${TIMED} renders (target p50 <= ${TARGET_P50_MS} ms) ${verdict(p50 <= TARGET_P50_MS)}`,
    `charts: RSS after ${TOTAL.toLocaleString("en-US")} renders ${rss} MB ` +
      `(target <= ${TARGET_RSS_MB} MB, ${gc ? "after gc" : "gc not exposed"}) ${verdict(rss <= TARGET_RSS_MB)}`,
    `charts: same chart at devicePixelRatio 2 (1600x800): p50 ${percentile(retina, 0.5).toFixed(1)} ms ` +
      `over ${retina.length} renders (not the default)`,
  ];
}

if (import.meta.main) {
  for (const line of await benchCharts()) console.log(line);
}
