// The McClellan warm-up: a session's oscillator and summation index are one number whatever
// window /breadth history shows, and values whose EMAs started fewer than 200 sessions before
// are marked as warming up. Checked against a plain EMA over plain breadth from the closes.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BreadthWorld,
  breadthWorld,
  CLOSES_DIR,
  FIXTURE_RUT_MEMBERS,
  fieldValue,
} from "./breadth-helpers.ts";
import { naiveBreadth, naiveEma, readCloses, readFolder } from "./naive-breadth.ts";

interface HistoryData {
  sessions: { date: string }[];
  history: { mcclellan: (number | null)[]; summation: (number | null)[] };
  emaStart: string;
  warmupSessions: number;
  warmingUp: boolean[];
}

let world: BreadthWorld;
beforeAll(async () => {
  world = await breadthWorld();
});
afterAll(async () => {
  await world.close();
});

const sessions = [...readCloses(join(CLOSES_DIR, "^RUT.csv")).keys()].sort();
const members = readFolder(CLOSES_DIR, FIXTURE_RUT_MEMBERS);

describe("/breadth RUT history: the McClellan warm-up", () => {
  it("GIVEN history 60 and history 100 THEN every shared session has the same oscillator and summation", async () => {
    const a = (await world.ask("/breadth RUT history 60", "2026-01-13")).data as unknown as HistoryData;
    const b = (await world.ask("/breadth RUT history 100", "2026-01-13")).data as unknown as HistoryData;
    expect(a.sessions).toHaveLength(60);
    expect(b.sessions).toHaveLength(100);
    expect(a.emaStart).toBe(b.emaStart);
    const byDate = new Map(b.sessions.map((s, i) => [s.date, i]));
    for (const [i, s] of a.sessions.entries()) {
      const j = byDate.get(s.date) as number;
      expect(a.history.mcclellan[i]).toBe(b.history.mcclellan[j]);
      expect(a.history.summation[i]).toBe(b.history.summation[j]);
    }
  });

  it("THEN the values equal a plain EMA19 - EMA39 run from the first session the data reaches", async () => {
    const d = (await world.ask("/breadth RUT history 60", "2026-01-13")).data as unknown as HistoryData;
    const from = sessions.indexOf(d.emaStart);
    const to = sessions.indexOf("2026-01-13");
    expect(from).toBeGreaterThan(0);
    const net: number[] = [];
    for (let i = from; i <= to; i++) {
      const n = naiveBreadth(members, sessions, i);
      net.push(n.advancing - n.declining);
    }
    const e19 = naiveEma(net, 19, 0.1);
    const e39 = naiveEma(net, 39, 0.05);
    const osc = e19.map((x, i) => (x === null || e39[i] === null ? null : x - (e39[i] as number)));
    const summation: (number | null)[] = [];
    let sum = 0;
    for (const x of osc) {
      if (x !== null) sum += x;
      summation.push(x === null ? null : sum);
    }
    const shownFrom = net.length - 60;
    for (let i = 0; i < 60; i++) {
      expect(d.history.mcclellan[i]).toBeCloseTo(osc[shownFrom + i] as number, 9);
      expect(d.history.summation[i]).toBeCloseTo(summation[shownFrom + i] as number, 9);
    }
    // The fixture reaches far enough back: every shown value is settled.
    expect(d.warmupSessions).toBeGreaterThanOrEqual(200);
    expect(d.warmingUp.every((w) => !w)).toBe(true);
  });

  it("GIVEN a window the data cannot warm up THEN its early values are marked warming up", async () => {
    const reply = await world.ask("/breadth RUT history 250", "2026-01-13");
    const d = reply.data as unknown as HistoryData;
    expect(d.warmupSessions).toBeLessThan(200);
    // The first 200 - offset shown sessions are warming up, the rest settled.
    const warm = 200 - d.warmupSessions;
    expect(d.warmingUp.slice(0, warm).every((w) => w)).toBe(true);
    expect(d.warmingUp.slice(warm).every((w) => !w)).toBe(true);
    expect(reply.fallback).toContain("values marked ~ are still warming up");
    expect(reply.fallback).toContain(`EMAs started`);
    expect(fieldValue(reply, "McClellan oscillator")).not.toContain("warming up");
  });
});
