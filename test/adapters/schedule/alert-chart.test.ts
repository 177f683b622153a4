/**
 * A posted alert carries its small chart, drawn by the chart renderer once per firing however many
 * channels get it (the local chart.js renderer here; the poster is a recording one, our port).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createChartRenderer } from "../../../src/adapters/charts/index.ts";
import { CsvMarketData } from "../../../src/adapters/csv/csv-market-data.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { AlertRunner } from "../../../src/core/alerts/runner.ts";
import { dispatchText, type Services } from "../../../src/core/dispatch.ts";
import type { ChartRenderer } from "../../../src/core/ports.ts";
import type { ChartImage, Reply } from "../../../src/core/reply.ts";
import { StoreClaims } from "../../../src/core/schedule/claims.ts";
import { writeWeekData } from "./alert-week-data.ts";
import { nyEst, world } from "./harness.ts";

describe("an alert post's chart", () => {
  it("is drawn once for the same firing in three channels, and attached to each post", async () => {
    const dir = await mkdtemp(join(tmpdir(), "alert-chart-"));
    await writeWeekData(dir);
    const w = world(nyEst("2026-11-23 12:00"));
    const store = await createStore({ sqlitePath: ":memory:" }, w.logger);
    const local = createChartRenderer({ kind: "local" });
    let drawn = 0;
    const charts: ChartRenderer = {
      name: local.name,
      render: (spec): Promise<ChartImage> => {
        drawn++;
        return local.render(spec);
      },
    };
    const services: Services = {
      ...w.services(store),
      market: new CsvMarketData({ dir, clock: w.clock }),
      charts,
    };
    for (const channelId of ["C1", "C2", "C3"])
      await dispatchText("/alert add record RUT", {
        ...services,
        requester: { platform: "slack", channelId, workspaceId: "W1", userId: "U1", isAdmin: true },
      });
    const replies: Reply[] = [];
    const runner = new AlertRunner({
      services,
      posters: { slack: { post: async (_t, reply) => void replies.push(reply) } },
      claims: new StoreClaims(store, w.clock),
      owner: "one",
      pacing: { slackIntervalMs: 0 },
    });
    w.clock.t = nyEst("2026-11-24 16:30");
    await runner.runEndOfDay(w.clock.t);
    expect(replies).toHaveLength(3);
    for (const r of replies) {
      const chart = r.blocks.find((b) => b.type === "chart");
      expect(chart?.type === "chart" && chart.image && chart.image.png.length).toBeGreaterThan(1000);
    }
    expect(drawn).toBe(1);
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);
});
