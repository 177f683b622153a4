/**
 * The McClellan alert runs its EMAs over the warm-up before the first session it evaluates (as
 * /breadth history does), so the oscillator it fires on is the one /breadth history shows, and it
 * fires exactly on the sessions where that oscillator changes sign, from the first one evaluated.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemberLists } from "../../../src/adapters/members/index.ts";
import { replayAlerts, replaySpecs } from "../../../src/core/alerts/replay.ts";
import { zeroCrossings } from "../../../src/core/analytics/events.ts";
import { WARMUP_SESSIONS } from "../../../src/core/breadth/record.ts";
import { nextTradingDay } from "../../../src/core/market/calendar.ts";
import { type BreadthWorld, breadthWorld } from "../../commands/breadth-helpers.ts";
import { CLOSES_DIR, csvContext, memoryStore } from "../../commands/helpers.ts";

interface HistoryData {
  sessions: { date: string }[];
  history: { mcclellan: (number | null)[] };
  /** The first session the breadth data reaches, where /breadth history starts its EMAs. */
  emaStart: string;
}

let world: BreadthWorld;
beforeAll(async () => {
  world = await breadthWorld();
});
afterAll(async () => {
  await world.close();
});

describe("mcclellan alert: the warm-up", () => {
  it("fires where /breadth history's oscillator changes sign, with its value, from the first session", async () => {
    const h = (await world.ask("/breadth RUT history 120", "2026-01-13")).data as unknown as HistoryData;
    const dates = h.sessions.map((s) => s.date);
    const values = dates.map((date, i) => ({ date, value: h.history.mcclellan[i] ?? null }));
    const crossings = zeroCrossings(values);
    // The first sign change with a full warm-up behind it in the data: the alert's first session.
    let settled = h.emaStart;
    for (let k = 0; k < WARMUP_SESSIONS; k++) settled = nextTradingDay(settled);
    const from = crossings.find((c) => c.date >= settled)?.date as string;
    const expected = crossings.filter((c) => c.date >= from);
    expect(expected.length).toBeGreaterThan(1);
    const base = csvContext("2026-01-13");
    const ctx = {
      ...base,
      members: createMemberLists(
        { csvDir: CLOSES_DIR },
        { store: memoryStore, clock: base.clock, logger: base.logger },
      ),
    };
    const r = await replayAlerts(replaySpecs(["mcclellan RUT"]), from, "2026-01-13", ctx);
    expect(r.firings.map((f) => f.firing.session)).toEqual(expected.map((c) => c.date));
    for (const [i, f] of r.firings.entries()) {
      const c = expected[i] as (typeof expected)[number];
      // EMAs started at least 200 sessions back: within a hundredth of the longer run's value.
      expect(f.firing.data.oscillator as number).toBeCloseTo(c.value, 2);
      expect(f.firing.data.previous as number).toBeCloseTo(c.previous, 2);
      expect(f.firing.data.warmupSessions as number).toBeGreaterThanOrEqual(WARMUP_SESSIONS);
    }
    // The EMAs start the warm-up before the first session evaluated, not at its 60-session window.
    expect(r.firings[0]?.firing.data.warmupSessions).toBe(WARMUP_SESSIONS);
    expect(r.firings[0]?.firing.reason).toContain("sessions before)");
  }, 60_000);
});
