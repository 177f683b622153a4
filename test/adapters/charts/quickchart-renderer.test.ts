import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toChartJsConfig } from "../../../src/adapters/charts/chartjs-config.ts";
import {
  createChartRenderer,
  LocalChartRenderer,
  QuickChartRenderer,
} from "../../../src/adapters/charts/index.ts";
import { isPng } from "../../../src/adapters/charts/png.ts";
import { type FakeQuickChart, startFakeQuickChart } from "../../fakes/quickchart/server.ts";
import { breadthSpec, rotationSpec, rrgSpec } from "./sample-specs.ts";

const KEY = "qc-secret-key-123";

describe("QuickChartRenderer against a fake QuickChart", () => {
  let fake: FakeQuickChart;
  beforeEach(async () => {
    fake = await startFakeQuickChart();
  });
  afterEach(async () => {
    await fake.close();
  });

  it("GIVEN a rotation chart THEN posts the JSON chart.js config for Chart.js 4 and returns the PNG", async () => {
    const renderer = new QuickChartRenderer({ url: fake.url, apiKey: KEY });
    const spec = rotationSpec();
    const image = await renderer.render(spec);

    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0];
    expect(req?.body).toMatchObject({
      width: 800,
      height: 400,
      format: "png",
      version: "4",
      backgroundColor: "#ffffff",
      devicePixelRatio: 1,
      key: KEY,
    });
    // The chart arrives as JSON (no JavaScript functions), equal to the shared translation.
    expect(req?.chart).toEqual(JSON.parse(JSON.stringify(toChartJsConfig(spec))));
    expect(isPng(image.png)).toBe(true);
    expect({ width: image.width, height: image.height }).toEqual({ width: 800, height: 400 });
  });

  it("GIVEN a spec size and a device pixel ratio THEN asks for that size and reads the PNG's own size", async () => {
    const renderer = new QuickChartRenderer({ url: fake.url, devicePixelRatio: 2 });
    const image = await renderer.render({ ...breadthSpec(), width: 600, height: 300 });
    expect(fake.requests[0]?.body).toMatchObject({ width: 600, height: 300, devicePixelRatio: 2 });
    expect(fake.requests[0]?.body.key).toBeUndefined();
    expect({ width: image.width, height: image.height }).toEqual({ width: 1200, height: 600 });
  });

  it("GIVEN a self-hosted URL with a path THEN posts to <path>/chart on that port", async () => {
    const hosted = await startFakeQuickChart({ basePath: "/quickchart" });
    try {
      const renderer = new QuickChartRenderer({ url: new URL(`${hosted.url.href}/`) });
      const image = await renderer.render(rrgSpec());
      expect(hosted.requests.map((r) => r.path)).toEqual(["/quickchart/chart"]);
      expect(isPng(image.png)).toBe(true);
    } finally {
      await hosted.close();
    }
  });

  it("GIVEN a 500 THEN throws an error naming the service, without the API key", async () => {
    fake.failNext({ kind: "status", status: 500, error: `renderer crashed (key ${KEY})` });
    const renderer = new QuickChartRenderer({ url: fake.url, apiKey: KEY });
    const err = await renderer.render(rotationSpec()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    const message = (err as Error).message;
    expect(message).toContain(`QuickChart at http://${fake.url.host}`);
    expect(message).toContain("500");
    expect(message).toContain("renderer crashed");
    expect(message).not.toContain(KEY);
  });

  it("GIVEN an answer that is not a PNG THEN throws", async () => {
    fake.failNext({ kind: "not-png" });
    const renderer = new QuickChartRenderer({ url: fake.url });
    await expect(renderer.render(rotationSpec())).rejects.toThrow(/QuickChart at .* other than a PNG/);
  });

  it("GIVEN a service slower than the time-out THEN throws instead of waiting", async () => {
    fake.failNext({ kind: "slow", delayMs: 1_500 });
    const renderer = new QuickChartRenderer({ url: fake.url, timeoutMs: 150 });
    await expect(renderer.render(rotationSpec())).rejects.toThrow(/QuickChart at .*no answer within 150 ms/);
  });

  it("GIVEN nothing listening THEN throws an error naming the service", async () => {
    const url = fake.url;
    await fake.close();
    fake = await startFakeQuickChart();
    const renderer = new QuickChartRenderer({ url });
    await expect(renderer.render(rotationSpec())).rejects.toThrow(/QuickChart at .* failed/);
  });

  it("GIVEN a non-http URL THEN refuses it at construction", () => {
    expect(() => new QuickChartRenderer({ url: new URL("ftp://charts.example") })).toThrow(/http or https/);
  });
});

describe("createChartRenderer", () => {
  it("GIVEN kind quickchart THEN renders through the configured service", async () => {
    const fake = await startFakeQuickChart();
    try {
      const renderer = createChartRenderer({ kind: "quickchart", url: fake.url, apiKey: KEY });
      expect(renderer.name).toBe("QuickChart");
      const image = await renderer.render(breadthSpec());
      expect(isPng(image.png)).toBe(true);
      expect(fake.requests[0]?.body.key).toBe(KEY);
    } finally {
      await fake.close();
    }
  });

  it("GIVEN kind local THEN draws in process", async () => {
    const renderer = createChartRenderer({ kind: "local" });
    expect(renderer).toBeInstanceOf(LocalChartRenderer);
    expect(isPng((await renderer.render(breadthSpec())).png)).toBe(true);
  });
});
