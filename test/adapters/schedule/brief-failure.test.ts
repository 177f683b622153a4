/**
 * When the brief itself cannot be computed (market data unreachable), nothing is posted, the
 * runner tries again every few minutes, and a post still not made when the catch-up window ends
 * is skipped, logged and shown in /subscriptions with that reason, not as downtime.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedScheduler } from "../../../src/adapters/schedule/embedded.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { commands as registry } from "../../../src/commands/index.ts";
import { defineCommand } from "../../../src/core/command.ts";
import { DataUnavailableError } from "../../../src/core/errors.ts";
import type { Store } from "../../../src/core/ports.ts";
import { makeReply } from "../../../src/core/reply.ts";
import { nyEst, type World, world } from "./harness.ts";

const CHANNEL = "300000000000000031";

describe("a brief that cannot be computed", () => {
  let w: World;
  let store: Store;
  let scheduler: EmbeddedScheduler;
  let reachable = false;
  let computed = 0;

  beforeAll(async () => {
    w = world(nyEst("2026-11-23 12:00"));
    store = await createStore({ sqlitePath: ":memory:" }, w.logger);
    expect((await w.asManager(store, "discord", CHANNEL, "/subscribe brief")).kind).toBe("answer");
    const brief = defineCommand<Record<string, never>>({
      name: "brief",
      description: "a brief whose data source is down until told otherwise",
      usage: "",
      examples: [],
      options: [],
      parse: () => ({}),
      async run() {
        computed++;
        if (!reachable) throw new DataUnavailableError("Yahoo Finance", "fetch failed");
        return makeReply([{ type: "title", text: "Morning brief" }], {});
      },
    });
    scheduler = new EmbeddedScheduler({
      services: { ...w.services(store), commands: [brief, ...registry.filter((c) => c.name !== "brief")] },
      posters: { discord: w.poster },
      runAtStart: false,
      pacing: { discordIntervalMs: 0 },
    });
  });
  afterAll(async () => {
    await store.close();
  });

  it("retries every five minutes, then skips the post at the end of the window and says why", async () => {
    // Tue 24 Nov 2026: runs every minute from 08:30 to 10:35 New York.
    for (let t = nyEst("2026-11-24 08:30"); t <= nyEst("2026-11-24 10:35"); t += 60_000) {
      w.clock.t = t;
      await scheduler.runBriefs(t);
    }
    expect(w.poster.posts).toHaveLength(0);
    // 08:30, 08:35, ..., 10:30: 25 attempts in the 2-hour window, not one a minute.
    expect(computed).toBe(25);
    const missed = w.logger.lines.filter((l) => l.msg?.startsWith("brief missed"));
    expect(missed.map((l) => l.msg)).toEqual([
      "brief missed: it could not be computed within the catch-up window; skipped",
    ]);
    const status = await w.asManager(store, "discord", CHANNEL, "/subscriptions");
    expect(status.fallback).toContain("missed the post of 24 Nov 2026: the brief could not be computed (");
    expect(status.fallback).toContain("Market data unavailable");
    expect(status.fallback).not.toContain("the bot was down");
  });

  it("posts the next day once the data is back", async () => {
    reachable = true;
    w.clock.t = nyEst("2026-11-25 08:30");
    expect(await scheduler.runBriefs()).toMatchObject({ posted: 1 });
    expect(w.poster.to(CHANNEL)).toHaveLength(1);
  });
});
