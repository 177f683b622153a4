/**
 * When a subscription posts: the NYSE calendar decides the day (by the New York date of the post
 * instant), the subscription's zone decides the instant. UTC instants worked out by hand:
 * New York is UTC-5 in winter (EST) and UTC-4 in summer (EDT); DST 2027 starts Sun 14 Mar.
 * croner, the library the embedded scheduler ticks with, serves as an independent oracle.
 */
import { Cron } from "croner";
import { describe, expect, it } from "vitest";
import { isTradingDay } from "../../../src/core/market/calendar.ts";
import { nyDate } from "../../../src/core/market/time.ts";
import { latestSlot, nextSlot, slotsBetween, timeliness } from "../../../src/core/schedule/slots.ts";
import { canonicalZone, localParts, zonedWallTime } from "../../../src/core/market/zone.ts";

const NY = { time: "08:30", zone: "America/New_York" };
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe("slots of 08:30 America/New_York", () => {
  it("skips Thanksgiving 2026-11-26 and posts on the early-close day after it at 08:30", () => {
    // From Wed 25 Nov 09:00 New York, the next post is Fri 27 Nov 08:30 EST = 13:30 UTC.
    const next = nextSlot(NY, at("2026-11-25T14:00:00Z"));
    expect(next?.session).toBe("2026-11-27");
    expect(iso(next?.at)).toBe("2026-11-27T13:30:00.000Z");
    // On Thanksgiving itself the latest post is Wednesday's.
    expect(latestSlot(NY, at("2026-11-26T15:00:00Z"))?.session).toBe("2026-11-25");
  });

  it("lands on the right UTC instant either side of the March 2027 DST change", () => {
    // Fri 12 Mar 2027: EST, 08:30 = 13:30 UTC. Mon 15 Mar 2027 (first Monday of EDT): 12:30 UTC.
    expect(iso(nextSlot(NY, at("2027-03-12T00:00:00Z"))?.at)).toBe("2027-03-12T13:30:00.000Z");
    const monday = nextSlot(NY, at("2027-03-13T00:00:00Z"));
    expect(monday?.session).toBe("2027-03-15");
    expect(iso(monday?.at)).toBe("2027-03-15T12:30:00.000Z");
  });

  it("posts Monday to Friday, never on a weekend or a holiday, one slot per session", () => {
    const slots = slotsBetween(NY, at("2026-11-01T00:00:00Z"), at("2027-01-31T00:00:00Z"));
    const sessions = slots.map((s) => s.session);
    expect(new Set(sessions).size).toBe(sessions.length);
    expect(sessions.every(isTradingDay)).toBe(true);
    for (const s of ["2026-11-26", "2026-12-25", "2027-01-01", "2027-01-18"])
      expect(sessions).not.toContain(s);
    // Every trading day in between has its slot: 61 sessions from 2 Nov 2026 to 29 Jan 2027.
    expect(sessions[0]).toBe("2026-11-02");
    expect(sessions.at(-1)).toBe("2027-01-29");
    expect(sessions).toHaveLength(61);
  });

  it("agrees with croner's 08:30 New York schedule, filtered to trading days, over a year", () => {
    const cron = new Cron("30 8 * * *", { timezone: "America/New_York", paused: true });
    const from = at("2026-06-01T00:00:00Z");
    const oracle = cron
      .nextRuns(400, new Date(from))
      .map((d) => d.getTime())
      .filter((t) => t <= at("2027-06-01T00:00:00Z") && isTradingDay(nyDate(t)));
    const ours = slotsBetween(NY, from, at("2027-06-01T00:00:00Z")).map((s) => s.at);
    expect(ours).toEqual(oracle);
    cron.stop();
  });
});

describe("slots in other zones", () => {
  it("Tokyo 08:30 follows the New York session of the evening before", () => {
    // Tue 24 Nov 2026 08:30 JST = Mon 23 Nov 23:30 UTC = 18:30 EST, Monday's session.
    const slot = nextSlot({ time: "08:30", zone: "Asia/Tokyo" }, at("2026-11-23T12:00:00Z"));
    expect(iso(slot?.at)).toBe("2026-11-23T23:30:00.000Z");
    expect(slot?.session).toBe("2026-11-23");
    // Fri 27 Nov 08:30 JST is Thanksgiving evening in New York: skipped, Sat 28 Nov JST posts.
    const after = slotsBetween(
      { time: "08:30", zone: "Asia/Tokyo" },
      at("2026-11-25T00:00:00Z"),
      at("2026-11-30T00:00:00Z"),
    );
    expect(after.map((s) => [s.localDate, s.session])).toEqual([
      ["2026-11-26", "2026-11-25"],
      ["2026-11-28", "2026-11-27"],
    ]);
  });

  it("London 07:00 keeps its local time while London and New York change clocks on different dates", () => {
    // 2027: New York springs forward 14 Mar, London 28 Mar. Fri 19 Mar 07:00 GMT = 07:00 UTC.
    const rule = { time: "07:00", zone: "Europe/London" };
    expect(iso(nextSlot(rule, at("2027-03-19T00:00:00Z"))?.at)).toBe("2027-03-19T07:00:00.000Z");
    // Mon 29 Mar 07:00 BST = 06:00 UTC.
    expect(iso(nextSlot(rule, at("2027-03-29T00:00:00Z"))?.at)).toBe("2027-03-29T06:00:00.000Z");
  });

  it("a wall time in the spring-forward gap posts just after it; a repeated one posts once", () => {
    // 02:30 on Sun 14 Mar 2027 does not exist in New York: read as 03:30 EDT = 07:30 UTC.
    expect(iso(zonedWallTime("2027-03-14", 150, "America/New_York"))).toBe("2027-03-14T07:30:00.000Z");
    // 01:30 on Sun 7 Nov 2027 happens twice: the first one, EDT = 05:30 UTC.
    expect(iso(zonedWallTime("2027-11-07", 90, "America/New_York"))).toBe("2027-11-07T05:30:00.000Z");
    expect(localParts(at("2027-11-07T05:30:00Z"), "America/New_York")).toEqual({
      date: "2027-11-07",
      minutes: 90,
    });
  });

  it("knows zone names case-insensitively and refuses made-up ones", () => {
    expect(canonicalZone("europe/london")).toBe("Europe/London");
    expect(canonicalZone("Mars/Olympus")).toBeUndefined();
    expect(canonicalZone("")).toBeUndefined();
  });
});

describe("catch-up window", () => {
  const due = at("2026-11-24T13:30:00Z");
  const rule = { catchUpMs: 2 * 3_600_000, lateNoteAfterMs: 5 * 60_000 };
  it("is on time for 5 minutes, late up to 2 hours, missed after", () => {
    expect(timeliness(due, due + 60_000, rule)).toBe("on-time");
    expect(timeliness(due, due + 5 * 60_000, rule)).toBe("on-time");
    expect(timeliness(due, due + 5 * 60_000 + 1, rule)).toBe("late");
    expect(timeliness(due, due + 2 * 3_600_000, rule)).toBe("late");
    expect(timeliness(due, due + 2 * 3_600_000 + 1, rule)).toBe("missed");
  });
});
