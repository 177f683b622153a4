// /rotation's dates: ranges ending on a weekend, ranges without a session, a folder of closes
// that ends before the asked session, and 1y reaching back 252 sessions.
import { describe, expect, it } from "vitest";
import { CsvMarketData } from "../../src/adapters/csv/csv-market-data.ts";
import { type DispatchContext, dispatchText } from "../../src/core/dispatch.ts";
import { ask, CLOSES_DIR, csvContext } from "./helpers.ts";

/** The folder read live (no --as-of) by a clock at `now`: it serves closes up to its last row. */
function liveContext(now: number): DispatchContext {
  const clock = { now: () => now };
  const { asOf: _asOf, ...ctx } = csvContext("2026-01-13", now);
  return { ...ctx, clock, market: new CsvMarketData({ dir: CLOSES_DIR, clock }) };
}

interface RotationData {
  asOf: string;
  live: boolean;
  returns: Record<string, { value: number; baseDate: string; endDate: string }>;
  spreadsBp: Record<string, number>;
}

describe("/rotation dates", () => {
  it("GIVEN a range ending on a Saturday THEN it ends at Friday's close, without notes about Saturday", async () => {
    const reply = await ask("/rotation 2026-01-02..2026-01-10", "2026-01-13");
    expect(reply.kind).toBe("answer");
    const data = reply.data as unknown as RotationData;
    expect(data.asOf).toBe("2026-01-09");
    expect(data.returns["^RUT"]).toMatchObject({ baseDate: "2025-12-31", endDate: "2026-01-09" });
    expect(reply.fallback).toContain("Rotation 2 Jan 2026 to 9 Jan 2026\n");
    expect(reply.fallback).toContain("as of close Fri 9 Jan 2026");
    expect(reply.fallback).not.toContain("Sat 10 Jan");
    expect(reply.fallback).not.toContain("has no close");
  });

  it("GIVEN a range of a weekend only THEN a private answer saying it holds no session", async () => {
    const reply = await ask("/rotation 2026-01-03..2026-01-04", "2026-01-13");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("3 Jan 2026 to 4 Jan 2026 holds no trading session.");
  });

  it("GIVEN a range after the as-of date THEN says so instead of answering with older closes", async () => {
    const reply = await ask("/rotation 2026-01-14..2026-01-16", "2026-01-13");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("starts after Tue 13 Jan 2026");
  });

  it("GIVEN 1y as of 13 Jan 2026 THEN the base is the close 252 sessions back (10 Jan 2025)", async () => {
    const reply = await ask("/rotation 1y", "2026-01-13");
    expect(reply.kind).toBe("answer");
    const data = reply.data as unknown as RotationData;
    expect(data.returns["^RUT"]).toMatchObject({ baseDate: "2025-01-10", endDate: "2026-01-13" });
    expect(Object.keys(data.returns)).toHaveLength(7);
  });

  it("GIVEN closes that stop before the asked session THEN as of the last close, never live, and said once", async () => {
    // Tue 3 Feb 2026, 11:00 New York, market open; the folder's last close is Fri 16 Jan 2026.
    const open = Date.parse("2026-02-03T16:00:00Z");
    const reply = await dispatchText("/rotation ytd", liveContext(open));
    expect(reply.kind).toBe("answer");
    const data = reply.data as unknown as RotationData;
    expect(data.asOf).toBe("2026-01-16");
    expect(data.live).toBe(false);
    // YTD to 16 Jan 2026: ^RUT 2620 / 2500 - 1 = +4.80%, ^GSPC 6100 / 6000 - 1 = +1.67%: 313 bp.
    expect(data.returns["^RUT"]?.value).toBeCloseTo(2620 / 2500 - 1, 12);
    expect(data.spreadsBp["RUT-SPX"]).toBe(313);
    expect(reply.fallback).toContain("Rotation YTD, to 16 Jan 2026");
    expect(reply.fallback).toContain("as of close Fri 16 Jan 2026");
    expect(reply.fallback).not.toContain("live at");
    expect(reply.fallback.match(/no close after Fri 16 Jan 2026/g)).toHaveLength(1);
    expect(reply.fallback).not.toContain("has no close on");
  });

  it("GIVEN closes only and the session open THEN as of yesterday's close, labelled so, without a note", async () => {
    // Tue 13 Jan 2026, 11:00 New York: a folder of closes ends at Monday's close.
    const reply = await dispatchText("/rotation 1d", liveContext(Date.parse("2026-01-13T16:00:00Z")));
    const data = reply.data as unknown as RotationData;
    expect(data.asOf).toBe("2026-01-12");
    expect(data.live).toBe(false);
    expect(reply.fallback).toContain("as of close Mon 12 Jan 2026");
    expect(reply.fallback).not.toContain("no close after");
  });

  it("GIVEN such closes and an N-session period THEN the sessions are counted back from the last close", async () => {
    const reply = await dispatchText("/rotation 1y", liveContext(Date.parse("2026-11-23T16:00:00Z")));
    expect(reply.kind).toBe("answer");
    const data = reply.data as unknown as RotationData;
    expect(data.asOf).toBe("2026-01-16");
    expect(data.returns["^GSPC"]?.endDate).toBe("2026-01-16");
  });
});
