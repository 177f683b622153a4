/**
 * The brief's record line follows the Events definition: a record close needs at least 252
 * sessions of data behind it. A highest close over less data is named as such in a note, and
 * not called a record.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RECORD_MIN_SESSIONS } from "../../../src/core/analytics/events.ts";
import { type MarketFigures, recordOf } from "../../../src/core/brief/figures.ts";
import { briefReply } from "../../../src/core/brief/render.ts";
import { previousTradingDay } from "../../../src/core/market/calendar.ts";
import type { Bar } from "../../../src/core/ports.ts";

/** Bars with the given closes on the NYSE sessions ending Tue 13 Jan 2026. */
function bars(closes: readonly number[]): Bar[] {
  const dates = ["2026-01-13"];
  while (dates.length < closes.length) dates.unshift(previousTradingDay(dates[0] as string));
  return closes.map((close, i) => ({ date: dates[i] as string, close }));
}

const rising = (n: number) => Array.from({ length: n }, (_, i) => 2000 + i);

describe("the brief's record close", () => {
  it("is claimed with 252 sessions of data, with the record it beat", () => {
    const r = recordOf(bars(rising(252)), "2026-01-13");
    expect(r.recordShort).toBeUndefined();
    expect(r.record).toMatchObject({ close: 2251, previousRecord: { value: 2250 } });
  });

  it("is not claimed with 251 sessions; the brief says why in a note", () => {
    const b = bars(rising(251));
    const r = recordOf(b, "2026-01-13");
    expect(r.record).toBeUndefined();
    expect(r.recordShort).toEqual({ close: 2250, since: b[0]?.date, sessions: 251 });
    const figures: MarketFigures = {
      session: "2026-01-13",
      ...{ rotation: [], line: {}, sectors: [], sectorsUnranked: [], levels: {} },
      ...{ extremes: [], extremesShort: [], series: new Map(), missing: [], fetchedAt: 0 },
      ...r,
    };
    const reply = briefReply({ figures, breadth: [], coverage: "", source: "test", notes: [] });
    expect(reply.fallback).not.toContain("Russell 2000 record close:");
    expect(reply.fallback).toContain(
      "The Russell 2000 closed at 2,250.00, above every earlier close in the data, but the data holds only 251 sessions",
    );
    expect(reply.fallback).toContain("a record close needs 252, so none is claimed.");
  });

  it("is claimed exactly when the close beats every earlier one over at least 252 sessions", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 320 }),
        fc.boolean(),
        (some, top) => {
          // Half the time the last close is a new high, so both answers are tried at every length.
          const closes = top ? [...some, Math.max(0, ...some) + 1] : some;
          if (closes.length === 0) return;
          const r = recordOf(bars(closes), "2026-01-13");
          const last = closes.at(-1) as number;
          const beats = closes.length > 1 && closes.slice(0, -1).every((c) => last > c);
          expect(r.record !== undefined).toBe(beats && closes.length >= RECORD_MIN_SESSIONS);
          expect(r.recordShort !== undefined).toBe(beats && closes.length < RECORD_MIN_SESSIONS);
        },
      ),
      { numRuns: 200 },
    );
  });
});
