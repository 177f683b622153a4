import { describe, expect, it } from "vitest";
import type { Block } from "../../src/core/reply.ts";
import { ask } from "./helpers.ts";

// Figures by hand from test/fixtures/closes/README.md (closes of 2025-12-31, 2026-01-12, 2026-01-13).
describe("/rotation from a folder of closes, as of a past session", () => {
  it("GIVEN ytd as of 13 Jan 2026 THEN returns, spreads and the regime match a hand computation", async () => {
    const reply = await ask("/rotation ytd", "2026-01-13");
    expect(reply.kind).toBe("answer");
    const data = reply.data as {
      returns: Record<string, { value: number; baseDate: string; endDate: string }>;
      spreadsBp: Record<string, number>;
      asOf: string;
    };
    expect(data.asOf).toBe("2026-01-13");
    // ^RUT 2600 / 2500 - 1 = +4.00%; ^GSPC 6090 / 6000 - 1 = +1.50%; ^IXIC 20200/20000 - 1 = +1.00%; ^NDX +0.50%.
    expect(data.returns["^RUT"]?.value).toBeCloseTo(0.04, 10);
    expect(data.returns["^GSPC"]?.value).toBeCloseTo(0.015, 10);
    expect(data.returns["^IXIC"]?.value).toBeCloseTo(0.01, 10);
    expect(data.returns["^NDX"]?.value).toBeCloseTo(0.005, 10);
    expect(data.returns["^RUT"]).toMatchObject({ baseDate: "2025-12-31", endDate: "2026-01-13" });
    // RUT-SPX = (0.04 - 0.015) x 10,000 = 250; RUT-NDX = 350; RSP-SPY = (0.025 - 0.015) x 10,000 = 100.
    expect(data.spreadsBp).toEqual({ "RUT-SPX": 250, "RUT-NDX": 350, "RSP-SPY": 100 });
    // The text reads the way a person writes it.
    expect(reply.fallback).toContain("Russell 2000 +4.00% vs S&P 500 +1.50%: small caps ahead by 250 bp.");
    expect(reply.fallback).toContain("+250 bp");
    expect(reply.fallback).toContain("+100 bp");
    expect(reply.fallback).toMatch(/^Broadening|Small caps/m);
  });

  it("states source, as-of, method and coverage in the footer", async () => {
    const reply = await ask("/rotation ytd", "2026-01-13");
    const footer = reply.blocks.find((b) => b.type === "footer") as Extract<Block, { type: "footer" }>;
    expect(footer.text).toContain("Source: CSV folder");
    expect(footer.text).toContain("as of close Tue 13 Jan 2026");
    expect(footer.text).toContain("price returns of daily closes");
    expect(footer.text).toContain("7 of 7 series priced");
    expect(footer.text).toContain("Not investment advice");
  });

  it("GIVEN 1d THEN the base is the previous session", async () => {
    const reply = await ask("/rotation 1d", "2026-01-13");
    const data = reply.data as { returns: Record<string, { value: number; baseDate: string }> };
    // 2600 / 2580 - 1 = +0.775%
    expect(data.returns["^RUT"]?.baseDate).toBe("2026-01-12");
    expect(data.returns["^RUT"]?.value).toBeCloseTo(2600 / 2580 - 1, 12);
    expect(reply.fallback).toContain("+0.78%");
  });

  it("draws a rebased chart with the IWM/SPY line on the same scale", async () => {
    const reply = await ask("/rotation ytd", "2026-01-13");
    const chart = reply.blocks.find((b) => b.type === "chart") as Extract<Block, { type: "chart" }>;
    expect(chart.spec.kind).toBe("line");
    if (chart.spec.kind !== "line") return;
    expect(chart.spec.series.map((s) => s.name)).toEqual([
      "Russell 2000",
      "S&P 500",
      "Nasdaq-100",
      "IWM/SPY line",
    ]);
    const rut = chart.spec.series[0]?.values ?? [];
    // Rebased to 100 on the base session; the last point is 2600 / 2500 x 100 = 104.
    expect(chart.spec.labels.at(-1)).toBe("2026-01-13");
    expect(rut.at(-1)).toBeCloseTo(104, 10);
    expect(chart.alt).toContain("rebased to 100");
  });

  it("GIVEN a holiday as-of THEN uses the session before and says so", async () => {
    const reply = await ask("/rotation 1d", "2026-01-01");
    expect(reply.kind).toBe("answer");
    expect(reply.fallback).toContain(
      "1 Jan 2026 was not a trading day (New Year's Day); using the close of Wed 31 Dec 2025.",
    );
    expect((reply.data as { asOf: string }).asOf).toBe("2025-12-31");
  });

  it("GIVEN a range THEN base and end follow the definitions", async () => {
    const reply = await ask("/rotation 2026-01-02..2026-01-12", "2026-01-13");
    const data = reply.data as { returns: Record<string, { value: number; endDate: string }> };
    expect(data.returns["^RUT"]?.endDate).toBe("2026-01-12");
    expect(data.returns["^RUT"]?.value).toBeCloseTo(2580 / 2500 - 1, 12);
  });
});
