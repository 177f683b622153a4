/** Charts shaped like the ones the commands draw, from seeded synthetic numbers (no market data). */
import type { ChartSpec } from "../../../src/core/chart-spec.ts";

/** A small deterministic generator, so every run draws the same charts. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Session-like date labels: weekdays from 2025-07-01. */
export function sessionLabels(n: number): string[] {
  const out: string[] = [];
  const d = new Date(Date.UTC(2025, 6, 1));
  while (out.length < n) {
    const day = d.getUTCDay();
    if (day !== 0 && day !== 6) out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

/** A random walk rebased to 100 at its start. */
export function walk(n: number, seed: number, drift = 0): number[] {
  const rnd = seeded(seed);
  const out = [100];
  for (let i = 1; i < n; i++) out.push((out[i - 1] ?? 100) * (1 + drift + (rnd() - 0.5) * 0.02));
  return out;
}

export function rotationSpec(n = 126): ChartSpec {
  const labels = sessionLabels(n);
  const iwm = walk(n, 1, 0.0012);
  const spy = walk(n, 2, 0.0006);
  const rsp = walk(n, 3, 0.0008);
  // A missing close: drawn as a gap, never bridged.
  const iwmWithGap: (number | null)[] = iwm.map((v, i) => (i === 40 ? null : v));
  const rs = iwmWithGap.map((v, i) => (v === null ? null : (100 * v) / (spy[i] ?? 100)));
  return {
    kind: "line",
    title: "Small caps vs large caps, 6 months",
    subtitle: "Closes rebased to 100 at the start; IWM/SPY relative strength on the right",
    labels,
    series: [
      { name: "IWM", values: iwmWithGap },
      { name: "SPY", values: spy },
      { name: "RSP", values: rsp },
      { name: "IWM/SPY", values: rs, axis: "right", style: "dashed" },
    ],
    left: { title: "Rebased (start = 100)" },
    right: { title: "Relative strength" },
    reference: [{ value: 100, label: "start = 100" }],
  };
}

export function breadthSpec(): ChartSpec {
  return {
    kind: "bar",
    title: "Breadth: share of members above their averages",
    subtitle: "As of 2026-05-05 close",
    labels: ["Russell 2000", "S&P 500", "Nasdaq-100"],
    series: [
      { name: "Above 50-day", values: [58.2, 64.9, 71.0] },
      { name: "Above 200-day", values: [47.5, 61.3, null] },
    ],
    horizontal: true,
    left: { title: "Members", suffix: "%", min: 0, max: 100 },
    reference: [{ value: 50, label: "50%" }],
  };
}

export function advanceDeclineSpec(): ChartSpec {
  const labels = sessionLabels(10).map((d) => d.slice(5));
  const rnd = seeded(7);
  const adv = labels.map(() => Math.round(800 + rnd() * 600));
  const dec = adv.map((a) => 1961 - a - 40);
  return {
    kind: "bar",
    title: "Russell 2000 advancers and decliners",
    labels,
    series: [
      { name: "Advancing", values: adv },
      { name: "Declining", values: dec },
      { name: "Unchanged", values: labels.map(() => 40) },
    ],
    stacked: true,
    left: { title: "Members" },
  };
}

export const SECTORS = ["XLK", "XLF", "XLI", "XLV", "XLE", "XLY", "XLP", "XLU", "XLB", "XLRE", "XLC"];

export function rrgSpec(): ChartSpec {
  const rnd = seeded(11);
  const series = SECTORS.map((name) => {
    let x = 96 + rnd() * 8;
    let y = 97 + rnd() * 6;
    const points = [];
    for (let i = 0; i < 5; i++) {
      points.push({ x, y });
      x += (rnd() - 0.5) * 1.2;
      y += (rnd() - 0.5) * 1.2;
    }
    const last = points[points.length - 1];
    if (last) Object.assign(last, { label: name });
    return { name, points, trail: true };
  });
  return {
    kind: "scatter",
    title: "Sector rotation vs SPY (weekly)",
    subtitle: "RS-Ratio / RS-Momentum, open approximation of an RRG; 5-week trails",
    series,
    x: { title: "RS-Ratio" },
    left: { title: "RS-Momentum" },
    quadrants: { xCenter: 100, yCenter: 100, labels: ["Leading", "Weakening", "Lagging", "Improving"] },
  };
}
