/**
 * Inline chart.js plugins for the local renderer only (QuickChart gets no functions): an opaque
 * background, and on-chart text for quadrant names, reference lines and point labels, which
 * QuickChart shows in the legend instead.
 */
import type { Chart, Plugin } from "chart.js";
import type { Corner, OverlayOptions } from "./chartjs-types.ts";
import { FONT_FAMILY, FONT_SIZE, THEME } from "./theme.ts";

type Ctx = Chart["ctx"];

export const backgroundPlugin: Plugin = {
  id: "rbBackground",
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.fillStyle = THEME.background;
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/** Text with a white halo, so it stays readable where it crosses a line or a tint. */
function haloText(ctx: Ctx, text: string, x: number, y: number, colour: string): void {
  ctx.lineJoin = "round";
  ctx.lineWidth = 4;
  ctx.strokeStyle = THEME.background;
  ctx.strokeText(text, x, y);
  ctx.fillStyle = colour;
  ctx.fillText(text, x, y);
}

function fontString(size: number, bold: boolean): string {
  return `${bold ? "bold " : ""}${size}px "${FONT_FAMILY}"`;
}

const INSET = 8;

function drawQuadrants(chart: Chart, opts: OverlayOptions): void {
  const { ctx, chartArea: area } = chart;
  ctx.font = fontString(FONT_SIZE.note, true);
  const place: Record<Corner, [number, number, "left" | "right", "top" | "bottom"]> = {
    "top-right": [area.right - INSET, area.top + INSET, "right", "top"],
    "bottom-right": [area.right - INSET, area.bottom - INSET, "right", "bottom"],
    "bottom-left": [area.left + INSET, area.bottom - INSET, "left", "bottom"],
    "top-left": [area.left + INSET, area.top + INSET, "left", "top"],
  };
  for (const q of opts.quadrants) {
    const [x, y, align, baseline] = place[q.corner];
    ctx.textAlign = align;
    ctx.textBaseline = baseline;
    haloText(ctx, q.text, x, y, q.color);
  }
}

function drawReferences(chart: Chart, opts: OverlayOptions): void {
  const { ctx, chartArea: area } = chart;
  ctx.font = fontString(FONT_SIZE.tick - 1, false);
  for (const ref of opts.references) {
    const el = chart.getDatasetMeta(ref.datasetIndex).data[0];
    if (!el) continue;
    if (ref.orientation === "horizontal") {
      if (!(el.y >= area.top && el.y <= area.bottom)) continue;
      // At the left edge: the right edge holds the latest values, which a label must not hide.
      ctx.textAlign = "left";
      ctx.textBaseline = "bottom";
      haloText(ctx, ref.text, area.left + 4, el.y - 3, THEME.mutedText);
    } else {
      if (!(el.x >= area.left && el.x <= area.right)) continue;
      ctx.textAlign = "left";
      ctx.textBaseline = "top";
      haloText(ctx, ref.text, el.x + 4, area.top + 4, THEME.mutedText);
    }
  }
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

const overlaps = (a: Box, b: Box) =>
  a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Each label goes beside its point, on the side the series is heading (away from its own trail),
 * else in the first other corner that is inside the plot and clear of the labels already placed.
 */
function drawPointLabels(chart: Chart, opts: OverlayOptions): void {
  const { ctx, chartArea: area } = chart;
  const size = FONT_SIZE.tick;
  ctx.font = fontString(size, true);
  ctx.textBaseline = "top";
  const placed: Box[] = [];
  for (const label of opts.pointLabels) {
    const points = chart.getDatasetMeta(label.datasetIndex).data;
    const el = points[label.index];
    if (!el || Number.isNaN(el.x) || Number.isNaN(el.y)) continue;
    const prev = points[label.index - 1];
    const east = prev ? el.x >= prev.x : true;
    const north = prev ? el.y <= prev.y : true;
    const width = ctx.measureText(label.text).width;
    const gap = 8;
    const boxAt = (e: boolean, n: boolean): Box => {
      const left = e ? el.x + gap : el.x - gap - width;
      const top = n ? el.y - gap - size : el.y + gap;
      return { left, top, right: left + width, bottom: top + size };
    };
    const candidates = [boxAt(east, north), boxAt(east, !north), boxAt(!east, north), boxAt(!east, !north)];
    const inside = (b: Box) =>
      b.left >= area.left && b.right <= area.right && b.top >= area.top && b.bottom <= area.bottom;
    const box =
      candidates.find((b) => inside(b) && !placed.some((p) => overlaps(p, b))) ??
      candidates.find(inside) ??
      candidates[0];
    if (!box) continue;
    placed.push(box);
    ctx.textAlign = "left";
    haloText(ctx, label.text, box.left, box.top, THEME.text);
  }
}

export const overlayPlugin: Plugin<"line" | "bar" | "scatter", OverlayOptions> = {
  id: "rbOverlay",
  beforeDatasetsDraw(chart, _args, opts) {
    const { ctx } = chart;
    ctx.save();
    drawQuadrants(chart as Chart, opts);
    ctx.restore();
  },
  afterDatasetsDraw(chart, _args, opts) {
    const { ctx } = chart;
    ctx.save();
    drawReferences(chart as Chart, opts);
    drawPointLabels(chart as Chart, opts);
    ctx.restore();
  },
};
