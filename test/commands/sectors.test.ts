/**
 * /sectors over test/fixtures/views/sectors as at the close of Fri 27 Feb 2026.
 *
 * The folder (see its README): every close is constant within a week; week 0 = w/c Mon 8 Sep 2025,
 * week 20 = 26-30 Jan, week 24 = 23-27 Feb 2026. SPY = 100 to week 20, 104 from week 21. Each ETF
 * has RS = 100 x close / SPY = 100 until its step week, then the step value (close = SPY x RS / 100).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchText } from "../../src/core/dispatch.ts";
import type { Reply } from "../../src/core/reply.ts";
import { askIn, blocksOf, folderContext, footerOf, VIEWS_DIR } from "./views-context.ts";

interface Point {
  date: string;
  rsRatio: number;
  rsMomentum: number;
  quadrant: string;
}
interface RankRow {
  rank: number;
  symbol: string;
  spreadBp: number | null;
  rrg: Point[];
}
const ranking = (data: Record<string, unknown>) => data.ranking as RankRow[];
const row = (data: Record<string, unknown>, symbol: string) =>
  ranking(data).find((r) => r.symbol === symbol) as RankRow;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const temps: string[] = [];
afterAll(async () => {
  for (const t of temps) await rm(t, { recursive: true, force: true });
});

describe("/sectors 1m as at 27 Feb 2026", () => {
  let reply: Reply;
  beforeAll(async () => {
    reply = await askIn("sectors", "/sectors 1m");
  });

  it("answers publicly with a title naming the period", () => {
    expect(reply.kind).toBe("answer");
    expect(reply.blocks[0]).toEqual({
      type: "title",
      text: "Sectors and themes vs SPY: 1m (21 sessions), to 27 Feb 2026",
    });
  });

  it("measures 1m from the close 21 sessions back: Wed 28 Jan (Mon 16 Feb was a holiday)", () => {
    // Sessions 28 Jan .. 27 Feb: 28, 29, 30 Jan (3) + 2-6, 9-13, 17-20, 23-27 Feb (19) = 22 closes = base + 21.
    const returns = reply.data.returns as Record<string, unknown>;
    for (const r of ranking(reply.data))
      expect(returns[r.symbol]).toMatchObject({ baseDate: "2026-01-28", endDate: "2026-02-27" });
    // SPY 100 (week 20) -> 104 (week 24) = +4%.
    expect((reply.data.benchmark as { value: number }).value).toBeCloseTo(0.04, 12);
  });

  it("ranks by return with the spread to SPY in whole bp; equal returns share a rank", () => {
    // return = close(week 24) / close(week 20) - 1, close = SPY x RS / 100; spread = (r - 0.04) x 10,000:
    // XBI 104 x 1.30 / 100 = 1.352 -> +35.20%, +3120 bp    XLK 104 x 1.12 = 116.48 / 100 -> +16.48%, +1248
    // KRE 114.40 / 100 -> +14.40%, +1040                    IWM 112.32 / 100 -> +12.32%, +832
    // XLI 106.08 / 100 -> +6.08%, +208
    // XLF 124.8/120, XLY 109.2/105, XLP 99.84/96, XLU 83.2/80, XLB 105.04/101, XLC 102.96/99: all +4.00%, 0 bp
    // RSP 100.88 / 100 -> +0.88%, -312     SMH 98.8 / 100 -> -1.20%, -520    XLRE 96.72 / 100 -> -3.28%, -728
    // XLV 93.6 / 100 -> -6.40%, -1040      XLE 91.52 / 100 -> -8.48%, -1248
    const got = ranking(reply.data).map((r) => [r.rank, r.symbol, r.spreadBp]);
    expect(got.slice(0, 5)).toEqual([
      [1, "XBI", 3120],
      [2, "XLK", 1248],
      [3, "KRE", 1040],
      [4, "IWM", 832],
      [5, "XLI", 208],
    ]);
    expect(got.slice(5, 11).map(([rank, , spread]) => [rank, spread])).toEqual(Array(6).fill([6, 0]));
    expect(new Set(got.slice(5, 11).map((g) => g[1]))).toEqual(
      new Set(["XLF", "XLY", "XLP", "XLU", "XLB", "XLC"]),
    );
    expect(got.slice(11)).toEqual([
      [12, "RSP", -312],
      [13, "SMH", -520],
      [14, "XLRE", -728],
      [15, "XLV", -1040],
      [16, "XLE", -1248],
    ]);
    expect((reply.data.returns as Record<string, { value: number }>).XLK?.value).toBeCloseTo(0.1648, 12);
    const table = blocksOf(reply, "table")[0];
    expect(table?.rows[0]?.slice(0, 5)).toEqual(["1", "XBI", "Biotech", "+35.20%", "+3,120 bp"]);
  });

  it("XLK (RS 100 -> 112 in the last week) is Leading, by hand", () => {
    // SMA12 of RS at week 24 = (11 x 100 + 112) / 12 = 101; RS-Ratio = 100 x 112 / 101 = 110.891...
    // RS-Ratio of weeks 20..23 = 100 (all twelve RS were 100); RS-Momentum = 100 x 110.891 / mean(100, 100, 100, 100, 110.891)
    const ratio = (100 * 112) / 101;
    const head = row(reply.data, "XLK").rrg.at(-1) as Point;
    expect(head.date).toBe("2026-02-27");
    expect(head.rsRatio).toBeCloseTo(ratio, 9);
    expect(head.rsMomentum).toBeCloseTo((100 * ratio) / mean([100, 100, 100, 100, ratio]), 9); // 108.527...
    expect(head.quadrant).toBe("Leading");
  });

  it("XLF (RS 100 -> 120 from week 20) is Weakening: ratio above 100, momentum below", () => {
    // RS-Ratio(week w) = 100 x 120 / SMA12, SMA12 = ((12 - k) x 100 + k x 120) / 12 with k weeks at 120:
    // week 20: k=1 -> 118.033   21: k=2 -> 116.129   22: k=3 -> 114.286   23: k=4 -> 112.5   24: k=5 -> 110.769
    const r = [1, 2, 3, 4, 5].map((k) => (100 * 120) / (((12 - k) * 100 + k * 120) / 12));
    const points = row(reply.data, "XLF").rrg;
    expect(points.map((p) => p.date)).toEqual([
      "2026-01-30",
      "2026-02-06",
      "2026-02-13",
      "2026-02-20",
      "2026-02-27",
    ]);
    expect(points.map((p) => p.rsRatio)).toEqual(r.map((v) => expect.closeTo(v, 9)));
    const head = points.at(-1) as Point;
    expect(head.rsMomentum).toBeCloseTo((100 * (r[4] as number)) / mean(r), 9); // 96.87...
    expect(head.quadrant).toBe("Weakening");
    // Week 23's momentum averages ratios of weeks 19..23, week 19's being 100: 100 x 112.5 / mean(100, r1..r4).
    expect(points[3]?.rsMomentum).toBeCloseTo((100 * 112.5) / mean([100, ...r.slice(0, 4)]), 9);
  });

  it("XLE (RS 100 -> 88) is Lagging and XLU (RS 100 -> 80 from week 20) is Improving", () => {
    // XLE: SMA12 = (1100 + 88) / 12 = 99; ratio = 8800 / 99 = 88.889; momentum = 100 x 88.889 / mean(100 x 4, 88.889) = 90.909
    const xle = row(reply.data, "XLE").rrg.at(-1) as Point;
    const xleRatio = 8800 / 99;
    expect(xle.rsRatio).toBeCloseTo(xleRatio, 9);
    expect(xle.rsMomentum).toBeCloseTo((100 * xleRatio) / mean([100, 100, 100, 100, xleRatio]), 9);
    expect(xle.quadrant).toBe("Lagging");
    // XLU: ratios 100 x 80 / (((12 - k) x 100 + k x 80) / 12), k = 1..5: 81.356 82.759 84.211 85.714 87.273
    const u = [1, 2, 3, 4, 5].map((k) => (100 * 80) / (((12 - k) * 100 + k * 80) / 12));
    const xlu = row(reply.data, "XLU").rrg.at(-1) as Point;
    expect(xlu.rsRatio).toBeCloseTo(u[4] as number, 9);
    expect(xlu.rsMomentum).toBeCloseTo((100 * (u[4] as number)) / mean(u), 9); // 103.57...
    expect(xlu.quadrant).toBe("Improving");
  });

  it("draws the rotation graph: a scatter with tails, labelled heads and the four quadrants named", () => {
    const chart = blocksOf(reply, "chart")[0];
    expect(chart?.spec.kind).toBe("scatter");
    if (chart?.spec.kind !== "scatter") return;
    expect(chart.spec.quadrants).toEqual({
      xCenter: 100,
      yCenter: 100,
      labels: ["Leading", "Weakening", "Lagging", "Improving"],
    });
    expect(chart.spec.title).toContain("open approximation");
    expect(chart.spec.series).toHaveLength(16);
    const xlk = chart.spec.series.find((s) => s.name === "XLK");
    expect(xlk?.trail).toBe(true);
    expect(xlk?.points).toHaveLength(5);
    expect(xlk?.points.at(-1)).toMatchObject({ label: "XLK", x: expect.closeTo((100 * 112) / 101, 9) });
    expect(xlk?.points[0]).toEqual({ x: 100, y: 100 });
    expect(chart.alt).toMatch(/Leading: .*XLK.*; Weakening: .*XLF.*; Lagging: .*XLE.*; Improving: .*XLU/);
  });

  it("says in its footer what the rotation figures are, where the data came from and the coverage", () => {
    const footer = footerOf(reply);
    expect(footer).toContain("Source: CSV folder sectors ·");
    expect(footer).toContain("as of close Fri 27 Feb 2026");
    expect(footer).toContain("open approximation of RRG, not the proprietary JdK formulas");
    expect(footer).toContain("RS-Ratio = 100 x RS / SMA(RS, 12)");
    expect(footer).toContain("RS-Momentum = 100 x RS-Ratio / SMA(RS-Ratio, 5)");
    expect(footer).toContain("16 of 16 ETFs priced");
    expect(footer).toContain("Not investment advice");
  });
});

describe("/sectors when data is missing or short", () => {
  it("GIVEN 17 weeks (as of Wed 31 Dec 2025) THEN a tail of the 2 points there are, said so", async () => {
    const reply = await askIn("sectors", "/sectors 1m", "2025-12-31");
    expect(row(reply.data, "XLB").rrg.map((p) => p.date)).toEqual(["2025-12-26", "2025-12-31"]);
    expect(reply.fallback).toContain("Tails are 2 weeks long, not 5: the data holds 17 weeks.");
  });

  it("GIVEN no XLC file THEN names it and counts 15 of 16", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sectors-"));
    temps.push(dir);
    await cp(`${VIEWS_DIR}/sectors`, dir, { recursive: true });
    await rm(join(dir, "XLC.csv"));
    const reply = await dispatchText("/sectors", folderContext(dir));
    expect(reply.kind).toBe("answer");
    expect(reply.fallback).toContain("Missing: XLC (not found).");
    expect(footerOf(reply)).toContain("15 of 16 ETFs priced");
    expect(ranking(reply.data).map((r) => r.symbol)).not.toContain("XLC");
  });

  it("GIVEN SPY stopping on 25 Feb and XLK on 26 Feb THEN both are named with their last close", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sectors-"));
    temps.push(dir);
    await cp(`${VIEWS_DIR}/sectors`, dir, { recursive: true });
    for (const [file, last] of [
      ["SPY.csv", "2026-02-25"],
      ["XLK.csv", "2026-02-26"],
    ] as const) {
      const lines = (await readFile(join(dir, file), "utf8")).trimEnd().split("\n");
      await writeFile(
        join(dir, file),
        `${lines.filter((l, i) => i === 0 || l.slice(0, 10) <= last).join("\n")}\n`,
      );
    }
    const reply = await dispatchText("/sectors 1m", folderContext(dir));
    expect(reply.kind).toBe("answer");
    // Every spread leans on SPY: its early stop is said, not only the ETFs'.
    expect(reply.fallback).toContain("SPY has no close on 27 Feb 2026; its last is 25 Feb 2026.");
    expect(reply.fallback).toContain("XLK has no close on 27 Feb 2026; its last is 26 Feb 2026.");
  });

  it("GIVEN 15 weeks of closes (as of Fri 19 Dec 2025) THEN no rotation points and no graph, said so", async () => {
    // One point needs 12 weeks for the first RS-Ratio and 4 more for its 5-week average: 16 weeks.
    const reply = await askIn("sectors", "/sectors 1m", "2025-12-19");
    expect(reply.kind).toBe("answer");
    expect(reply.fallback).toContain(
      "Fewer than 16 weeks of common closes with SPY, so no rotation point: XLK, ",
    );
    expect(blocksOf(reply, "chart")).toEqual([]);
    expect(ranking(reply.data).every((r) => r.rrg.length === 0)).toBe(true);
    expect(blocksOf(reply, "table")[0]?.rows.every((r) => r[5] === "n/a")).toBe(true);
  });
});

describe("/sectors bad input", () => {
  it("GIVEN an unknown period THEN a user error with the periods and a /sectors example", async () => {
    const reply = await askIn("sectors", "/sectors 7q");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toMatch(/"7q" is not a period I know\. Periods: 1d 5d 1m 3m 6m ytd 1y mtd qtd/);
    expect(reply.fallback).toContain("Try: /sectors ytd");
  });

  it("GIVEN two periods THEN says it takes one", async () => {
    const reply = await askIn("sectors", "/sectors 1m 3m");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("/sectors takes one period");
    expect(reply.fallback).toContain("Try: /sectors 1m");
  });

  it("GIVEN markup as a period THEN none of it is echoed", async () => {
    const reply = await askIn("sectors", "/sectors <@U123>*bold*");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).not.toMatch(/[<>@*]/);
  });
});
