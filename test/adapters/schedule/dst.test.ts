/**
 * The embedded scheduler across the start of daylight saving time in New York (Sun 14 Mar 2027),
 * on a real SQLite store with the clock moved in 5-minute steps from Thu 11 to Wed 17 Mar: an
 * 08:30 America/New_York subscription posts at 13:30 UTC while New York is on EST and at 12:30
 * UTC from Mon 15 Mar, the first Monday of EDT; nothing on the weekend; one post per session.
 * A 07:00 Europe/London subscription keeps 07:00 UTC, since London changes clocks on 28 Mar.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedScheduler } from "../../../src/adapters/schedule/embedded.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import type { Store } from "../../../src/core/ports.ts";
import { type World, world } from "./harness.ts";

const NY = "C-DST-NY";
const LONDON = "C-DST-LDN";
const STEP = 5 * 60_000;

describe("a week across the 2027 DST change (embedded scheduler)", () => {
  let w: World;
  let store: Store;

  beforeAll(async () => {
    w = world(Date.parse("2027-03-10T17:00:00Z"));
    store = await createStore({ sqlitePath: ":memory:" }, w.logger);
    expect((await w.asManager(store, "slack", NY, "/subscribe brief")).kind).toBe("answer");
    expect((await w.asManager(store, "slack", LONDON, "/subscribe brief 07:00 Europe/London")).kind).toBe(
      "answer",
    );
    const scheduler = new EmbeddedScheduler({
      services: w.services(store),
      posters: { slack: w.poster },
      runAtStart: false,
      pacing: { slackIntervalMs: 0 },
    });
    for (let t = Date.parse("2027-03-11T00:00:00Z"); t < Date.parse("2027-03-18T00:00:00Z"); t += STEP) {
      w.clock.t = t;
      await scheduler.runBriefs(t);
    }
  });
  afterAll(async () => {
    await store.close();
  });

  it("posts 08:30 New York at 13:30 UTC on EST days and 12:30 UTC from Mon 15 Mar", () => {
    expect(w.poster.to(NY).map((p) => new Date(p.at).toISOString())).toEqual([
      "2027-03-11T13:30:00.000Z",
      "2027-03-12T13:30:00.000Z",
      "2027-03-15T12:30:00.000Z",
      "2027-03-16T12:30:00.000Z",
      "2027-03-17T12:30:00.000Z",
    ]);
  });

  it("posts 07:00 London at 07:00 UTC all week (London is still on GMT)", () => {
    expect(w.poster.to(LONDON).map((p) => new Date(p.at).toISOString())).toEqual([
      "2027-03-11T07:00:00.000Z",
      "2027-03-12T07:00:00.000Z",
      "2027-03-15T07:00:00.000Z",
      "2027-03-16T07:00:00.000Z",
      "2027-03-17T07:00:00.000Z",
    ]);
    expect(w.poster.posts.every((p) => !p.text.includes("Posted late"))).toBe(true);
  });
});
