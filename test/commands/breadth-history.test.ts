// /breadth <INDEX> history end to end: back-filled from the fixture's closes, stored, resumed, and
// checked session by session against a separate plain computation (naive-breadth.ts).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvMarketData } from "../../src/adapters/csv/csv-market-data.ts";
import { createMemberLists } from "../../src/adapters/members/index.ts";
import { createStore } from "../../src/adapters/store/create-store.ts";
import { BREADTH_HISTORY_NAMESPACE } from "../../src/core/breadth/history-store.ts";
import { recordBreadthSnapshot } from "../../src/core/breadth/record.ts";
import { silentLogger } from "../../src/core/ports.ts";
import {
  type BreadthWorld,
  blocksOf,
  breadthWorld,
  CLOSES_DIR,
  FIXTURE_RUT_MEMBERS,
  fieldValue,
  withMembers,
} from "./breadth-helpers.ts";
import { naiveBreadth, readCloses, readFolder } from "./naive-breadth.ts";

const RUT_MEMBERS = FIXTURE_RUT_MEMBERS;

interface HistoryData {
  sessions: {
    date: string;
    advancing: number;
    declining: number;
    unchanged: number;
    above50: { count: number; of: number };
    highs: { count: number; of: number };
    lows: { count: number; of: number };
  }[];
  history: { adLine: number[]; mcclellan: (number | null)[]; summation: (number | null)[] };
  backfilled: number;
  dropped: string[];
}

let world: BreadthWorld;
beforeAll(async () => {
  world = await breadthWorld();
});
afterAll(async () => {
  await world.close();
});

const sessions = [...readCloses(join(CLOSES_DIR, "^RUT.csv")).keys()].sort();
const members = readFolder(CLOSES_DIR, RUT_MEMBERS);

describe("/breadth RUT history 45, as of 13 Jan 2026", () => {
  it("GIVEN nothing stored THEN back-fills every session the EMAs need, with progress, and stores them", async () => {
    world.progress.length = 0;
    const reply = await world.ask("/breadth RUT history 45", "2026-01-13");
    expect(reply.kind).toBe("answer");
    const d = reply.data as unknown as HistoryData;
    // 250 sessions (the longest window) and the 200-session McClellan warm-up before them are asked
    // for whatever window is shown; the fixture's closes give a record from its second session on.
    expect(d.backfilled).toBe(
      sessions.filter((x) => x > (sessions[0] as string) && x <= "2026-01-13").length,
    );
    expect(d.sessions).toHaveLength(45);
    expect(d.sessions.at(-1)?.date).toBe("2026-01-13");
    expect(world.progress[0]?.message).toBe(
      "back-filling 450 sessions of Russell 2000 breadth from the closes of 12 members",
    );
    expect(world.progress.at(-1)).toMatchObject({ done: 12, total: 12 });
    const stored = await world.store.get<{ advancing: number }>(BREADTH_HISTORY_NAMESPACE, "RUT:2026-01-13");
    expect(stored?.advancing).toBe(7);
  });

  it("THEN every session's counts equal the plain computation exactly", async () => {
    const reply = await world.ask("/breadth RUT history 45", "2026-01-13");
    const d = reply.data as unknown as HistoryData;
    for (const s of d.sessions) {
      const n = naiveBreadth(members, sessions, sessions.indexOf(s.date));
      expect([s.date, s.advancing, s.declining, s.unchanged]).toEqual([
        n.date,
        n.advancing,
        n.declining,
        n.unchanged,
      ]);
      expect([s.above50.count, s.above50.of]).toEqual(n.above50);
      expect([s.highs.count, s.highs.of, s.lows.count, s.lows.of]).toEqual([...n.highs, ...n.lows]);
    }
  });

  it("THEN the A/D line, McClellan oscillator and summation index follow from those counts", async () => {
    const reply = await world.ask("/breadth RUT history 45", "2026-01-13");
    const d = reply.data as unknown as HistoryData;
    const net = d.sessions.map((s) => s.advancing - s.declining);
    let sum = 0;
    expect(d.history.adLine).toEqual(net.map((x) => (sum += x)));
    // The EMAs start long before the first session shown (breadth-warmup.test.ts checks their
    // values against a plain computation): every shown session has an oscillator and a summation.
    expect(d.history.mcclellan.every((x) => x !== null)).toBe(true);
    expect(d.history.summation.every((x) => x !== null)).toBe(true);
    expect(fieldValue(reply, "McClellan oscillator")).toMatch(/^[+-]?[\d,]+\.\d$/);
    const chart = blocksOf(reply, "chart")[0];
    expect(chart?.spec.kind === "line" && chart.spec.series.map((s) => [s.name, s.axis ?? "left"])).toEqual([
      ["A/D line", "left"],
      ["McClellan oscillator (right)", "right"],
    ]);
  });

  it("GIVEN the records are stored THEN asking again fetches no closes", async () => {
    world.progress.length = 0;
    const reply = await world.ask("/breadth RUT history 45", "2026-01-13");
    expect((reply.data as unknown as HistoryData).backfilled).toBe(0);
    expect(world.progress).toEqual([]);
  });

  it("GIVEN two records lost THEN only those two are computed again (resumed)", async () => {
    await world.store.delete(BREADTH_HISTORY_NAMESPACE, "RUT:2026-01-05");
    await world.store.delete(BREADTH_HISTORY_NAMESPACE, "RUT:2026-01-06");
    const reply = await world.ask("/breadth RUT history 45", "2026-01-13");
    const d = reply.data as unknown as HistoryData;
    expect(d.backfilled).toBe(2);
    expect(d.sessions).toHaveLength(45);
    expect(reply.fallback).toContain("Back-filled 2 sessions from daily closes");
  });

  it("GIVEN fewer than 39 sessions shown THEN the McClellan oscillator is still given, from the warm-up", async () => {
    const reply = await world.ask("/breadth RUT history 20", "2026-01-13");
    expect(fieldValue(reply, "McClellan oscillator")).toMatch(/^[+-]?[\d,]+\.\d$/);
    // 20 sessions ending 13 Jan 2026 start on Mon 15 Dec 2025 (no session on 25 Dec or 1 Jan)
    expect(fieldValue(reply, "A/D line (from 15 Dec 2025)")).toMatch(/^[+-]?\d+$/);
  });
});

describe("the as-of snapshot against the plain computation on every session of the last year", () => {
  it("matches in every count for 30 sessions spread over the folder", async () => {
    const picks = sessions.filter((_, i) => i > 0 && i % 9 === 0).slice(-30);
    for (const date of picks) {
      const reply = await world.ask(`/breadth RUT close ${date}`);
      const d = reply.data as unknown as {
        advancing: number;
        declining: number;
        unchanged: number;
        above50: { count: number; of: number };
        above200: { count: number; of: number };
        highs: { count: number; of: number };
        lows: { count: number; of: number };
      };
      const n = naiveBreadth(members, sessions, sessions.indexOf(date));
      expect([date, d.advancing, d.declining, d.unchanged]).toEqual([
        date,
        n.advancing,
        n.declining,
        n.unchanged,
      ]);
      expect([d.above50.count, d.above50.of, d.above200.count, d.above200.of]).toEqual([
        ...n.above50,
        ...n.above200,
      ]);
      expect([d.highs.count, d.highs.of, d.lows.count, d.lows.of]).toEqual([...n.highs, ...n.lows]);
    }
  });
});

describe("recordBreadthSnapshot, for the scheduler after the close", () => {
  it("GIVEN 17:00 New York on 13 Jan 2026 THEN stores that session's record from closes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "record-test-"));
    const store = await createStore({ sqlitePath: join(dir, "s.sqlite") }, silentLogger);
    const clock = { now: () => Date.parse("2026-01-13T22:00:00Z") };
    const ctx = {
      ...withMembers(
        {
          market: new CsvMarketData({ dir: CLOSES_DIR, clock }),
          store,
          clock,
          logger: silentLogger,
          requester: { platform: "schedule" as const },
        },
        createMemberLists({ csvDir: CLOSES_DIR }, { store, clock, logger: silentLogger }),
      ),
    };
    const record = await recordBreadthSnapshot("RUT", ctx);
    expect(record).toMatchObject({
      alias: "RUT",
      date: "2026-01-13",
      advancing: 7,
      declining: 4,
      unchanged: 1,
    });
    const stored = await store.get<{ above50: unknown }>(BREADTH_HISTORY_NAMESPACE, "RUT:2026-01-13");
    expect(stored?.above50).toEqual({ count: 9, of: 12 });

    // A list of which fewer than half can be priced is not kept as history.
    const file = join(dir, "thin.csv");
    await writeFile(file, "Symbol\nKORA\nNOPE1\nNOPE2\nNOPE3\n");
    const thin = withMembers(
      {
        market: new CsvMarketData({ dir: CLOSES_DIR, clock }),
        store,
        clock,
        logger: silentLogger,
        requester: { platform: "schedule" },
      },
      createMemberLists({ csvDir: CLOSES_DIR, files: { SPX: file } }, { store, clock, logger: silentLogger }),
    );
    expect(await recordBreadthSnapshot("SPX", thin)).toBeUndefined();
    expect(await store.get(BREADTH_HISTORY_NAMESPACE, "SPX:2026-01-13")).toBeUndefined();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
});
