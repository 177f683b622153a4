import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alignedCloses } from "../../../src/core/analytics/history/aligned.ts";
import { spreadPercentile } from "../../../src/core/analytics/history/rotation-history.ts";
import { nextTradingDay } from "../../../src/core/market/calendar.ts";
import type { Bar } from "../../../src/core/ports.ts";

const SESSIONS: string[] = [];
for (let d = "2025-01-02"; SESSIONS.length < 60; d = nextTradingDay(d)) SESSIONS.push(d);

describe("alignedCloses", () => {
  it("equals a plain join by date on any two subsets of sessions", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 500 })), {
          minLength: 60,
          maxLength: 60,
        }),
        fc.integer({ min: 0, max: 59 }),
        (spec, cut) => {
          const a: Bar[] = [];
          const b: Bar[] = [];
          spec.forEach(([inA, inB, close], i) => {
            const date = SESSIONS[i] as string;
            if (inA) a.push({ date, close });
            if (inB) b.push({ date, close: close * 3 });
          });
          const asOf = SESSIONS[cut] as string;
          const byDate = new Map(b.map((x) => [x.date, x.close]));
          const plain = a.filter((x) => x.date <= asOf && byDate.has(x.date));
          const c = alignedCloses(a, b, asOf);
          expect(c.dates).toEqual(plain.map((x) => x.date));
          expect(c.a).toEqual(plain.map((x) => x.close));
          expect(c.b).toEqual(plain.map((x) => byDate.get(x.date)));
        },
      ),
    );
  });
});

describe("spreadPercentile", () => {
  it("ranks the last window among all, ties half, and finds the last window at least as extreme", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 90, max: 110 }), fc.integer({ min: 90, max: 110 })), {
          minLength: 60,
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 20 }),
        (closes, n) => {
          const c = {
            dates: SESSIONS.slice(),
            a: closes.map(([x]) => x),
            b: closes.map(([, y]) => y),
          };
          const spreads: number[] = [];
          for (let i = n; i < 60; i++)
            spreads.push(
              (c.a[i] as number) / (c.a[i - n] as number) -
                1 -
                ((c.b[i] as number) / (c.b[i - n] as number) - 1),
            );
          const cur = spreads.at(-1) as number;
          const below = spreads.filter((s) => s < cur).length;
          const equal = spreads.filter((s) => s === cur).length;
          const p = spreadPercentile(c, n);
          expect(p).toMatchObject({ below, equal, count: 60 - n, sessions: n, firstDate: SESSIONS[0] });
          expect(p?.rank).toBe((below + equal / 2) / (60 - n));
          const high = (p?.rank ?? 0) >= 0.5;
          const j = spreads.slice(0, -1).findLastIndex((s) => (high ? s >= cur : s <= cur));
          expect(p?.since?.date).toBe(j < 0 ? undefined : SESSIONS[j + n]);
        },
      ),
    );
  });

  it("has nothing to rank when the history is shorter than the window", () => {
    const c = { dates: SESSIONS.slice(0, 5), a: [1, 2, 3, 4, 5], b: [1, 1, 1, 1, 1] };
    expect(spreadPercentile(c, 5)).toBeUndefined();
    expect(spreadPercentile(c, 4)?.count).toBe(1);
  });
});
