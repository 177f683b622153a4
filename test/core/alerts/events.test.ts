/**
 * The event definitions checked against plain computations written out here, on the closes
 * fixture (record, line, spread) and on small hand-made series (levels, participation, McClellan,
 * thrust), where the expected firing can be read off the numbers.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  beyond,
  levelCrossingsOnBars,
  lineSeries,
  recordCloses,
  rollingSpreads,
  spreadCrossings,
  stepLevel,
  thrustEma,
  thrusts,
  UNSEEN_LEVEL,
  valueCrossings,
  zeroCrossings,
  type LevelState,
} from "../../../src/core/analytics/events.ts";
import type { Bar } from "../../../src/core/ports.ts";
import { CLOSES_DIR } from "../../commands/helpers.ts";

function closes(file: string): Bar[] {
  const [header, ...rows] = readFileSync(join(CLOSES_DIR, file), "utf8").trim().split("\n");
  const cols = (header as string).toLowerCase().split(",");
  const d = cols.indexOf("date");
  const c = cols.indexOf("close");
  return rows.map((r) => {
    const f = r.split(",");
    return { date: f[d] as string, close: Number(f[c]) };
  });
}

const rut = closes("^RUT.csv");
const spx = closes("^GSPC.csv");
const iwm = closes("IWM.csv");
const spy = closes("SPY.csv");

describe("record close", () => {
  it("fires on the sessions a plain scan finds: above every earlier close, 252 sessions or more", () => {
    const plain: string[] = [];
    for (let i = 251; i < rut.length; i++) {
      let max = -Infinity;
      for (let k = 0; k < i; k++) max = Math.max(max, (rut[k] as Bar).close);
      if ((rut[i] as Bar).close > max) plain.push((rut[i] as Bar).date);
    }
    const fired = recordCloses(rut);
    expect(fired.map((r) => r.date)).toEqual(plain);
    expect(plain).toContain("2026-01-13");
    const jan13 = fired.find((r) => r.date === "2026-01-13");
    expect(jan13).toMatchObject({ close: 2600, previous: { date: "2026-01-12", value: 2580 } });
  });

  it("never fires with fewer than 252 sessions of data", () => {
    expect(recordCloses(rut.slice(0, 251))).toEqual([]);
  });
});

describe("line crossing its average", () => {
  it("matches a plain 50-session average of IWM / SPY", () => {
    const ratio = iwm.map((b, i) => b.close / (spy[i] as Bar).close);
    const plain: { date: string; above: boolean }[] = [];
    for (let i = 49; i < ratio.length; i++) {
      const avg = ratio.slice(i - 49, i + 1).reduce((a, b) => a + b, 0) / 50;
      plain.push({ date: (iwm[i] as Bar).date, above: (ratio[i] as number) > avg });
    }
    const crosses = plain.filter((p, i) => i > 0 && p.above !== plain[i - 1]?.above).map((p) => p.date);
    const line = lineSeries(iwm, spy, 50);
    const ours = line.filter((r, i) => i > 0 && r.above !== line[i - 1]?.above).map((r) => r.date);
    expect(ours).toEqual(crosses);
    expect(ours.length).toBeGreaterThan(0);
  });
});

describe("spread crossing", () => {
  it("fires when the 5-session RUT - SPX spread goes beyond +/-300 bp, from a plain computation", () => {
    const plain: string[] = [];
    let before: number | undefined;
    for (let i = 5; i < rut.length; i++) {
      const a = (rut[i] as Bar).close / (rut[i - 5] as Bar).close - 1;
      const b = (spx[i] as Bar).close / (spx[i - 5] as Bar).close - 1;
      const spread = Math.round((a - b) * 10_000);
      const side = spread > 300 ? 1 : spread < -300 ? -1 : 0;
      if (before !== undefined && side !== 0 && side !== before) plain.push((rut[i] as Bar).date);
      before = side;
    }
    const ours = spreadCrossings(rollingSpreads(rut, spx, 5, "2026-12-31"), 300).map((c) => c.date);
    expect(ours).toEqual(plain);
    expect(beyond(300, 300)).toBeUndefined();
    expect(beyond(-301, 300)).toBe("below");
  });
});

describe("level crossing with hysteresis", () => {
  it("a price hovering at the level fires once", () => {
    let state: LevelState = UNSEEN_LEVEL;
    const fired: string[] = [];
    for (const p of [269.5, 270.2, 269.9, 270.1, 269.8, 270.3, 269.95, 270.05]) {
      const step = stepLevel(state, p, 270);
      state = step.state;
      if (step.fired) fired.push(`${step.fired}@${p}`);
    }
    expect(fired).toEqual(["up@270.2"]);
  });

  it("re-arms once the price has gone back beyond the band, then fires again", () => {
    let state: LevelState = UNSEEN_LEVEL;
    const fired: string[] = [];
    // Band 0.5% of 270 = 1.35: after "up", "down" needs a price below 268.65; after "down", "up"
    // needs one above 271.35.
    for (const p of [269, 271, 269.5, 268.6, 270.5, 271.4, 269.9, 268.5]) {
      const step = stepLevel(state, p, 270);
      state = step.state;
      if (step.fired) fired.push(`${step.fired}@${p}`);
    }
    expect(fired).toEqual(["up@271", "down@268.6", "up@271.4", "down@268.5"]);
  });

  it("on daily bars reads the far extreme first (the replay approximation)", () => {
    const bars: Bar[] = [
      { date: "2026-01-02", close: 265, high: 266, low: 264 },
      { date: "2026-01-05", close: 268, high: 271, low: 263 },
      { date: "2026-01-06", close: 269, high: 270.4, low: 268 },
    ];
    const { crossings } = levelCrossingsOnBars(bars, 270);
    expect(crossings).toEqual([
      { date: "2026-01-05", direction: "up", price: 271 },
      { date: "2026-01-05", direction: "down", price: 263 },
    ]);
    // The next day hovers at the level: nothing more.
    expect(crossings.some((c) => c.date === "2026-01-06")).toBe(false);
  });
});

describe("participation and McClellan crossings", () => {
  it("participation fires when the percentage crosses the level, in both directions", () => {
    const values = [48, 49.9, 50, 50.1, 51, 49].map((value, i) => ({ date: `d${i}`, value }));
    expect(valueCrossings(values, 50).map((c) => `${c.date}:${c.direction}`)).toEqual(["d3:up", "d5:down"]);
  });

  it("the oscillator's sign change fires; a gap (null) does not bridge", () => {
    const values = [-3, -1, 2, 4, null, -2, -1, 0.5].map((value, i) => ({ date: `d${i}`, value }));
    expect(zeroCrossings(values).map((c) => `${c.date}:${c.direction}`)).toEqual(["d2:up", "d7:up"]);
  });
});

describe("breadth thrust (Zweig)", () => {
  // 10 sessions at 30% advancing, then 10 at 90%: the EMA leaves 0.30 and passes 0.615 quickly.
  const sessions = [
    ...Array.from({ length: 12 }, () => ({ advancing: 30, declining: 70 })),
    ...Array.from({ length: 10 }, () => ({ advancing: 90, declining: 10 })),
  ];

  it("the EMA is seeded with the mean of 10 ratios and then smoothed with 2 / 11", () => {
    const ema = thrustEma(sessions);
    let plain = 0.3;
    const expected: (number | null)[] = [];
    sessions.forEach((s, i) => {
      if (i < 9) expected.push(null);
      else if (i === 9) expected.push(0.3);
      else {
        plain += (2 / 11) * (s.advancing / (s.advancing + s.declining) - plain);
        expected.push(plain);
      }
    });
    ema.forEach((v, i) => {
      if (expected[i] === null) expect(v).toBeNull();
      else expect(v).toBeCloseTo(expected[i] as number, 12);
    });
  });

  it("fires once, on the first session above 0.615, naming the last session below 0.40", () => {
    const ema = thrustEma(sessions);
    const dated = ema.map((value, i) => ({ date: `s${String(i).padStart(2, "0")}`, value }));
    const found = thrusts(dated);
    const firstAbove = ema.findIndex((v) => v !== null && v > 0.615);
    const lastBelow = ema.findLastIndex((v, i) => i < firstAbove && v !== null && v < 0.4);
    expect(found).toHaveLength(1);
    expect(found[0]?.date).toBe(`s${String(firstAbove).padStart(2, "0")}`);
    expect(found[0]?.start.date).toBe(`s${String(lastBelow).padStart(2, "0")}`);
    expect(found[0]?.sessions).toBe(firstAbove - lastBelow);
  });

  it("a slow climb (more than 10 sessions from below 0.40) is no thrust", () => {
    const slow = [
      ...Array.from({ length: 10 }, () => ({ advancing: 30, declining: 70 })),
      ...Array.from({ length: 30 }, (_, i) => ({ advancing: 40 + i, declining: 60 - i })),
    ];
    const dated = thrustEma(slow).map((value, i) => ({ date: `s${i}`, value }));
    expect(dated.some((d) => d.value !== null && d.value > 0.615)).toBe(true);
    expect(thrusts(dated)).toEqual([]);
  });
});
