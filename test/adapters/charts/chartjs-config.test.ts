import { describe, expect, it } from "vitest";
import { chartSize, toChartJsConfig } from "../../../src/adapters/charts/chartjs-config.ts";
import type { ChartJsConfig, ChartJsDataset } from "../../../src/adapters/charts/chartjs-types.ts";
import type { ChartSpec } from "../../../src/core/chart-spec.ts";
import { advanceDeclineSpec, breadthSpec, rotationSpec, rrgSpec, SECTORS } from "./sample-specs.ts";

/** Every value QuickChart gets must survive JSON: no functions, no undefined, no NaN. */
function assertPlainJson(value: unknown, path = "config"): void {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    expect(Number.isFinite(value), `${path} is a finite number`).toBe(true);
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) assertPlainJson(v, `${path}[${i}]`);
    return;
  }
  expect(typeof value, `${path} is JSON`).toBe("object");
  for (const [k, v] of Object.entries(value as object)) assertPlainJson(v, `${path}.${k}`);
}

const byRole = (c: ChartJsConfig, role: ChartJsDataset["rbRole"]) =>
  c.data.datasets.filter((d) => d.rbRole === role);

describe("toChartJsConfig: line", () => {
  const spec = rotationSpec();
  const config = toChartJsConfig(spec);

  it("GIVEN a rotation chart THEN is plain JSON", () => {
    assertPlainJson(config);
    expect(JSON.parse(JSON.stringify(config))).toEqual(config);
  });

  it("GIVEN four series THEN one line dataset each, named and in order, with the labels", () => {
    expect(config.type).toBe("line");
    expect(config.data.labels).toEqual(spec.kind === "line" ? spec.labels : []);
    expect(byRole(config, "series").map((d) => d.label)).toEqual(["IWM", "SPY", "RSP", "IWM/SPY"]);
  });

  it("GIVEN a missing close THEN keeps it as null and never spans the gap", () => {
    const iwm = config.data.datasets[0];
    expect(iwm?.data[40]).toBeNull();
    expect(iwm?.spanGaps).toBe(false);
  });

  it("GIVEN a value that is not a number THEN a gap too, and a point without coordinates is left out", () => {
    const line = toChartJsConfig({
      kind: "line",
      title: "t",
      labels: ["a", "b", "c"],
      series: [{ name: "s", values: [1, Number.NaN, Number.POSITIVE_INFINITY] }],
      reference: [{ value: Number.NaN }],
    });
    expect(line.data.datasets).toHaveLength(1);
    expect(line.data.datasets[0]?.data).toEqual([1, null, null]);
    const scatter = toChartJsConfig({
      kind: "scatter",
      title: "t",
      series: [
        {
          name: "s",
          points: [
            { x: Number.NaN, y: 1 },
            { x: 2, y: 3, label: "now" },
          ],
        },
      ],
    });
    expect(scatter.data.datasets[0]?.data).toEqual([{ x: 2, y: 3 }]);
    expect(scatter.options.plugins.rbOverlay.pointLabels).toEqual([
      { datasetIndex: 0, index: 0, text: "now" },
    ]);
  });

  it("GIVEN a right-axis dashed series THEN it sits on a right axis without grid and is dashed", () => {
    const rs = config.data.datasets[3];
    expect(rs?.yAxisID).toBe("y1");
    expect(rs?.borderDash?.length).toBeGreaterThan(0);
    expect(config.data.datasets[0]?.borderDash).toEqual([]);
    expect(config.options.scales.y1).toMatchObject({ position: "right", grid: { drawOnChartArea: false } });
    expect(config.options.scales.y1?.title?.text).toBe("Relative strength");
    expect(config.options.scales.y?.title?.text).toBe("Rebased (start = 100)");
  });

  it("GIVEN distinct series THEN distinct colours", () => {
    const colours = byRole(config, "series").map((d) => d.borderColor);
    expect(new Set(colours).size).toBe(colours.length);
  });

  it("GIVEN the 100 baseline THEN a dashed dataset across the whole plot at 100, labelled", () => {
    const [ref] = byRole(config, "reference");
    expect(ref).toMatchObject({ label: "start = 100", yAxisID: "y", xAxisID: "xRef" });
    expect(ref?.data).toEqual([
      { x: 0, y: 100 },
      { x: 1, y: 100 },
    ]);
    expect(config.options.scales.xRef).toMatchObject({ display: false, min: 0, max: 1 });
    expect(config.options.plugins.rbOverlay.references).toEqual([
      { text: "start = 100", datasetIndex: 4, orientation: "horizontal" },
    ]);
  });

  it("GIVEN title and subtitle THEN both shown; legend shown for several series", () => {
    expect(config.options.plugins.title).toMatchObject({ display: true, text: spec.title });
    expect(config.options.plugins.subtitle).toMatchObject({ display: true, text: spec.subtitle });
    expect(config.options.plugins.legend.display).toBe(true);
    expect(config.options).toMatchObject({ animation: false, responsive: false });
  });

  it("GIVEN a reference on the x axis THEN a vertical line at that label", () => {
    const c = toChartJsConfig({ ...spec, reference: [{ value: 2, axis: "x", label: "cut" }] } as ChartSpec);
    const [ref] = byRole(c, "reference");
    const label = spec.kind === "line" ? spec.labels[2] : "";
    expect(ref).toMatchObject({ xAxisID: "x", yAxisID: "yRef" });
    expect(ref?.data).toEqual([
      { x: label, y: 0 },
      { x: label, y: 1 },
    ]);
  });

  it("GIVEN short series THEN markers; long ones THEN none except points isolated by gaps", () => {
    const short = toChartJsConfig({
      kind: "line",
      title: "t",
      labels: ["a", "b"],
      series: [{ name: "s", values: [1, 2] }],
    });
    expect(short.data.datasets[0]?.pointRadius).toBe(3);
    const values = Array.from({ length: 60 }, (_, i): number | null =>
      i === 30 ? 5 : i % 29 === 0 ? 1 : null,
    );
    values[31] = null;
    values[29] = null;
    const long = toChartJsConfig({
      kind: "line",
      title: "t",
      labels: values.map(String),
      series: [{ name: "s", values }],
    });
    const radius = long.data.datasets[0]?.pointRadius as number[];
    expect(radius[30]).toBe(3);
    expect(radius[10]).toBe(0);
  });
});

describe("toChartJsConfig: axes", () => {
  it("GIVEN a % suffix THEN a JSON tick format; another suffix THEN it joins the axis title", () => {
    const c = toChartJsConfig({
      kind: "line",
      title: "t",
      labels: ["a"],
      series: [
        { name: "s", values: [1] },
        { name: "r", values: [2], axis: "right" },
      ],
      left: { suffix: "%", title: "Return" },
      right: { suffix: " bp", title: "Spread", min: -50, max: 50 },
    });
    expect(c.options.scales.y?.ticks?.format).toEqual({ style: "unit", unit: "percent" });
    expect(c.options.scales.y?.title?.text).toBe("Return");
    expect(c.options.scales.y1?.title?.text).toBe("Spread (bp)");
    expect(c.options.scales.y1).toMatchObject({ min: -50, max: 50 });
  });

  it("GIVEN sizes THEN defaults to 800x400 and refuses absurd ones", () => {
    expect(chartSize(rotationSpec())).toEqual({ width: 800, height: 400 });
    expect(chartSize({ ...rotationSpec(), width: 640, height: 360 })).toEqual({ width: 640, height: 360 });
    expect(() => chartSize({ ...rotationSpec(), width: 0 })).toThrow(/Chart size/);
    expect(() => chartSize({ ...rotationSpec(), height: 100_000 })).toThrow(/Chart size/);
  });
});

describe("toChartJsConfig: bar", () => {
  it("GIVEN a horizontal breadth panel with a 50% line THEN values run along x and the line spans the plot", () => {
    const c = toChartJsConfig(breadthSpec());
    assertPlainJson(c);
    expect(c.type).toBe("bar");
    expect(c.options.indexAxis).toBe("y");
    expect(c.options.scales.y).toMatchObject({ type: "category", offset: false });
    expect(c.options.scales.x).toMatchObject({ type: "linear", position: "bottom", min: 0, max: 100 });
    // An empty category at each end lets the reference line run edge to edge.
    expect(c.data.labels).toEqual(["", "Russell 2000", "S&P 500", "Nasdaq-100", ""]);
    const [above50, above200] = byRole(c, "series");
    expect(above50?.data).toEqual([null, 58.2, 64.9, 71.0, null]);
    expect(above200?.data).toEqual([null, 47.5, 61.3, null, null]);
    expect(above50).toMatchObject({ xAxisID: "x", yAxisID: "y" });
    const [ref] = byRole(c, "reference");
    expect(ref).toMatchObject({ type: "line", label: "50%", xAxisID: "x", yAxisID: "y" });
    expect(ref?.data).toEqual([50, 50, 50, 50, 50]);
  });

  it("GIVEN stacked bars without references THEN both axes stack and labels stay as given", () => {
    const spec = advanceDeclineSpec();
    const c = toChartJsConfig(spec);
    expect(c.options.indexAxis).toBeUndefined();
    expect(c.options.scales.x).toMatchObject({ type: "category", stacked: true });
    expect(c.options.scales.y).toMatchObject({ type: "linear", stacked: true });
    expect(c.data.labels).toEqual(spec.kind === "bar" ? spec.labels : []);
    expect(byRole(c, "series").map((d) => d.label)).toEqual(["Advancing", "Declining", "Unchanged"]);
  });

  it("GIVEN padded categories THEN a category reference still names its own label", () => {
    const c = toChartJsConfig({
      kind: "bar",
      title: "t",
      labels: ["a", "b", "c"],
      series: [{ name: "s", values: [1, 2, 3] }],
      reference: [{ value: 0 }, { value: 1, axis: "x", label: "here" }],
    });
    expect(c.data.labels).toEqual(["", "a", "b", "c", ""]);
    const [, mark] = byRole(c, "reference");
    expect(mark).toMatchObject({ xAxisID: "x", yAxisID: "yRef" });
    expect(mark?.data).toEqual([
      { x: "b", y: 0 },
      { x: "b", y: 1 },
    ]);
    expect(c.options.plugins.rbOverlay.references).toEqual([
      { text: "0", datasetIndex: 1, orientation: "horizontal" },
      { text: "here", datasetIndex: 2, orientation: "vertical" },
    ]);
  });

  it("GIVEN a dashed bar series THEN a lighter fill with a solid edge", () => {
    const c = toChartJsConfig({
      kind: "bar",
      title: "t",
      labels: ["a"],
      series: [
        { name: "now", values: [1] },
        { name: "before", values: [2], style: "dashed" },
      ],
    });
    const [now, before] = c.data.datasets;
    expect(now?.backgroundColor).toBe(now?.borderColor);
    expect(before?.backgroundColor).toMatch(/^rgba\(.*0\.35\)$/);
    expect(before?.borderWidth).toBeGreaterThan(0);
  });
});

describe("toChartJsConfig: scatter", () => {
  const c = toChartJsConfig(rrgSpec());

  it("GIVEN an RRG THEN is plain JSON with one trail per sector", () => {
    assertPlainJson(c);
    const series = byRole(c, "series");
    expect(series.map((d) => d.label)).toEqual(SECTORS);
    expect(series[0]).toMatchObject({ type: "scatter", showLine: true });
    const radius = series[0]?.pointRadius as number[];
    expect(radius).toHaveLength(5);
    expect(radius[4]).toBeGreaterThan(radius[0] ?? 0);
  });

  it("GIVEN quadrants THEN four tinted, labelled areas meeting at the centre, clockwise from top right", () => {
    const quads = byRole(c, "quadrant");
    expect(quads.map((d) => d.label)).toEqual(["Leading", "Weakening", "Lagging", "Improving"]);
    expect(quads.every((d) => d.fill === "shape")).toBe(true);
    const { x, y } = c.options.scales;
    expect((x?.min ?? 0) + (x?.max ?? 0)).toBeCloseTo(200);
    expect((y?.min ?? 0) + (y?.max ?? 0)).toBeCloseTo(200);
    expect(quads[0]?.data).toContainEqual({ x: 100, y: 100 });
    expect(quads[0]?.data).toContainEqual({ x: x?.max, y: y?.max });
    expect(quads[2]?.data).toContainEqual({ x: x?.min, y: y?.min });
    expect(c.options.plugins.rbOverlay.quadrants.map((q) => [q.text, q.corner])).toEqual([
      ["Leading", "top-right"],
      ["Weakening", "bottom-right"],
      ["Lagging", "bottom-left"],
      ["Improving", "top-left"],
    ]);
  });

  it("GIVEN labelled heads THEN point labels for them", () => {
    expect(c.options.plugins.rbOverlay.pointLabels).toContainEqual({
      datasetIndex: 0,
      index: 4,
      text: "XLK",
    });
    expect(c.options.plugins.rbOverlay.pointLabels).toHaveLength(SECTORS.length);
  });

  it("GIVEN given axis bounds THEN they win over the computed ones", () => {
    const spec = rrgSpec();
    const fixed = toChartJsConfig({ ...spec, x: { min: 90, max: 110 } } as ChartSpec);
    expect(fixed.options.scales.x).toMatchObject({ min: 90, max: 110 });
  });

  it("GIVEN plain points and reference lines THEN markers without lines, and lines on both axes", () => {
    const p = toChartJsConfig({
      kind: "scatter",
      title: "t",
      series: [{ name: "a", points: [{ x: 1, y: 2 }] }],
      reference: [{ value: 0 }, { value: 1, axis: "x" }],
    });
    expect(p.data.datasets[0]).toMatchObject({ showLine: false, pointRadius: 5 });
    expect(byRole(p, "reference").map((d) => [d.xAxisID, d.yAxisID])).toEqual([
      ["xRef", "y"],
      ["x", "yRef"],
    ]);
    expect(p.options.plugins.legend.display).toBe(true);
  });
});
