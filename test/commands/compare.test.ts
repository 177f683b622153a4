/**
 * /compare over test/fixtures/views/compare as at the close of Fri 27 Feb 2026. Closes move in
 * straight lines between anchor closes, so peaks and troughs sit on anchors:
 *   IWM 250 (2 Jan), 200 (28 Jan), 220 (6 Feb), 187 (13 Feb), 230 (27 Feb)
 *   SPY 590 (2 Jan), 600 (28 Jan), 630 (10 Feb), 598.5 (20 Feb), 612 (27 Feb)
 *   QQQ 520 (2 Jan), 500 (28 Jan), 475 (27 Feb)        RSP 170 (2 Jan), 180 (28 Jan), 189 (27 Feb)
 * 1m = 21 sessions: the base is the close of Wed 28 Jan (16 Feb was a holiday).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Reply } from "../../src/core/reply.ts";
import { askIn, blocksOf, footerOf } from "./views-context.ts";

type Figures = Record<string, { value: number; baseDate: string; baseClose: number; endClose: number }>;
type Drawdowns = Record<string, { value: number; peakDate: string; troughDate: string }>;

describe("/compare IWM SPY QQQ RSP 1m", () => {
  let reply: Reply;
  beforeAll(async () => {
    reply = await askIn("compare", "/compare IWM SPY QQQ RSP 1m");
  });

  it("returns from the 28 Jan base", () => {
    const r = reply.data.returns as Figures;
    // IWM 230 / 200 - 1 = +15%; SPY 612 / 600 - 1 = +2%; QQQ 475 / 500 - 1 = -5%; RSP 189 / 180 - 1 = +5%
    expect(r.IWM).toMatchObject({ baseDate: "2026-01-28", baseClose: 200, endClose: 230 });
    expect(r.IWM?.value).toBeCloseTo(0.15, 12);
    expect(r.SPY?.value).toBeCloseTo(0.02, 12);
    expect(r.QQQ?.value).toBeCloseTo(-0.05, 12);
    expect(r.RSP?.value).toBeCloseTo(0.05, 12);
    expect(blocksOf(reply, "table")[0]?.rows.map((row) => row.slice(0, 2))).toEqual([
      ["IWM", "+15.00%"],
      ["SPY", "+2.00%"],
      ["QQQ", "-5.00%"],
      ["RSP", "+5.00%"],
    ]);
  });

  it("pairwise spreads in whole bp, row minus column", () => {
    // (0.15 - 0.02) x 10,000 = 1300; (0.15 + 0.05) = 2000; (0.15 - 0.05) = 1000;
    // (0.02 + 0.05) = 700; (0.02 - 0.05) = -300; (-0.05 - 0.05) = -1000
    expect(reply.data.spreadsBp).toEqual({
      "IWM-SPY": 1300,
      "IWM-QQQ": 2000,
      "IWM-RSP": 1000,
      "SPY-QQQ": 700,
      "SPY-RSP": -300,
      "QQQ-RSP": -1000,
    });
    const matrix = blocksOf(reply, "table")[1];
    expect(matrix?.columns).toEqual(["bp", "IWM", "SPY", "QQQ", "RSP"]);
    expect(matrix?.rows[0]).toEqual(["IWM", "-", "+1,300 bp", "+2,000 bp", "+1,000 bp"]);
    expect(matrix?.rows[2]).toEqual(["QQQ", "-2,000 bp", "-700 bp", "-", "-1,000 bp"]);
  });

  it("max drawdown within the period only (IWM's 250 of 2 Jan is before it)", () => {
    const dd = reply.data.maxDrawdown as Drawdowns;
    // IWM: 220 (6 Feb) -> 187 (13 Feb): 187 / 220 - 1 = -15%  (from 250 it would be -25.2%)
    expect(dd.IWM).toMatchObject({ peakDate: "2026-02-06", troughDate: "2026-02-13" });
    expect(dd.IWM?.value).toBeCloseTo(187 / 220 - 1, 12);
    // SPY: 630 (10 Feb) -> 598.5 (20 Feb): 598.5 / 630 - 1 = -5%
    expect(dd.SPY).toMatchObject({ peakDate: "2026-02-10", troughDate: "2026-02-20" });
    expect(dd.SPY?.value).toBeCloseTo(-0.05, 12);
    // QQQ falls all the way from its base: 475 / 500 - 1 = -5%
    expect(dd.QQQ).toMatchObject({ peakDate: "2026-01-28", troughDate: "2026-02-27" });
    expect(dd.QQQ?.value).toBeCloseTo(-0.05, 12);
    // RSP only rises: no drawdown
    expect(dd.RSP?.value).toBe(0);
    const rows = blocksOf(reply, "table")[0]?.rows;
    expect(rows?.[0]?.slice(2, 4)).toEqual(["-15.00%", "6 Feb 2026 to 13 Feb 2026"]);
    expect(rows?.[3]?.slice(2, 4)).toEqual(["none", ""]);
  });

  it("a line chart of all four rebased to 100 on the base date", () => {
    const chart = blocksOf(reply, "chart")[0];
    expect(chart?.spec.kind).toBe("line");
    if (chart?.spec.kind !== "line") return;
    expect(chart.spec.labels[0]).toBe("2026-01-28");
    expect(chart.spec.labels.at(-1)).toBe("2026-02-27");
    expect(chart.spec.labels).toHaveLength(22);
    expect(chart.spec.series.map((s) => s.name)).toEqual(["IWM", "SPY", "QQQ", "RSP"]);
    for (const s of chart.spec.series) expect(s.values[0]).toBe(100);
    // IWM 230 / 200 x 100 = 115; QQQ 475 / 500 x 100 = 95
    expect(chart.spec.series[0]?.values.at(-1)).toBeCloseTo(115, 9);
    expect(chart.spec.series[2]?.values.at(-1)).toBeCloseTo(95, 9);
  });

  it("headline and footer: best, worst, definitions, coverage", () => {
    expect(reply.fallback).toContain("Best IWM +15.00%, worst QQQ -5.00%: a gap of 2,000 bp.");
    const footer = footerOf(reply);
    expect(footer).toContain("as of close Fri 27 Feb 2026");
    expect(footer).toContain("spread = (return A - return B) x 10,000, in whole bp");
    expect(footer).toContain("max drawdown = largest fall from a running peak close");
    expect(footer).toContain("4 of 4 tickers priced");
    expect(footer).toContain("Not investment advice");
  });
});

describe("/compare with missing or short data", () => {
  it("GIVEN RUT (an index word) not in the folder THEN ^RUT is named missing, the rest answered", async () => {
    const reply = await askIn("compare", "/compare IWM RUT SPY 1m");
    expect(reply.kind).toBe("answer");
    expect(reply.fallback).toContain("Missing: ^RUT (not found).");
    expect(footerOf(reply)).toContain("2 of 3 tickers priced");
    expect(reply.data.spreadsBp).toEqual({ "IWM-SPY": 1300 });
  });

  it("GIVEN 6m but only two months of closes THEN a user error that names the short series", async () => {
    const reply = await askIn("compare", "/compare IWM SPY 6m");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("Not enough history for this period: IWM, SPY.");
  });

  it("GIVEN a range THEN the base is the last close before it", async () => {
    // 2026-02-09..2026-02-20: base = the close of Fri 6 Feb (IWM 220, an anchor), end = Fri 20 Feb.
    const reply = await askIn("compare", "/compare IWM QQQ 2026-02-09..2026-02-20");
    const r = reply.data.returns as Figures;
    expect(r.IWM).toMatchObject({ baseDate: "2026-02-06", baseClose: 220 });
    expect(reply.data.asOf).toBe("2026-02-20");
  });
});

describe("/compare bad input", () => {
  it("GIVEN seven tickers THEN says the limit of six", async () => {
    const reply = await askIn("compare", "/compare IWM SPY QQQ RSP DIA XLF XLK");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("That is 7 tickers; /compare takes up to 6 at a time.");
    expect(reply.fallback).toContain("Try: /compare IWM SPY QQQ RSP 6m");
  });

  it("GIVEN a ticker with other characters THEN names its position, not its text", async () => {
    const reply = await askIn("compare", "/compare IWM $SPY<@U1>");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("Ticker 2 is not a symbol");
    expect(reply.fallback).not.toMatch(/[$<>@]/);
  });

  it("GIVEN one ticker THEN asks for two to six", async () => {
    const reply = await askIn("compare", "/compare IWM 1m");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("Give two to six different tickers");
  });

  it("GIVEN an unknown period THEN the periods, with a /compare example of the same tickers", async () => {
    const reply = await askIn("compare", "/compare IWM SPY 7q");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toMatch(/"7q" is not a period I know/);
    expect(reply.fallback).toContain("Try: /compare IWM SPY ytd");
  });
});
