/**
 * /macro over test/fixtures/views/macro: closes in straight lines between three anchors,
 * 2 Jan / 28 Jan / 27 Feb 2026 (yields in percent as Yahoo quotes them):
 *   ^IRX 3.70 / 3.60 / 3.55    ^FVX 3.75 / 3.80 / 3.92    ^TNX 4.10 / 4.20 / 4.35
 *   ^TYX 4.70 / 4.80 / 4.86    ^VIX 15 / 16 / 20          ^RVX 21 / 22 / 24.20
 * 1m as at 27 Feb: base = the close of Wed 28 Jan (21 sessions back, 16 Feb a holiday).
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchText } from "../../src/core/dispatch.ts";
import type { Reply } from "../../src/core/reply.ts";
import { askIn, blocksOf, folderContext, footerOf, VIEWS_DIR } from "./views-context.ts";

const fields = (reply: Reply) =>
  Object.fromEntries(blocksOf(reply, "fields").flatMap((b) => b.fields.map((f) => [f.label, f.value])));

describe("/macro 1m as at 27 Feb 2026", () => {
  let reply: Reply;
  beforeAll(async () => {
    reply = await askIn("macro", "/macro 1m");
  });

  it("yield changes in bp: (latest - base) x 100", () => {
    // ^IRX 3.55 - 3.60 = -0.05 pp = -5 bp; ^FVX 3.92 - 3.80 = +12 bp; ^TNX 4.35 - 4.20 = +15 bp; ^TYX 4.86 - 4.80 = +6 bp
    expect(reply.data.yieldChangesBp).toEqual({ "^IRX": -5, "^FVX": 12, "^TNX": 15, "^TYX": 6 });
    const rows = blocksOf(reply, "table")[0]?.rows ?? [];
    expect(rows[2]).toEqual([
      "10-year yield",
      "^TNX",
      "4.20% (28 Jan 2026)",
      "4.35% (27 Feb 2026)",
      "+15 bp",
    ]);
    expect(rows[0]?.[4]).toBe("-5 bp");
  });

  it("10y-3m slope = ^TNX - ^IRX: 0.60 pp -> 0.80 pp, steepening by 20 bp", () => {
    // base 4.20 - 3.60 = 0.60 pp (60 bp); latest 4.35 - 3.55 = 0.80 pp (80 bp); change +20 bp
    const slope = reply.data.slope as Record<string, number | string>;
    expect(slope).toMatchObject({
      baseDate: "2026-01-28",
      endDate: "2026-02-27",
      baseBp: 60,
      endBp: 80,
      changeBp: 20,
    });
    expect(slope.basePp).toBeCloseTo(0.6, 12);
    expect(slope.endPp).toBeCloseTo(0.8, 12);
    expect(fields(reply)["Slope change"]).toBe("+20 bp (steepening)");
    expect(reply.fallback).toContain(
      "The 10y-3m curve steepened by 20 bp: 0.80 pp (+80 bp), upward sloping.",
    );
  });

  it("volatility changes in points and percent", () => {
    // VIX 20 - 16 = +4.00 points, 20 / 16 - 1 = +25.0%; RVX 24.20 - 22 = +2.20 points, 24.2 / 22 - 1 = +10.0%
    const rows = blocksOf(reply, "table")[0]?.rows ?? [];
    expect(rows[4]?.slice(1)).toEqual([
      "^VIX",
      "16.00 (28 Jan 2026)",
      "20.00 (27 Feb 2026)",
      "+4.00 pts (+25.0%)",
    ]);
    expect(rows[5]?.[4]).toBe("+2.20 pts (+10.0%)");
  });

  it("a small line chart: 3m, 10y and their slope on the left, the VIX on the right", () => {
    const chart = blocksOf(reply, "chart")[0];
    expect(chart?.spec.kind).toBe("line");
    if (chart?.spec.kind !== "line") return;
    expect(chart.spec.series.map((s) => [s.name, s.axis ?? "left"])).toEqual([
      ["3m yield %", "left"],
      ["10y yield %", "left"],
      ["10y-3m, pp", "left"],
      ["VIX (right)", "right"],
    ]);
    expect(chart.spec.labels[0]).toBe("2026-01-28");
    expect(chart.spec.series[2]?.values.at(-1)).toBeCloseTo(0.8, 9);
  });

  it("footer: yields in percent, changes in bp, slope definition, coverage", () => {
    const footer = footerOf(reply);
    expect(footer).toContain("in percent: 4.25 = 4.25%");
    expect(footer).toContain("yield changes in bp = (latest - base) x 100");
    expect(footer).toContain("10y-3m slope = ^TNX - ^IRX in percentage points");
    expect(footer).toContain("6 of 6 series priced");
    expect(footer).toContain("Not investment advice");
  });
});

describe("/macro other periods and missing data", () => {
  const temps: string[] = [];
  afterAll(async () => {
    for (const t of temps) await rm(t, { recursive: true, force: true });
  });

  it("GIVEN a range ending 28 Jan THEN base is the 2 Jan close and the end is 28 Jan", async () => {
    // ^IRX 3.70 -> 3.60: -10 bp; ^TNX 4.10 -> 4.20: +10 bp; slope 0.40 pp -> 0.60 pp: +20 bp
    const reply = await askIn("macro", "/macro 2026-01-05..2026-01-28");
    expect(reply.data.yieldChangesBp).toMatchObject({ "^IRX": -10, "^TNX": 10 });
    expect(reply.data.slope).toMatchObject({ baseDate: "2026-01-02", endDate: "2026-01-28", changeBp: 20 });
  });

  it("GIVEN ytd with no 2025 closes THEN a user error naming every short series", async () => {
    const reply = await askIn("macro", "/macro ytd");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain(
      "Not enough history for this period: ^IRX, ^FVX, ^TNX, ^TYX, ^VIX, ^RVX.",
    );
  });

  it("GIVEN no ^RVX file THEN it is named missing and its row says n/a", async () => {
    const dir = await mkdtemp(join(tmpdir(), "macro-"));
    temps.push(dir);
    await cp(`${VIEWS_DIR}/macro`, dir, { recursive: true });
    await rm(join(dir, "^RVX.csv"));
    const reply = await dispatchText("/macro", folderContext(dir));
    expect(reply.kind).toBe("answer");
    expect(reply.fallback).toContain("Missing: ^RVX (not found).");
    expect(blocksOf(reply, "table")[0]?.rows[5]).toEqual([
      "RVX (Russell 2000 volatility)",
      "^RVX",
      "n/a",
      "n/a",
      "n/a",
    ]);
    expect(footerOf(reply)).toContain("5 of 6 series priced");
  });

  it("GIVEN ^TNX stopping on 12 Feb THEN it is named with its last close, and the chart still runs to 27 Feb", async () => {
    const dir = await mkdtemp(join(tmpdir(), "macro-"));
    temps.push(dir);
    await cp(`${VIEWS_DIR}/macro`, dir, { recursive: true });
    const lines = (await readFile(join(dir, "^TNX.csv"), "utf8")).trimEnd().split("\n");
    await writeFile(
      join(dir, "^TNX.csv"),
      `${lines.filter((l, i) => i === 0 || l.slice(0, 10) <= "2026-02-12").join("\n")}\n`,
    );
    const reply = await dispatchText("/macro 1m", folderContext(dir));
    expect(reply.kind).toBe("answer");
    // Not "not enough history": the closes stop early, and the reply says where.
    expect(reply.fallback).toContain("^TNX has no close on 27 Feb 2026; its last is 12 Feb 2026.");
    expect(reply.fallback).not.toContain("Not enough history");
    const chart = blocksOf(reply, "chart")[0];
    if (chart?.spec.kind !== "line") throw new Error("no line chart");
    // 28 Jan (the 1m base) to 27 Feb: the ^IRX and ^VIX sessions, whatever ^TNX lacks.
    expect(chart.spec.labels[0]).toBe("2026-01-28");
    expect(chart.spec.labels.at(-1)).toBe("2026-02-27");
    const tnx = chart.spec.series.find((s) => s.name === "10y yield %")?.values ?? [];
    expect(tnx.at(-1)).toBeNull();
  });

  it("GIVEN an unknown period THEN a user error with a /macro example", async () => {
    const reply = await askIn("macro", "/macro 2w");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toMatch(/"2w" is not a period I know/);
    expect(reply.fallback).toContain("Try: /macro ytd");
  });
});
