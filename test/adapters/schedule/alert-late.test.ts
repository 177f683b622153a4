/**
 * A firing the bot missed while it was down (Tue 24 Nov 2026's record close of ^RUT, on the
 * simulated week's closes; the bot stopped at 15:00): when it is back in the same session (before
 * Wednesday's open) the firing is posted late, with a note saying so; when it is back only after
 * the next open, the firing is news no more: listed in /alert list, not posted.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvMarketData } from "../../../src/adapters/csv/csv-market-data.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { AlertRunner } from "../../../src/core/alerts/runner.ts";
import { dispatchText, type Services } from "../../../src/core/dispatch.ts";
import type { Store } from "../../../src/core/ports.ts";
import { StoreClaims } from "../../../src/core/schedule/claims.ts";
import { writeWeekData } from "./alert-week-data.ts";
import { nyEst, type World, world } from "./harness.ts";

describe("a firing missed while the bot was down", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "alert-late-"));
    await writeWeekData(dir);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A store with one record alert, evaluated through Monday by a first process that then stops. */
  async function downSinceTuesday(): Promise<{ w: World; store: Store; services: Services }> {
    const w = world(nyEst("2026-11-20 18:00"));
    const store = await createStore({ sqlitePath: ":memory:" }, w.logger);
    const services: Services = { ...w.services(store), market: new CsvMarketData({ dir, clock: w.clock }) };
    const reply = await dispatchText("/alert add record RUT", {
      ...services,
      requester: { platform: "slack", channelId: "C-LATE", workspaceId: "W1", userId: "U1", isAdmin: true },
    });
    expect(reply.kind, reply.fallback).toBe("answer");
    w.clock.t = nyEst("2026-11-23 16:30");
    await runner(w, store, services, "process-1").runEndOfDay(w.clock.t);
    expect(w.poster.posts).toHaveLength(0);
    return { w, store, services };
  }

  const runner = (w: World, store: Store, services: Services, owner: string) =>
    new AlertRunner({
      services,
      posters: { slack: w.poster },
      claims: new StoreClaims(store, w.clock),
      owner,
      pacing: { slackIntervalMs: 0 },
    });

  const list = (services: Services) =>
    dispatchText("/alert list", {
      ...services,
      requester: { platform: "slack", channelId: "C-LATE", workspaceId: "W1", userId: "U2" },
    });

  it("is posted late, with a note, when the bot is back before the next open", async () => {
    const { w, store, services } = await downSinceTuesday();
    // Back at 20:00 on Tuesday: a new process on the same store.
    w.clock.t = nyEst("2026-11-24 20:00");
    const report = await runner(w, store, services, "process-2").runEndOfDay(w.clock.t);
    expect(report).toMatchObject({ posted: 1, late: 1, missed: 0 });
    const [post] = w.poster.to("C-LATE");
    expect(post?.text).toContain("Alert #1: Russell 2000: record close");
    expect(post?.text).toContain(
      "Posted late: this alert fired on the 24 Nov 2026 close, when the bot was not running.",
    );
    expect((await list(services)).fallback).toContain("24 Nov 2026 (2,510.00), posted late");
    await store.close();
  });

  it("is listed in /alert list, not posted, when the bot is back only after the next open", async () => {
    const { w, store, services } = await downSinceTuesday();
    // Back at 10:00 on Wednesday: Tuesday's close is evaluated, but Wednesday's session is open.
    w.clock.t = nyEst("2026-11-25 10:00");
    const report = await runner(w, store, services, "process-2").runEndOfDay(w.clock.t);
    expect(report).toMatchObject({ session: "2026-11-24", posted: 0, missed: 1 });
    expect(w.poster.posts).toHaveLength(0);
    const reply = await list(services);
    expect(reply.fallback).toContain("missed 24 Nov 2026 (2,510.00): the bot was not running that session");
    expect(reply.data.alerts).toEqual([expect.objectContaining({ id: 1, lastFired: null })]);
    await store.close();
  });
});
