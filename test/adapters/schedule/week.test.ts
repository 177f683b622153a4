/**
 * The embedded scheduler over a simulated week, Mon 23 to Sun 29 Nov 2026 (Thanksgiving Thu 26,
 * an early close Fri 27), on a real SQLite store, with the clock moved in 5-minute steps and a
 * crash in the middle of Wednesday's 08:30 run: one channel's post is under way when the process
 * dies; a new process (new store connection, new owner) comes up at 08:45.
 * Bars: each subscription gets exactly one post per trading day, none on the holiday; the brief
 * is computed once per run that posts.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedScheduler } from "../../../src/adapters/schedule/embedded.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { nyDate } from "../../../src/core/market/time.ts";
import type { Store } from "../../../src/core/ports.ts";
import { nyEst, type World, world } from "./harness.ts";

const SUBS = [
  { platform: "slack", channel: "C-NY-SLACK", text: "/subscribe brief" },
  { platform: "discord", channel: "300000000000000010", text: "/subscribe brief 08:30 America/New_York" },
  { platform: "discord", channel: "300000000000000011", text: "/subscribe brief 07:00 Europe/London" },
  { platform: "slack", channel: "C-TOKYO", text: "/subscribe brief 08:30 Asia/Tokyo" },
] as const;
const SESSIONS = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-27"];
const STEP = 5 * 60_000;

describe("a simulated week with a restart and a holiday (embedded scheduler)", () => {
  let dir: string;
  let w: World;
  let store: Store;
  const options = (s: Store) => ({
    services: w.services(s),
    posters: { slack: w.poster, discord: w.poster },
    runAtStart: false,
    pacing: { slackIntervalMs: 0, discordIntervalMs: 0 },
    leaseMs: 10 * 60_000,
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "schedule-week-"));
    w = world(nyEst("2026-11-22 12:00"));
    store = await createStore({ sqlitePath: join(dir, "store.sqlite") }, w.logger);
    for (const s of SUBS) {
      const reply = await w.asManager(store, s.platform, s.channel, s.text);
      expect(reply.kind, reply.fallback).toBe("answer");
    }
    let scheduler: EmbeddedScheduler | undefined = new EmbeddedScheduler({
      ...options(store),
      owner: "process-1",
    });
    const crashAt = nyEst("2026-11-25 08:30");
    const restartAt = nyEst("2026-11-25 08:45");
    for (let t = nyEst("2026-11-23 00:00"); t < nyEst("2026-11-30 00:00"); t += STEP) {
      w.clock.t = t;
      if (t === crashAt) {
        w.poster.hang(SUBS[1].channel);
        const dying = scheduler?.runBriefs(t);
        // The Slack post of the same run goes out before the process dies.
        while (w.poster.to(SUBS[0].channel).length < 3) await new Promise((r) => setTimeout(r, 5));
        void dying;
        scheduler = undefined;
        await store.close();
        continue;
      }
      if (t === restartAt) {
        store = await createStore({ sqlitePath: join(dir, "store.sqlite") }, w.logger);
        scheduler = new EmbeddedScheduler({ ...options(store), owner: "process-2" });
      }
      await scheduler?.runBriefs(t);
    }
  });

  afterAll(async () => {
    w.poster.release();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("posts each subscription exactly once per trading day, and nothing for Thanksgiving", () => {
    for (const s of SUBS) {
      const posts = w.poster.to(s.channel);
      const sessions = posts.map((p) => {
        // The session of a post is the New York date of its instant.
        return nyDate(p.at);
      });
      expect(sessions, s.text).toEqual(SESSIONS);
    }
    expect(w.poster.posts.some((p) => nyDate(p.at) === "2026-11-26")).toBe(false);
  });

  it("posts at each subscription's own time, in its own zone", () => {
    const times = (channel: string) =>
      w.poster.to(channel).map((p) => new Date(p.at).toISOString().slice(11, 16));
    // 08:30 EST = 13:30 UTC.
    expect(times(SUBS[0].channel)).toEqual(["13:30", "13:30", "13:30", "13:30"]);
    // 07:00 GMT = 07:00 UTC; 08:30 JST = 23:30 UTC the day before (18:30 in New York).
    expect(times(SUBS[2].channel)).toEqual(["07:00", "07:00", "07:00", "07:00"]);
    expect(times(SUBS[3].channel)).toEqual(["23:30", "23:30", "23:30", "23:30"]);
  });

  it("the post under way at the crash is sent once, late and saying so, by the new process", () => {
    const wednesday = w.poster.to(SUBS[1].channel)[2];
    expect(new Date(wednesday?.at ?? 0).toISOString()).toBe("2026-11-25T13:45:00.000Z");
    expect(wednesday?.text).toContain(
      "Posted late: this brief was due Wed 25 Nov 2026, 08:30 America/New_York",
    );
    // Its other posts carry no such note.
    expect(w.poster.to(SUBS[1].channel).filter((p) => p.text.includes("Posted late"))).toHaveLength(1);
    // The attempt that died counts as an attempt, not a post.
    expect(w.poster.attempts.filter((a) => a.channelId === SUBS[1].channel)).toHaveLength(5);
  });

  it("computes the brief once per run that posts, however many channels it serves", () => {
    const runsThatPosted = new Set(w.poster.posts.map((p) => p.at)).size;
    // Mon-Wed and Fri: 02:00, 08:30 and 18:30 New York, plus the restart's 08:45 on Wednesday.
    expect(runsThatPosted).toBe(13);
    expect(w.briefs()).toBe(13);
  });

  it("reports every subscription's last post in /subscriptions all", async () => {
    const reply = await w.asManager(store, "slack", "C-NY-SLACK", "/subscriptions all");
    expect(reply.kind).toBe("answer");
    expect(reply.fallback).toContain("channel C-NY-SLACK: morning brief at 08:30 America/New_York");
    expect(reply.fallback).toContain("channel C-TOKYO: morning brief at 08:30 Asia/Tokyo (18:30 New York)");
    expect(reply.fallback).toContain("last post 27 Nov 2026");
    expect(reply.fallback).not.toContain("PAUSED");
  });
});
