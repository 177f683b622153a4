/**
 * /brief as of Tue 13 Jan 2026 on test/fixtures/closes plus test/fixtures/brief (sector ETFs and
 * rates, see its README), through the real dispatcher and CsvMarketData, with the RUT member list
 * from the fixture's constituents and a real SQLite store. Figures by hand from the two READMEs;
 * the previous session's breadth from the plain computation in naive-breadth.ts.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvMarketData } from "../../src/adapters/csv/csv-market-data.ts";
import { createMemberLists } from "../../src/adapters/members/index.ts";
import { createStore } from "../../src/adapters/store/create-store.ts";
import { sessionToCover } from "../../src/commands/brief.ts";
import { commands } from "../../src/commands/index.ts";
import { latestBrief, saveLatestBrief } from "../../src/core/brief/latest.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { type Store, silentLogger } from "../../src/core/ports.ts";
import type { Block, Reply } from "../../src/core/reply.ts";
import { FIXTURE_RUT_MEMBERS } from "./breadth-helpers.ts";
import { CLOSES_DIR, LATER } from "./helpers.ts";
import { naiveBreadth, readCloses, readFolder } from "./naive-breadth.ts";

const BRIEF_DIR = fileURLToPath(new URL("../fixtures/brief", import.meta.url));
const MEMBERS = FIXTURE_RUT_MEMBERS;

let dir: string;
let store: Store;
let reply: Reply;

async function ask(text: string, asOf: string | undefined, now = LATER): Promise<Reply> {
  const clock = { now: () => now };
  return dispatchText(text, {
    commands,
    market: new CsvMarketData({ dir, clock, ...(asOf ? { asOf } : {}) }),
    members: createMemberLists({ csvDir: dir }, { store, clock, logger: silentLogger }),
    store,
    clock,
    logger: silentLogger,
    ...(asOf ? { asOf } : {}),
    requester: { platform: "cli" },
  });
}

const blocks = <T extends Block["type"]>(type: T) =>
  reply.blocks.filter((b): b is Extract<Block, { type: T }> => b.type === type);
const field = (label: string) =>
  blocks("fields")
    .flatMap((b) => b.fields)
    .find((f) => f.label === label)?.value;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "brief-"));
  await cp(CLOSES_DIR, dir, { recursive: true });
  await cp(BRIEF_DIR, dir, { recursive: true });
  store = await createStore({ sqlitePath: join(dir, "store.sqlite") }, silentLogger);
  reply = await ask("/brief", "2026-01-13");
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe("/brief as of 13 Jan 2026", () => {
  it("is one answer with one chart, saying which session it covers", () => {
    expect(reply.kind, reply.fallback).toBe("answer");
    expect(blocks("title")[0]?.text).toBe("Morning brief: close of Tue 13 Jan 2026");
    expect(reply.fallback).toContain("Morning brief: close of Tue 13 Jan 2026");
    // The title names the session; a plain "Covers the close of" line would only repeat it.
    expect(reply.fallback).not.toContain("Covers the close of");
    expect(blocks("chart")).toHaveLength(1);
  });

  it("is kept as the latest brief (text only) for the Slack App Home; an earlier session never replaces it", async () => {
    const latest = await latestBrief(store);
    expect(latest?.session).toBe("2026-01-13");
    expect(latest?.blocks.map((b) => b.type)).not.toContain("chart");
    expect(latest?.blocks).toEqual(reply.blocks.filter((b) => b.type !== "chart"));
    await saveLatestBrief(
      store,
      { session: "2026-01-12", reply: { ...reply, blocks: [{ type: "title", text: "older" }] }, now: LATER },
      silentLogger,
    );
    expect((await latestBrief(store))?.session).toBe("2026-01-13");
  });

  it("rotation: 1d and YTD returns and spreads as worked by hand", () => {
    const table = blocks("table")[0];
    expect(table?.columns).toEqual(["", "1d", "5d", "YTD"]);
    // 1d: 2600 / 2580 - 1 = +0.78%, 6090 / 6060 - 1 = +0.50%; YTD: 2600 / 2500 - 1, 6090 / 6000 - 1.
    expect(table?.rows[0]).toEqual(["Russell 2000", "+0.78%", expect.any(String), "+4.00%"]);
    expect(table?.rows[1]).toEqual(["S&P 500", "+0.50%", expect.any(String), "+1.50%"]);
    // (0.0077519 - 0.0049505) x 10,000 = 28.01 -> +28 bp; YTD (0.04 - 0.015) x 10,000 = +250 bp.
    expect(table?.rows[2]?.[1]).toBe("+28 bp");
    expect(table?.rows.slice(2).map((r) => r[3])).toEqual(["+250 bp", "+350 bp", "+100 bp"]);
    const data = reply.data.rotation as Record<string, { returns: Record<string, { baseDate: string }> }>;
    // 5 sessions back from 13 Jan: 12, 9, 8, 7, 6 Jan -> base 6 Jan.
    expect(data["5d"]?.returns["^RUT"]?.baseDate).toBe("2026-01-06");
    expect(data.ytd?.returns["^RUT"]?.baseDate).toBe("2025-12-31");
  });

  it("sector leaders and laggards of the day, with the spread to SPY", () => {
    expect(field("Sector leaders, 1 day")).toBe(
      "XLK +2.00% (+150 bp vs SPY), SMH +1.50% (+100 bp vs SPY), XLI +1.00% (+50 bp vs SPY)",
    );
    expect(field("Sector laggards, 1 day")).toBe(
      "XLU -2.00% (-250 bp vs SPY), XLE -1.00% (-150 bp vs SPY), XLP -0.50% (-100 bp vs SPY)",
    );
    // The ETFs without closes are named, not dropped silently.
    expect(reply.fallback).toMatch(/Missing: .*XLV \(not found\)/);
  });

  it("rates and volatility: levels and day changes", () => {
    expect(field("13-week bill (^IRX)")).toBe("3.55% (-7 bp)");
    expect(field("10-year (^TNX)")).toBe("4.20% (+5 bp)");
    expect(field("10y - 3m slope")).toBe("0.65 pp (+65 bp), +12 bp on the day");
    expect(field("VIX")).toBe("14.50 (-1.50 pts)");
    expect(field("RVX (Russell 2000)")).toBe("22.25 (+1.25 pts)");
  });

  it("breadth of the Russell 2000 with the change since 12 Jan; the S&P 500's absence is named", () => {
    const sessions = [...readCloses(join(CLOSES_DIR, "^RUT.csv")).keys()].sort();
    const before = naiveBreadth(readFolder(CLOSES_DIR, MEMBERS), sessions, sessions.indexOf("2026-01-12"));
    const breadth = reply.data.breadth as Record<string, Record<string, unknown>>;
    // README: 7 advancing, 4 declining, 1 unchanged; 9 of 12 above the 50-day; 10 of 11 above the 200-day.
    expect(breadth.RUT).toMatchObject({
      date: "2026-01-13",
      advancing: 7,
      declining: 4,
      unchanged: 1,
      above50: { count: 9, of: 12 },
      above200: { count: 10, of: 11 },
      highs: 3,
      lows: 0,
      previousDate: "2026-01-12",
    });
    const [count, of] = before.above50;
    expect(breadth.RUT?.above50ChangePp).toBeCloseTo(75 - (count / of) * 100, 10);
    const rows = blocks("table")[1]?.rows ?? [];
    const net = 7 - 4;
    const netBefore = before.advancing - before.declining;
    expect(rows[0]?.[1]).toBe(
      `7 / 4 / 1, net +${net} (${net - netBefore >= 0 ? "+" : ""}${net - netBefore})`,
    );
    expect(rows[1]?.[1]).toMatch(/^75\.0% \(9\/12\), /);
    expect(breadth.SPX).toMatchObject({ unavailable: expect.stringContaining("SPX") });
    expect(reply.fallback).toContain("S&P 500 breadth unavailable:");
  });

  it("gives the Russell 2000's record close a line, with the record it beat", () => {
    // ^RUT closes 13 Jan at 2,600, above every earlier close in the data (12 Jan: 2,580).
    expect(reply.fallback).toContain(
      "Russell 2000 record close: 2,600.00, the highest close in the data (since 2 Dec 2024); the previous record was 2,580.00 on 12 Jan 2026.",
    );
    const events = reply.data.events as { type: string }[];
    expect(events.map((e) => e.type)).toContain("record-close");
  });

  it("states source, as-of and methods in the footer", () => {
    const footer = blocks("footer")[0]?.text ?? "";
    expect(footer).toContain("Source: CSV folder");
    expect(footer).toContain("as of close Tue 13 Jan 2026");
    expect(footer).toContain("spread = (return A - return B) x 10,000 bp");
    expect(footer).toContain("Not investment advice");
  });

  it("the chart: Russell 2000, S&P 500, the IWM/SPY line and its average, all rebased to 100 on one axis", () => {
    const chart = blocks("chart")[0];
    expect(chart?.spec.kind).toBe("line");
    if (chart?.spec.kind !== "line") return;
    expect(chart.spec.series.map((s) => s.name)).toEqual([
      "Russell 2000",
      "S&P 500",
      "IWM/SPY",
      "IWM/SPY 50-session average",
    ]);
    // One axis: every line is rebased to 100, so 100 means the same height for all four.
    expect(chart.spec.series.every((s) => s.axis === undefined)).toBe(true);
    expect(chart.spec.right).toBeUndefined();
    expect(chart.spec.series[2]?.values[0]).toBeCloseTo(100, 10);
    expect(chart.spec.labels).toHaveLength(64);
    expect(chart.spec.labels.at(-1)).toBe("2026-01-13");
    expect(chart.spec.series[0]?.values[0]).toBe(100);
  });
});

describe("which session a brief covers", () => {
  it("on a weekend, a holiday, before the open, during and after the session", () => {
    // Sat 17 Jan 2026, noon New York.
    expect(sessionToCover(undefined, Date.parse("2026-01-17T17:00:00Z"))).toMatchObject({
      session: "2026-01-16",
      coverage: "Covers the close of Fri 16 Jan 2026: the market is closed today, Sat 17 Jan 2026 (weekend).",
    });
    // Thanksgiving 2026.
    expect(sessionToCover(undefined, Date.parse("2026-11-26T13:30:00Z")).coverage).toBe(
      "Covers the close of Wed 25 Nov 2026: the market is closed today, Thu 26 Nov 2026 (Thanksgiving Day).",
    );
    // Fri 27 Nov 2026 08:30: the early-close day, before its open.
    expect(sessionToCover(undefined, Date.parse("2026-11-27T13:30:00Z")).coverage).toBe(
      "Covers the close of Wed 25 Nov 2026; today's session opens at 09:30 New York.",
    );
    expect(sessionToCover(undefined, Date.parse("2026-11-27T17:00:00Z")).coverage).toContain("under way");
    // 13:30 on the early-close day: the session closed at 13:00.
    expect(sessionToCover(undefined, Date.parse("2026-11-27T18:30:00Z")).coverage).toBe(
      "Covers today's close, Fri 27 Nov 2026.",
    );
  });

  it("GIVEN /brief with words after it THEN a private user error", async () => {
    const r = await ask("/brief ytd", "2026-01-13");
    expect(r).toMatchObject({ kind: "user-error", visibility: "private" });
  });
});
