// /breadth RUT: where "% above 50-day" sits among the stored sessions before it, checked against
// the records read straight from the store and a plain count (ties half); too short: said so.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BREADTH_HISTORY_NAMESPACE, type BreadthRecord } from "../../src/core/breadth/history-store.ts";
import { sessionsEnding } from "../../src/core/breadth/record.ts";
import { previousTradingDay } from "../../src/core/market/calendar.ts";
import { type BreadthWorld, breadthWorld } from "./breadth-helpers.ts";

interface PercentileData {
  current: number;
  sessions: number;
  firstDate: string | null;
  lastDate: string | null;
  rank: number | null;
  below: number | null;
  equal: number | null;
  count: number | null;
}

const historyOf = (data: Record<string, unknown>) => data.above50History as PercentileData | null;

describe("/breadth RUT: % above 50-day in its stored history", () => {
  let world: BreadthWorld;
  beforeAll(async () => {
    world = await breadthWorld();
  });
  afterAll(async () => {
    await world.close();
  });

  it("GIVEN nothing stored before the session THEN too short for a percentile, and how to fill it", async () => {
    const reply = await world.ask("/breadth RUT close 2026-01-13", "2026-01-13");
    expect(reply.kind).toBe("answer");
    const h = historyOf(reply.data);
    expect(h).toMatchObject({ sessions: 0, rank: null });
    expect(reply.fallback).toContain(
      "% above 50-day in its history: too short for a percentile (0 stored sessions; 20 needed). /breadth RUT history fills in the past year.",
    );
  });

  it("GIVEN a back-filled history THEN the percentile is the plain count over the stored readings before the session", async () => {
    await world.ask("/breadth RUT history 45", "2026-01-13");
    const reply = await world.ask("/breadth RUT close 2026-01-13", "2026-01-13");
    const h = historyOf(reply.data);
    // The records as stored, read straight from the store.
    const dates = sessionsEnding(previousTradingDay("2026-01-13"), 1260);
    const stored = (
      await world.store.getMany<BreadthRecord>(
        BREADTH_HISTORY_NAMESPACE,
        dates.map((d) => `RUT:${d}`),
      )
    ).filter((r): r is BreadthRecord => r !== undefined && r.above50.of * 2 >= r.members);
    const values = stored.map((r) => (r.above50.count / r.above50.of) * 100);
    const current = (reply.data as { above50: { count: number; of: number } }).above50;
    const now = (current.count / current.of) * 100;
    const below = values.filter((v) => v < now).length;
    const equal = values.filter((v) => v === now).length;
    expect(values.length).toBeGreaterThanOrEqual(20);
    // Twelve members: few distinct readings, so ties are certain.
    expect(equal).toBeGreaterThan(0);
    expect(h).toMatchObject({
      current: now,
      sessions: values.length,
      below,
      equal,
      count: values.length,
      firstDate: stored[0]?.date,
      lastDate: "2026-01-12",
    });
    expect(h?.rank).toBe((below + equal / 2) / values.length);
    const ordinal = Math.floor(((below + equal / 2) / values.length) * 100);
    expect(reply.fallback).toMatch(
      new RegExp(
        `% above 50-day in its history: the ${ordinal}(st|nd|rd|th) percentile of ${values.length} stored sessions, `,
      ),
    );
  });
});
