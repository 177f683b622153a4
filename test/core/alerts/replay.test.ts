/** Replaying alerts over the closes fixture, and through the terminal as a user runs it. */
import { describe, expect, it } from "vitest";
import { replayAlerts, replaySpecs, replayText } from "../../../src/core/alerts/replay.ts";
import { recordCloses } from "../../../src/core/analytics/events.ts";
import { createMemberLists } from "../../../src/adapters/members/index.ts";
import { csvContext, CLOSES_DIR, memoryStore } from "../../commands/helpers.ts";

describe("alerts replay", () => {
  const ctx = () => {
    const base = csvContext("2026-01-16");
    return {
      ...base,
      members: createMemberLists(
        { csvDir: CLOSES_DIR },
        { store: memoryStore, clock: base.clock, logger: base.logger },
      ),
    };
  };

  it("lists every record close of the Russell 2000 in the range, with its figure", async () => {
    const c = ctx();
    const r = await replayAlerts(replaySpecs(["record RUT"]), "2026-01-01", "2026-01-16", c);
    const bars = (await c.market.history("^RUT", { from: "1980-01-01", to: "2026-01-16" })).bars;
    const expected = recordCloses(bars).filter((x) => x.date >= "2026-01-01");
    expect(r.firings.map((f) => f.firing.session)).toEqual(expected.map((x) => x.date));
    expect(r.firings.find((f) => f.firing.session === "2026-01-13")?.firing.figure).toBe("2,600.00");
    expect(replayText(r)).toContain("2026-01-13  record ^RUT (Russell 2000): 2,600.00");
    expect(r.requests).toEqual({ histories: 1, memberLists: 0 });
  });

  it("fetches each symbol and member list once for many alerts", async () => {
    const r = await replayAlerts(
      replaySpecs([
        "record RUT",
        "spread RUT SPX 5d 300",
        "spread RUT SPX 1d 100",
        "line IWM/SPY 50",
        "mcclellan RUT",
        "thrust RUT",
        "participation RUT 50",
      ]),
      "2025-11-01",
      "2026-01-16",
      ctx(),
    );
    expect(r.requests).toEqual({ histories: 4, memberLists: 1 });
    expect(r.firings.some((f) => f.alert.startsWith("participation"))).toBe(true);
  });

  it("states that level crossings on daily bars are an approximation", async () => {
    const r = await replayAlerts(replaySpecs(["cross IWM 255"]), "2025-12-01", "2026-01-16", ctx());
    expect(r.firings.length).toBeGreaterThan(0);
    expect(r.firings.every((f) => f.firing.approximate)).toBe(true);
    expect(replayText(r)).toContain("an approximation of the intraday rule");
  });
});
