// What SourceHealth records of real requests: the Yahoo adapter and QuickChart against their fakes.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { QuickChartRenderer } from "../../../src/adapters/charts/index.ts";
import { RecordingChartRenderer, RecordingMarketData } from "../../../src/adapters/health/recording.ts";
import { MemorySourceHealth } from "../../../src/adapters/health/source-health.ts";
import type { ChartSpec } from "../../../src/core/chart-spec.ts";
import { type FakeQuickChart, startFakeQuickChart } from "../../fakes/quickchart/server.ts";
import { type FakeYahoo, startFakeYahoo } from "../../fakes/yahoo/server.ts";
import { fixedClock, makeProvider, OPEN_NOW } from "../yahoo/helpers.ts";

const SPEC: ChartSpec = {
  kind: "line",
  title: "A test chart",
  labels: ["2026-01-02", "2026-01-05"],
  series: [{ name: "a", values: [1, 2] }],
};

let health: MemorySourceHealth;
beforeEach(() => {
  health = new MemorySourceHealth(fixedClock(OPEN_NOW));
});

describe("Yahoo Finance through the recorder", () => {
  let fake: FakeYahoo;
  beforeEach(async () => {
    fake = await startFakeYahoo({ now: () => OPEN_NOW });
  });
  afterEach(() => fake.close());

  const yahoo = () => new RecordingMarketData(makeProvider(fake, { retries: 0 }).provider, health, "yahoo");

  it("GIVEN a 503 THEN the failure reads in our words; THEN a success later is the latest state", async () => {
    const market = yahoo();
    expect(health.report()).toEqual([{ id: "yahoo", name: "Yahoo Finance", successes: 0, failures: 0 }]);
    fake.inject({ status5xx: 1 });
    await expect(market.quotes(["IWM"])).rejects.toThrow();
    expect(health.report()[0]).toMatchObject({
      failures: 1,
      lastFailureAt: OPEN_NOW,
      lastError: "Yahoo Finance is failing right now (HTTP 503)",
    });
    fake.setQuote("IWM", { regularMarketPrice: 250 } as never);
    await market.quotes(["IWM"]);
    expect(health.report()[0]).toMatchObject({ successes: 1, failures: 1, lastSuccessAt: OPEN_NOW });
  });

  it("GIVEN a symbol Yahoo does not know THEN the source still counts as answering", async () => {
    await expect(yahoo().history("NOSUCH", { from: "2026-01-02", to: "2026-01-09" })).rejects.toThrow();
    expect(health.report()[0]).toMatchObject({ successes: 1, failures: 0 });
  });
});

describe("QuickChart through the recorder", () => {
  let fake: FakeQuickChart;
  beforeEach(async () => {
    fake = await startFakeQuickChart();
  });
  afterEach(() => fake.close());

  const charts = () => {
    const inner = new QuickChartRenderer({ url: fake.url, apiKey: "qc-secret-key" });
    return new RecordingChartRenderer(inner, health, "quickchart", inner.service);
  };

  it("records an error status and a body that is not a PNG in our words, never the key", async () => {
    const renderer = charts();
    fake.failNext({ kind: "status", status: 500, error: "qc-secret-key broke" });
    await expect(renderer.render(SPEC)).rejects.toThrow();
    expect(health.report()[0]?.lastError).toBe("QuickChart answered with an error (HTTP 500)");
    fake.failNext({ kind: "not-png" });
    await expect(renderer.render(SPEC)).rejects.toThrow();
    expect(health.report()[0]?.lastError).toBe("QuickChart answered with something other than a PNG");
    await renderer.render(SPEC);
    expect(health.report()[0]).toMatchObject({ successes: 1, failures: 2 });
    expect(JSON.stringify(health.report())).not.toContain("qc-secret-key");
  });
});
