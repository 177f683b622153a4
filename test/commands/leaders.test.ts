// /leaders end to end on the synthetic closes folder. YTD to 13 Jan 2026 uses the 31 Dec 2025 closes
// (test/fixtures/closes/README.md): KORA 9.25/8 = +15.625%, BRVX 13.5/12 = +12.5%, DLTW 165/150 =
// +10%, CSKY 48/45 = +6.67%, MOG-A 210/200 = +5%, HOPW-B 26/25 = +4%, RUSHA 62/60 = +3.33%,
// KLNR 40.5/40 = +1.25%, MRSH 30/30 = 0, QNTL 79/80 = -1.25%, SBRN 33.5/35 = -4.29%, PNWR 19/20 = -5%.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseLeaders } from "../../src/commands/leaders.ts";
import { type BreadthWorld, blocksOf, breadthWorld, footerOf } from "./breadth-helpers.ts";

let world: BreadthWorld;
beforeAll(async () => {
  world = await breadthWorld();
});
afterAll(async () => {
  await world.close();
});

interface LeadersData {
  best: { symbol: string; value: number; sector?: string }[];
  worst: { symbol: string; value: number }[];
  median: number;
  up: number;
  ranked: number;
  end: string;
}

describe("/leaders RUT ytd 3 as of 13 Jan 2026", () => {
  it("THEN the best three are KORA, BRVX, DLTW and the worst PNWR, SBRN, QNTL", async () => {
    const reply = await world.ask("/leaders RUT ytd 3", "2026-01-13");
    expect(reply.kind).toBe("answer");
    const d = reply.data as unknown as LeadersData;
    expect(d.end).toBe("2026-01-13");
    expect(d.best.map((r) => r.symbol)).toEqual(["KORA", "BRVX", "DLTW"]);
    expect(d.best.map((r) => r.value)).toEqual([9.25 / 8 - 1, 13.5 / 12 - 1, 165 / 150 - 1]);
    expect(d.best[0]?.sector).toBe("Health Care");
    expect(d.worst.map((r) => r.symbol)).toEqual(["PNWR", "SBRN", "QNTL"]);
    // median of 12 = mean of the 6th and 7th: (RUSHA 62/60 - 1 + HOPW-B 26/25 - 1) / 2
    expect(d.median).toBeCloseTo((62 / 60 - 1 + 26 / 25 - 1) / 2, 12);
    // 8 rose (MRSH is flat), of 12 ranked
    expect([d.up, d.ranked]).toEqual([8, 12]);
  });

  it("THEN the tables carry sectors and returns, and the footer the list and coverage", async () => {
    const reply = await world.ask("/leaders RUT ytd 3", "2026-01-13");
    const [best, worst] = blocksOf(reply, "table");
    expect(best?.rows[0]).toEqual(["1", "KORA", "KORA HEALTH INC", "Health Care", "+15.6%"]);
    expect(worst?.rows[0]).toEqual(["1", "PNWR", "PINEWOOD REIT INC", "Real Estate", "-5.0%"]);
    expect(reply.fallback).toContain("Median member +3.67%; 8 of 12 ranked members rose (66.7%).");
    const footer = footerOf(reply);
    expect(footer).toContain("members: file constituents/RUT.csv as of 13 Jan 2026, 12 listed");
    expect(footer).toContain("12 of 12 members ranked");
    expect(footer).toContain("as of close Tue 13 Jan 2026");
  });

  it("parses index, period and count in any order, and refuses the rest", () => {
    expect(parseLeaders("RUT")).toEqual({ alias: "RUT", periodText: "ytd", n: 10 });
    expect(parseLeaders("spx 5 1m")).toEqual({ alias: "SPX", periodText: "1m", n: 5 });
    expect(parseLeaders("NDX 2026-01-02..2026-01-13 3")).toEqual({
      alias: "NDX",
      periodText: "2026-01-02..2026-01-13",
      n: 3,
    });
    expect(() => parseLeaders("RUT ytd 99")).toThrow(/1 to 25/);
    expect(() => parseLeaders("RUT banana")).toThrow(/takes an index/);
  });
});
