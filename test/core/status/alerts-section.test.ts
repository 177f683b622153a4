/**
 * The Alerts part of /status: counts in this channel and workspace (every channel in the
 * terminal), paused channels, and how the last after-close evaluation went, as recorded by the
 * runner that did it (the simulated week's closes, Tue 24 Nov 2026).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvMarketData } from "../../../src/adapters/csv/csv-market-data.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { AlertRunner } from "../../../src/core/alerts/runner.ts";
import { AlertStore, channelKey } from "../../../src/core/alerts/store.ts";
import type { Requester } from "../../../src/core/command.ts";
import { dispatchText, type Services } from "../../../src/core/dispatch.ts";
import type { Store } from "../../../src/core/ports.ts";
import { StoreClaims } from "../../../src/core/schedule/claims.ts";
import { alertsSection } from "../../../src/core/status/sections/alerts.ts";
import { noSourceHealth } from "../../../src/core/status/source-health.ts";
import { writeWeekData } from "../../adapters/schedule/alert-week-data.ts";
import { nyEst, type World, world } from "../../adapters/schedule/harness.ts";

describe("/status: alerts", () => {
  let dir: string;
  let w: World;
  let store: Store;
  const services = (): Services => ({
    ...w.services(store),
    market: new CsvMarketData({ dir, clock: w.clock }),
  });
  const slack = (channelId: string, workspaceId = "W1"): Requester => ({
    platform: "slack",
    channelId,
    workspaceId,
    userId: "U1",
    isAdmin: true,
  });
  const collect = async (requester: Requester) => {
    const ctx = { ...services(), requester };
    return alertsSection.collect({
      ctx,
      status: {
        version: "test",
        startedAt: 0,
        health: noSourceHealth,
        marketData: "CSV",
        charts: "none",
        store: "SQLite file",
        pingStore: async () => {},
        scheduler: "embedded",
      },
      signal: new AbortController().signal,
      deadlineMs: 300,
      now: w.clock.now(),
    });
  };
  const values = (s: { fields: { label: string; value: string }[] }) =>
    Object.fromEntries(s.fields.map((f) => [f.label, f.value]));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "status-alerts-"));
    await writeWeekData(dir);
    w = world(nyEst("2026-11-23 12:00"));
    store = await createStore({ sqlitePath: ":memory:" }, w.logger);
    for (const [r, text] of [
      [slack("C-A"), "/alert add record RUT"],
      [slack("C-A"), "/alert add line IWM/SPY 50"],
      [slack("C-B"), "/alert add record RUT"],
      [slack("C-OTHER", "W2"), "/alert add record RUT"],
    ] as const)
      expect((await dispatchText(text, { ...services(), requester: r })).kind).toBe("answer");
    await new AlertStore(store).saveDelivery(
      channelKey({ platform: "slack", workspaceId: "W1", channelId: "C-B" }),
      () => ({
        failures: 3,
        pausedAt: nyEst("2026-11-20 16:30"),
        lastError: { code: "channel_not_found", message: "channel not found", at: 0, permanent: true },
      }),
    );
  });

  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("before any evaluation: counts, paused channels, and not run yet", async () => {
    const s = values(await collect(slack("C-A")));
    expect(s["This channel"]).toBe("2 alerts");
    // The other workspace's channel is not counted in this one.
    expect(s["This workspace"]).toBe("3 alerts in 2 channels");
    expect(s.Paused).toContain("C-B since 20 Nov 2026 16:30 New York");
    expect(s.Paused).toContain("(channel not found)");
    expect(s["After the close"]).toBe("not run yet");
    expect(s["Live crossings"]).toBe("not run yet");
  });

  it("after the close: when the last evaluation ran and what it did", async () => {
    const runner = new AlertRunner({
      services: services(),
      posters: { slack: w.poster },
      claims: new StoreClaims(store, w.clock),
      owner: "one",
      pacing: { slackIntervalMs: 0 },
    });
    w.clock.t = nyEst("2026-11-24 16:30");
    await runner.runEndOfDay(w.clock.t);
    w.clock.t = nyEst("2026-11-24 17:00");
    const section = await collect({ platform: "cli" });
    const s = values(section);
    expect(s["Every channel"]).toBe("4 alerts in 3 channels");
    // C-B is paused: three alerts of two channels evaluated, the two record closes posted.
    expect(s["After the close"]).toBe(
      "16:30 New York, 30 min ago: the 24 Nov 2026 session, 3 evaluated, 2 fired, 2 posted",
    );
    expect(section.data).toMatchObject({ alerts: 4, channels: 3, lastEvaluation: { session: "2026-11-24" } });
  });
});
