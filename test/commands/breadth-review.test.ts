import { resolve } from "node:path";
// /breadth edge cases found by review: records of another data source, dates past the bot's
// --as-of, the stale member list note, and charts that read at thumbnail size.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CsvMarketData } from "../../src/adapters/csv/csv-market-data.ts";
import { createMemberLists } from "../../src/adapters/members/index.ts";
import { parseBreadth } from "../../src/commands/breadth.ts";
import { historyChart, zeroAlignedAxes } from "../../src/commands/views/breadth-charts.ts";
import { YEAR_SESSIONS } from "../../src/core/analytics/breadth.ts";
import type { BreadthHistory } from "../../src/core/analytics/breadth-history.ts";
import { BREADTH_HISTORY_NAMESPACE } from "../../src/core/breadth/history-store.ts";
import { closesWindow } from "../../src/core/breadth/record.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { isTradingDay } from "../../src/core/market/calendar.ts";
import { addDays } from "../../src/core/market/time.ts";
import { silentLogger } from "../../src/core/ports.ts";
import type { Reply } from "../../src/core/reply.ts";
import { type HoldingsServer, startHoldingsServer } from "../adapters/members/holdings-server.ts";
import { type BreadthWorld, blocksOf, breadthWorld, CLOSES_DIR, withMembers } from "./breadth-helpers.ts";
import { memoryStore } from "./helpers.ts";

let world: BreadthWorld;
beforeAll(async () => {
  world = await breadthWorld();
});
afterAll(async () => {
  await world.close();
});

const userError = (reply: Reply) => ({ kind: reply.kind, text: reply.fallback });

describe("breadth records of another data source", () => {
  it("GIVEN a stored record from Yahoo THEN a CSV folder's history recomputes that session instead of reading it", async () => {
    await world.store.set(BREADTH_HISTORY_NAMESPACE, "RUT:2026-01-13", {
      alias: "RUT",
      date: "2026-01-13",
      mode: "close",
      source: "Yahoo Finance",
      advancing: 999,
      declining: 1,
      unchanged: 0,
      directionOf: 1000,
      members: 1000,
      priced: 1000,
      above50: { count: 1, of: 1000 },
      above200: { count: 1, of: 1000 },
      highs: { count: 0, of: 1000 },
      lows: { count: 0, of: 1000 },
      sectors: [],
      recordedAt: 0,
    });
    const reply = await world.ask("/breadth RUT history 5", "2026-01-13");
    const d = reply.data as { sessions: { date: string; advancing: number }[]; backfilled: number };
    // Recomputed with the rest of the shown sessions and their McClellan warm-up.
    expect(d.backfilled).toBeGreaterThanOrEqual(5);
    expect(d.sessions.at(-1)).toMatchObject({ date: "2026-01-13", advancing: 7 });
    const stored = await world.store.get<{ source: string; advancing: number }>(
      BREADTH_HISTORY_NAMESPACE,
      "RUT:2026-01-13",
    );
    expect(stored).toMatchObject({ source: `csv:${resolve(CLOSES_DIR)}`, advancing: 7 });
  });
});

describe("dates a close or history answer cannot have", () => {
  it("GIVEN a bot pinned to 13 Jan THEN 14 Jan is refused, pointing at the last date it has", async () => {
    const reply = await world.ask("/breadth RUT close 2026-01-14", "2026-01-13");
    expect(userError(reply)).toEqual({
      kind: "user-error",
      text: expect.stringContaining(
        "This bot answers as of the close of 13 Jan 2026, so it has no closes for 14 Jan 2026.",
      ),
    });
    expect(reply.fallback).toContain("/breadth RUT close 2026-01-13");
  });

  it("GIVEN history to a later date THEN the hint keeps the history form", async () => {
    const reply = await world.ask("/breadth RUT history 2026-01-20", "2026-01-13");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("/breadth RUT history 2026-01-13");
  });

  it("GIVEN a future date typed in chat THEN the hint is a /breadth command, not the terminal's --as-of", async () => {
    // LATER is Mon 2 Feb 2026, 10:00 New York: the last completed session is Fri 30 Jan.
    const reply = await world.ask("/breadth RUT close 2027-01-04");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("4 Jan 2027 is in the future.");
    expect(reply.fallback).toContain("/breadth RUT close 2026-01-30");
    expect(reply.fallback).not.toContain("--as-of");
  });

  it("GIVEN a session before the member list's own date THEN the reply says whose members it counted", async () => {
    const reply = await world.ask("/breadth RUT close 2026-01-12", "2026-01-13");
    expect(reply.kind).toBe("answer");
    expect(reply.fallback).toContain(
      "Counted over the member list of 13 Jan 2026: members that joined or left the index after 12 Jan 2026 are not accounted for.",
    );
    const onListDate = await world.ask("/breadth RUT close 2026-01-13", "2026-01-13");
    expect(onListDate.fallback).not.toContain("Counted over the member list");
  });
});

describe("a member list that cannot be refreshed", () => {
  let server: HoldingsServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it("GIVEN the publisher failing the next day THEN the reply says the stored copy's age and date", async () => {
    const file = fileURLToPath(new URL("../fixtures/closes/constituents/RUT.csv", import.meta.url));
    server = await startHoldingsServer(readFileSync(file, "utf8"));
    // Tue 13 Jan 2026 18:00 New York, then Wed 14 Jan 20:00.
    let now = Date.parse("2026-01-13T23:00:00Z");
    const clock = { now: () => now };
    const lists = createMemberLists(
      { urls: { RUT: server.url } },
      { store: memoryStore, clock, logger: silentLogger },
    );
    const ask = () =>
      dispatchText(
        "/breadth RUT close 2026-01-13",
        withMembers(
          {
            market: new CsvMarketData({ dir: CLOSES_DIR, clock, asOf: "2026-01-13" }),
            store: memoryStore,
            clock,
            logger: silentLogger,
            requester: { platform: "cli" },
          },
          lists,
        ),
      );
    const first = await ask();
    expect(first.kind).toBe("answer");
    expect(first.fallback).not.toContain("could not be refreshed");
    now += 26 * 3_600_000;
    server.answer(200, "<html><body>Access denied</body></html>");
    const later = await ask();
    expect(later.kind).toBe("answer");
    const host = new URL(server.url).host;
    expect(later.fallback).toContain(
      `The member list could not be refreshed (holdings file from ${host}); using the copy stored 26 h 0 min ago, dated 13 Jan 2026.`,
    );
    expect((later.data as { memberList: { staleAgeMs: number } }).memberList.staleAgeMs).toBe(26 * 3_600_000);
  });
});

describe("charts that read as a thumbnail", () => {
  it("GIVEN a snapshot THEN each bar's label carries its figure, n/a where too few are counted", async () => {
    const reply = await world.ask("/breadth RUT", "2026-01-13");
    const [panel, sectors] = blocksOf(reply, "chart").map((c) => c.spec);
    expect(panel?.kind === "bar" && panel.labels).toEqual([
      "Advancing 58.3%",
      "Declining 33.3%",
      "Above 50-day 75.0%",
      "Above 200-day 90.9%",
      "52-week highs 27.3%",
      "52-week lows 0.0%",
    ]);
    // Sector labels say how many members each sector's shares rest on.
    expect(sectors?.kind === "bar" && sectors.labels).toContain("Industrials (3)");
  });

  it("GIVEN every sector alike THEN no sector is called strongest or weakest", async () => {
    // On 8 Jan every one of the five NDX members advanced.
    const reply = await world.ask("/breadth NDX close 2026-01-08", "2026-01-13");
    expect(reply.kind).toBe("answer");
    expect(reply.fallback).not.toContain("Strongest sectors");
  });

  it("GIVEN an A/D line and an oscillator of different sizes THEN both axes put zero on the same line", () => {
    const ad = [-40, 200, 1_100, 380, 1_090];
    const osc = [null, null, -37, -5, 6.4];
    const [left, right] = zeroAlignedAxes([ad, osc]);
    if (!left || !right) throw new Error("two axes expected");
    // zero at the same height on both
    expect(-left.min / (left.max - left.min)).toBeCloseTo(-right.min / (right.max - right.min), 12);
    // every value inside its axis
    expect(left.min).toBeLessThanOrEqual(-40);
    expect(left.max).toBeGreaterThanOrEqual(1_100);
    expect(right.min).toBeLessThanOrEqual(-37);
    expect(right.max).toBeGreaterThanOrEqual(6.4);
    // round ends: eight steps of 1, 2, 2.5 or 5 times a power of ten
    for (const axis of [left, right]) {
      const step = (axis.max - axis.min) / 8;
      expect(step / 10 ** Math.floor(Math.log10(step))).toBeOneOf([1, 2, 2.5, 5]);
    }
  });

  it("GIVEN a history THEN the chart's axes share their zero", () => {
    const h = {
      dates: ["2026-01-12", "2026-01-13"],
      adLine: [5, 12],
      mcclellan: [null, -0.3],
    } as unknown as BreadthHistory;
    const spec = historyChart("Russell 2000", h);
    if (spec.kind !== "line") throw new Error("line chart expected");
    const { left, right } = spec;
    expect(left?.min).toBeLessThan(0);
    expect(right?.min).toBeLessThanOrEqual(-0.3);
    const zero = (a: { min?: number; max?: number } | undefined) =>
      -(a?.min ?? Number.NaN) / ((a?.max ?? Number.NaN) - (a?.min ?? Number.NaN));
    expect(zero(left)).toBeCloseTo(zero(right), 12);
  });
});

describe("the window of closes a session's 52-week measures read", () => {
  it("GIVEN any session from 2024 to 2027 THEN the window holds the 252 sessions and ten more to spare", () => {
    let fewest = Number.POSITIVE_INFINITY;
    for (let d = "2024-01-02"; d <= "2027-12-31"; d = addDays(d, 1)) {
      if (!isTradingDay(d)) continue;
      const { from, to } = closesWindow(d, d);
      expect(to).toBe(d);
      let n = 0;
      for (let x = from; x <= d; x = addDays(x, 1)) if (isTradingDay(x)) n++;
      fewest = Math.min(fewest, n);
    }
    expect(fewest).toBeGreaterThanOrEqual(YEAR_SESSIONS + 10);
  });

  it("refuses live history, which has no meaning", () => {
    expect(() => parseBreadth("RUT history live")).toThrow(/drop `live`/);
  });
});

describe("/leaders over a range reaching past the latest close", () => {
  it("GIVEN 2 Jan..20 Jan on a bot pinned to 13 Jan THEN the title says where it stops and a note says why", async () => {
    const reply = await world.ask("/leaders RUT 2026-01-02..2026-01-20 3", "2026-01-13");
    expect(reply.kind).toBe("answer");
    expect(blocksOf(reply, "title")[0]?.text).toBe(
      "Russell 2000 leaders and laggards, 2 Jan 2026 to 13 Jan 2026",
    );
    expect(reply.fallback).toContain(
      "The range asked runs to 20 Jan 2026; the latest close available is 13 Jan 2026.",
    );
    // the chart labels carry each return; KORA (+15.6% from the 31 Dec close) ranks first
    const spec = blocksOf(reply, "chart")[0]?.spec;
    expect(spec?.kind === "bar" && spec.labels[0]).toMatch(/^KORA \+\d+\.\d%$/);
  });
});
