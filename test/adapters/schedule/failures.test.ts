/**
 * A channel that fails never holds up the others; one that keeps failing is paused and reported
 * (logs and /subscriptions); a transient failure is retried and posts once; a post missed past the
 * catch-up window is skipped and logged, never silently. And croner really drives the runs.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EmbeddedScheduler } from "../../../src/adapters/schedule/embedded.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import type { Store } from "../../../src/core/ports.ts";
import { ChannelPostError } from "../../../src/core/schedule/poster.ts";
import { nyEst, type World, world } from "./harness.ts";

const OK = "300000000000000020";
const GONE = "300000000000000021";
const FLAKY = "300000000000000022";

describe("failing channels", () => {
  let w: World;
  let store: Store;
  let scheduler: EmbeddedScheduler;

  beforeEach(async () => {
    w = world(nyEst("2026-11-20 12:00"));
    store = await createStore({ sqlitePath: ":memory:" }, w.logger);
    for (const channel of [OK, GONE, FLAKY])
      expect((await w.asManager(store, "discord", channel, "/subscribe brief")).kind).toBe("answer");
    scheduler = new EmbeddedScheduler({
      services: w.services(store),
      posters: { discord: w.poster },
      runAtStart: false,
      pacing: { discordIntervalMs: 0 },
    });
  });
  afterEach(async () => {
    await store.close();
  });

  const runAt = async (text: string) => {
    w.clock.t = nyEst(text);
    return scheduler.runBriefs();
  };

  it("pauses a channel after three failed sessions in a row, keeps serving the others, and says so", async () => {
    w.poster.fail(GONE, () => new ChannelPostError("50001", "Missing Access", true));
    for (const day of ["2026-11-23", "2026-11-24", "2026-11-25"]) {
      const report = await runAt(`${day} 08:30`);
      expect(report.posted).toBe(3 - 1);
      expect(report.failed).toBe(1);
    }
    expect(w.logger.lines.some((l) => l.level === "error" && l.msg?.includes("subscription paused"))).toBe(
      true,
    );
    // Friday: the paused channel is not even tried; the others are served.
    const friday = await runAt("2026-11-27 08:30");
    expect(friday).toMatchObject({ owed: 2, posted: 2, failed: 0 });
    expect(w.poster.attempts.filter((a) => a.channelId === GONE)).toHaveLength(3);
    expect(w.poster.to(OK)).toHaveLength(4);
    // /subscriptions in that channel says it is paused, why, and how to resume.
    const status = await w.asManager(store, "discord", GONE, "/subscriptions");
    expect(status.fallback).toContain("PAUSED");
    expect(status.fallback).toContain("after 3 failed posts in a row: Missing Access (50001)");
    expect(status.fallback).toContain("/subscribe brief again to resume");
    // Subscribing again resumes it.
    w.poster.fail(GONE, () => undefined);
    w.clock.t = nyEst("2026-11-27 12:00");
    expect((await w.asManager(store, "discord", GONE, "/subscribe brief")).fallback).toContain("resumes now");
    await runAt("2026-11-30 08:30");
    expect(w.poster.to(GONE)).toHaveLength(1);
  });

  it("retries a transient failure on the next run and posts once", async () => {
    let calls = 0;
    w.poster.fail(FLAKY, () => (++calls === 1 ? new Error("socket hang up") : undefined));
    const first = await runAt("2026-11-24 08:30");
    expect(first).toMatchObject({ posted: 2, retrying: 1 });
    const second = await runAt("2026-11-24 08:31");
    expect(second).toMatchObject({ owed: 1, posted: 1 });
    await runAt("2026-11-24 08:32");
    expect(w.poster.to(FLAKY)).toHaveLength(1);
    expect((await w.asManager(store, "discord", FLAKY, "/subscriptions")).fallback).not.toContain("failed");
  });

  it("tells the poster a retry is a repeat (an earlier attempt may have reached the platform)", async () => {
    let calls = 0;
    w.poster.fail(FLAKY, () => (++calls === 1 ? new Error("the post timed out") : undefined));
    await runAt("2026-11-24 08:30");
    await runAt("2026-11-24 08:31");
    const tries = w.poster.attempts.filter((a) => a.channelId === FLAKY);
    expect(tries.map((a) => a.identity?.repeat)).toEqual([false, true]);
    expect(new Set(tries.map((a) => `${a.identity?.subscriptionId}/${a.identity?.session}`)).size).toBe(1);
    expect(tries[0]?.identity).toMatchObject({ session: "2026-11-24", dueAt: nyEst("2026-11-24 08:30") });
    // Channels that went through at once were first attempts.
    expect(w.poster.attempts.filter((a) => a.channelId === OK).map((a) => a.identity?.repeat)).toEqual([
      false,
    ]);
  });

  it("a second run while one is still posting does nothing (the first serves what is owed)", async () => {
    w.poster.hang(GONE);
    w.clock.t = nyEst("2026-11-24 08:30");
    const slow = scheduler.runBriefs();
    while (w.poster.posts.length < 2) await new Promise((r) => setTimeout(r, 5));
    expect(await scheduler.runBriefs()).toMatchObject({ busy: true, owed: 0 });
    w.poster.release();
    expect(await slow).toMatchObject({ posted: 2, retrying: 1 });
    expect(w.briefs()).toBe(1);
  });

  it("never posts a channel twice for one session, even after unsubscribing and subscribing later", async () => {
    await runAt("2026-11-24 08:30");
    expect(w.poster.to(OK)).toHaveLength(1);
    w.clock.t = nyEst("2026-11-24 09:00");
    await w.asManager(store, "discord", OK, "/unsubscribe brief");
    await w.asManager(store, "discord", OK, "/subscribe brief 10:00");
    const briefs = w.briefs();
    // The new subscription owes 10:00 today, but the channel had today's post: nothing is sent,
    // and the brief is not even computed for it.
    expect(await runAt("2026-11-24 10:00")).toMatchObject({ owed: 1, elsewhere: 1, posted: 0 });
    expect(w.briefs()).toBe(briefs);
    await runAt("2026-11-25 10:00");
    expect(w.poster.to(OK)).toHaveLength(2);
  });

  it("skips and logs a post missed by more than the catch-up window, then carries on", async () => {
    // The bot was down from before 08:30 until 11:00 New York on Tuesday (2.5 h late > 2 h).
    const report = await runAt("2026-11-24 11:00");
    expect(report).toMatchObject({ owed: 0, posted: 0, missed: 3 });
    expect(w.poster.posts).toHaveLength(0);
    const missed = w.logger.lines.filter((l) => l.level === "warn" && l.msg?.startsWith("brief missed"));
    expect(missed).toHaveLength(3);
    expect(missed[0]?.obj).toMatchObject({ session: "2026-11-24", lateMin: 150 });
    // Logged once, not every minute after.
    await runAt("2026-11-24 11:01");
    expect(w.logger.lines.filter((l) => l.msg?.startsWith("brief missed"))).toHaveLength(3);
    expect((await w.asManager(store, "discord", OK, "/subscriptions")).fallback).toContain(
      "missed the post of 24 Nov 2026",
    );
    await runAt("2026-11-25 08:30");
    expect(w.poster.posts).toHaveLength(3);
  });
});

describe("croner drives the embedded scheduler", () => {
  it("ticks on its own and still posts once however many ticks come", async () => {
    const w = world(nyEst("2026-11-24 08:00"));
    const store = await createStore({ sqlitePath: ":memory:" }, w.logger);
    await w.asManager(store, "slack", "C-CRON", "/subscribe brief");
    w.clock.t = nyEst("2026-11-24 08:31");
    const scheduler = new EmbeddedScheduler({
      services: w.services(store),
      posters: { slack: w.poster },
      runAtStart: false,
      pacing: { slackIntervalMs: 0 },
      // Every second, so the test sees several ticks.
      briefPattern: "* * * * * *",
    });
    await scheduler.start();
    const deadline = Date.now() + 10_000;
    while (w.poster.posts.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    // Let a few more ticks pass: they find nothing owed.
    await new Promise((r) => setTimeout(r, 2_200));
    await scheduler.stop();
    await store.close();
    expect(w.poster.to("C-CRON")).toHaveLength(1);
    expect(w.briefs()).toBe(1);
    expect(w.logger.lines.filter((l) => l.msg === "brief run").length).toBe(1);
  });
});
