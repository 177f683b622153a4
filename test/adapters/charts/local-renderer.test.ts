import { createCanvas, GlobalFonts, loadImage } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { LocalChartRenderer } from "../../../src/adapters/charts/local-renderer.ts";
import { isPng, pngSize } from "../../../src/adapters/charts/png.ts";
import type { ChartSpec } from "../../../src/core/chart-spec.ts";
import type { ChartImage } from "../../../src/core/reply.ts";
import { advanceDeclineSpec, breadthSpec, rotationSpec, rrgSpec } from "./sample-specs.ts";

const renderer = new LocalChartRenderer();

async function pixels(image: ChartImage): Promise<Uint8ClampedArray> {
  const img = await loadImage(Buffer.from(image.png));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(img, 0, 0);
  return ctx.getImageData(0, 0, image.width, image.height).data;
}

/** Pixels clearly darker than the white card inside a band of rows. */
function darkPixels(data: Uint8ClampedArray, width: number, fromRow: number, toRow: number): number {
  let n = 0;
  for (let i = fromRow * width * 4; i < toRow * width * 4; i += 4) {
    if ((data[i] ?? 255) + (data[i + 1] ?? 255) + (data[i + 2] ?? 255) < 300) n++;
  }
  return n;
}

describe("LocalChartRenderer", () => {
  it("GIVEN a rotation chart THEN a PNG of 800x400 by default, per its own header", async () => {
    const image = await renderer.render(rotationSpec());
    expect(isPng(image.png)).toBe(true);
    expect(pngSize(image.png)).toEqual({ width: 800, height: 400 });
    expect({ width: image.width, height: image.height }).toEqual({ width: 800, height: 400 });
  });

  it("GIVEN a size in the spec THEN that size", async () => {
    const image = await renderer.render({ ...breadthSpec(), width: 640, height: 360 });
    expect(pngSize(image.png)).toEqual({ width: 640, height: 360 });
  });

  it("GIVEN device pixel ratio 2 THEN twice the pixels each way", async () => {
    const image = await new LocalChartRenderer({ devicePixelRatio: 2 }).render(rrgSpec());
    expect(pngSize(image.png)).toEqual({ width: 1600, height: 800 });
    expect(image.width).toBe(1600);
  });

  it.each<[string, ChartSpec]>([
    ["line with right axis", rotationSpec()],
    ["horizontal bars with a reference", breadthSpec()],
    ["stacked bars", advanceDeclineSpec()],
    ["scatter with quadrants", rrgSpec()],
  ])("GIVEN %s THEN draws on an opaque white card", async (_name, spec) => {
    const image = await renderer.render(spec);
    const data = await pixels(image);
    // Top-left corner: the card, fully opaque (no transparent PNG on a dark chat theme).
    expect(Array.from(data.subarray(0, 4))).toEqual([255, 255, 255, 255]);
    // Something is drawn in the plot.
    expect(darkPixels(data, image.width, 100, 380)).toBeGreaterThan(500);
  });

  it("GIVEN the same spec twice THEN the same bytes (nothing depends on the machine or the clock)", async () => {
    const a = await renderer.render(rrgSpec());
    const b = await renderer.render(rrgSpec());
    expect(Buffer.from(a.png).equals(Buffer.from(b.png))).toBe(true);
  });

  it("GIVEN a title THEN its text is drawn with the shipped font", async () => {
    expect(GlobalFonts.has("DejaVu Sans")).toBe(true);
    const titled = await renderer.render(advanceDeclineSpec());
    const untitled = await renderer.render({ ...advanceDeclineSpec(), title: "" });
    expect(Buffer.from(titled.png).equals(Buffer.from(untitled.png))).toBe(false);
    // The title sits in the top band: dark glyph pixels there only when there is a title.
    const band = (d: Uint8ClampedArray) => darkPixels(d, 800, 0, 40);
    expect(band(await pixels(titled))).toBeGreaterThan(300);
    expect(band(await pixels(untitled))).toBe(0);
  });

  it("GIVEN quadrants THEN their names are written on the chart itself", async () => {
    const spec = rrgSpec();
    const named = await pixels(await renderer.render(spec));
    const blank =
      spec.kind === "scatter" && spec.quadrants
        ? await pixels(
            await renderer.render({ ...spec, quadrants: { ...spec.quadrants, labels: ["", "", "", ""] } }),
          )
        : named;
    // Bottom-left corner of the plot holds "Lagging".
    const corner = (d: Uint8ClampedArray) => darkPixels(d, 800, 290, 325);
    expect(corner(named)).toBeGreaterThan(corner(blank));
  });

  it("GIVEN several renders at once THEN each gets its own canvas", async () => {
    const specs = [rotationSpec(), breadthSpec(), rrgSpec(), advanceDeclineSpec()];
    const images = await Promise.all(specs.map((s) => renderer.render(s)));
    expect(images.every((i) => isPng(i.png))).toBe(true);
    const alone = await renderer.render(rrgSpec());
    expect(Buffer.from(images[2]?.png ?? []).equals(Buffer.from(alone.png))).toBe(true);
  });

  it("GIVEN an absurd size THEN refuses before allocating", async () => {
    await expect(renderer.render({ ...rotationSpec(), width: 50_000 })).rejects.toThrow(/Chart size/);
  });
});
