// /breadth end to end through the real dispatcher, on the synthetic closes folder (figures from
// test/fixtures/closes/README.md, worked out there by hand for 13 Jan 2026).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBreadth } from "../../src/commands/breadth.ts";
import type { SectorBreadth } from "../../src/core/analytics/breadth.ts";
import { UserError } from "../../src/core/errors.ts";
import { type BreadthWorld, blocksOf, breadthWorld, fieldValue, footerOf } from "./breadth-helpers.ts";

let world: BreadthWorld;
beforeAll(async () => {
  world = await breadthWorld();
});
afterAll(async () => {
  await world.close();
});

interface SnapshotData {
  mode: string;
  date: string;
  members: number;
  priced: number;
  advancing: number;
  declining: number;
  unchanged: number;
  above50: { count: number; of: number };
  above200: { count: number; of: number };
  highs: { count: number; of: number };
  lows: { count: number; of: number };
  sectors: SectorBreadth[];
  memberList: { asOf: string; memberCount: number };
  meaningful: boolean;
}

describe("/breadth RUT as of a close (historical mode)", () => {
  it("GIVEN --as-of 2026-01-13 THEN counts match the hand computation exactly", async () => {
    const reply = await world.ask("/breadth RUT", "2026-01-13");
    expect(reply.kind).toBe("answer");
    const d = reply.data as unknown as SnapshotData;
    expect(d).toMatchObject({ mode: "close", date: "2026-01-13", members: 12, priced: 12, meaningful: true });
    // 7 advancing, 4 declining, 1 unchanged (HOPW-B)
    expect([d.advancing, d.declining, d.unchanged]).toEqual([7, 4, 1]);
    // 9 of 12 above the 50-day; 10 of 11 above the 200-day (SBRN has 159 closes)
    expect(d.above50).toEqual({ count: 9, of: 12 });
    expect(d.above200).toEqual({ count: 10, of: 11 });
    // KORA, MOG-A, RUSHA at a 52-week high of 11 (SBRN left out); no lows
    expect(d.highs).toEqual({ count: 3, of: 11 });
    expect(d.lows).toEqual({ count: 0, of: 11 });
    expect(d.memberList).toMatchObject({ asOf: "2026-01-13", memberCount: 12 });
  });

  it("THEN the reply words each figure with its count, the mode, the list and coverage", async () => {
    const reply = await world.ask("/breadth RUT", "2026-01-13");
    // 7 / 12 = 58.3%; 9 / 12 = 75.0%; 10 / 11 = 90.9%; 3 / 11 = 27.3%
    expect(fieldValue(reply, "Advancing")).toBe("58.3% (7 of 12)");
    expect(fieldValue(reply, "Above 50-day average")).toBe("75.0% (9 of 12)");
    expect(fieldValue(reply, "Above 200-day average")).toBe("90.9% (10 of 11)");
    expect(fieldValue(reply, "52-week highs")).toBe("27.3% (3 of 11)");
    expect(fieldValue(reply, "Net new highs")).toBe("+3");
    expect(reply.fallback).toContain("7 advancing, 4 declining, 1 unchanged");
    const footer = footerOf(reply);
    expect(footer).toContain("Source: CSV folder");
    expect(footer).toContain("as of close Tue 13 Jan 2026");
    expect(footer).toContain("historical mode: daily closes, closing basis");
    expect(footer).toContain("members: file constituents/RUT.csv as of 13 Jan 2026, 12 listed");
    expect(footer).toContain("12 of 12 members priced (100.0%)");
    expect(footer).toContain("Not investment advice");
  });

  it("THEN sectors come from the holdings file's sector column", async () => {
    const reply = await world.ask("/breadth RUT", "2026-01-13");
    const sectors = (reply.data as unknown as SnapshotData).sectors;
    const ind = sectors.find((s) => s.sector === "Industrials");
    // MOG-A up, RUSHA up, HOPW-B unchanged
    expect(ind).toMatchObject({ members: 3, priced: 3, advancing: 2, declining: 0, unchanged: 1 });
    const table = blocksOf(reply, "table")[0];
    expect(table?.columns[0]).toBe("Sector");
    expect(table?.rows.map((r) => r[0])).toContain("Industrials");
    const charts = blocksOf(reply, "chart");
    expect(charts.map((c) => c.spec.kind)).toEqual(["bar", "bar"]);
    expect(charts[0]?.spec.kind === "bar" && charts[0].spec.series[0]?.values.slice(0, 2)).toEqual([
      (7 / 12) * 100,
      (4 / 12) * 100,
    ]);
  });

  it("THEN progress names the member count and ends at 12 of 12", async () => {
    world.progress.length = 0;
    await world.ask("/breadth RUT close", "2026-01-13");
    expect(world.progress[0]?.message).toBe("computing breadth of 12 members");
    expect(world.progress.at(-1)).toMatchObject({ done: 12, total: 12 });
  });

  it("GIVEN `close 2026-01-12` in the text THEN that session is computed", async () => {
    const reply = await world.ask("/breadth RUT close 2026-01-12");
    const d = reply.data as unknown as SnapshotData;
    expect(d.date).toBe("2026-01-12");
    // 12 Jan vs 9 Jan is not in the README: only check the mode and that every member was counted.
    expect(d.mode).toBe("close");
    expect(d.advancing + d.declining + d.unchanged).toBe(12);
  });
});

describe("/breadth NDX from a plain ticker list", () => {
  it("GIVEN the NDX list of five tickers THEN 4 advance and 1 declines on 13 Jan", async () => {
    const reply = await world.ask("/breadth NDX --as-of 2026-01-13");
    const d = reply.data as unknown as SnapshotData;
    // DLTW, CSKY, RUSHA, BRVX up; KLNR down
    expect([d.members, d.advancing, d.declining, d.unchanged]).toEqual([5, 4, 1, 0]);
    expect(footerOf(reply)).toContain("(the list states no date)");
  });
});

describe("/breadth live mode on the folder's latest closes", () => {
  it("GIVEN no as-of THEN quotes are read, and the reply says the market is not open", async () => {
    const reply = await world.ask("/breadth RUT");
    const d = reply.data as unknown as SnapshotData;
    expect(d.mode).toBe("live");
    // The folder ends on Fri 16 Jan 2026; every member has a close that day.
    expect(d.date).toBe("2026-01-16");
    expect(d.priced).toBe(12);
    expect(footerOf(reply)).toContain("last prices, close of Fri 16 Jan 2026 (market not open)");
    expect(footerOf(reply)).toContain("live mode: quotes, intraday basis");
  });
});

describe("/breadth refusals", () => {
  it("GIVEN an index without a member file THEN says so", async () => {
    const reply = await world.ask("/breadth SPX", "2026-01-13");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain(
      "There is no SPX member list: file constituents/SPX.csv does not exist.",
    );
  });

  it("GIVEN a word that is no index THEN lists the ones that work", () => {
    expect(() => parseBreadth("FOO")).toThrow(/works on RUT, SPX, NDX/);
    expect(() => parseBreadth("DOW")).toThrow(/no.*Dow Jones|none for the Dow Jones/);
    expect(() => parseBreadth("RUT history 1000")).toThrow(UserError);
    expect(() => parseBreadth("RUT sideways")).toThrow(/did not understand/);
    expect(() => parseBreadth("RUT live 2026-01-13")).toThrow(/Live breadth cannot/);
  });

  it("parses the forms the issue lists", () => {
    expect(parseBreadth("RUT")).toMatchObject({ alias: "RUT", view: "snapshot", mode: "auto" });
    expect(parseBreadth("spx history")).toMatchObject({ alias: "SPX", view: "history", sessions: 60 });
    expect(parseBreadth("SPX history 120")).toMatchObject({ sessions: 120 });
    expect(parseBreadth("NDX --as-of 2026-01-08")).toMatchObject({
      alias: "NDX",
      mode: "close",
      asOf: "2026-01-08",
    });
    expect(parseBreadth("IWM close")).toMatchObject({ alias: "RUT", mode: "close" });
  });
});
