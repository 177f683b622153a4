/**
 * One window per comparison. With ^RUT's closes stopping on 12 Jan (a late file) or lacking 13 Jan
 * (a null bar), /rotation ytd as of 13 Jan compares RUT with SPX and NDX over 31 Dec to 12 Jan, and
 * says so; RSP-SPY, whose closes are all there, stays over 31 Dec to 13 Jan. Expected spreads are
 * computed here from the fixture files by plain arithmetic, not by the bot's code.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CsvMarketData } from "../../src/adapters/csv/csv-market-data.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchText } from "../../src/core/dispatch.ts";
import type { Reply } from "../../src/core/reply.ts";
import { closesOf, dropRows } from "./closes-by-hand.ts";
import { CLOSES_DIR, csvContext } from "./helpers.ts";

/** (A end / A base - B end / B base) x 10,000, whole bp, by hand. */
function handSpread(a: Map<string, number>, b: Map<string, number>, base: string, end: string): number {
  const ra = (a.get(end) as number) / (a.get(base) as number) - 1;
  const rb = (b.get(end) as number) / (b.get(base) as number) - 1;
  return Math.round((ra - rb) * 10_000);
}

function askIn(dir: string, text: string, asOf: string): Promise<Reply> {
  const ctx = csvContext(asOf);
  return dispatchText(text, { ...ctx, market: new CsvMarketData({ dir, clock: ctx.clock, asOf }) });
}

describe.each([
  ["a late ^RUT file (last close 12 Jan)", (d: string) => d > "2026-01-12"],
  ["a null ^RUT bar on 13 Jan", (d: string) => d === "2026-01-13"],
])("/rotation ytd as of 13 Jan with %s", (_name, drop) => {
  let dir: string;
  let reply: Reply;
  let data: {
    spreadsBp: Record<string, number>;
    spreadWindows: Record<string, { baseDate: string; endDate: string; why?: string }>;
    regime: string;
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "one-window-"));
    await cp(CLOSES_DIR, dir, { recursive: true });
    await dropRows(join(dir, "^RUT.csv"), drop);
    reply = await askIn(dir, "/rotation ytd", "2026-01-13");
    data = reply.data as typeof data;
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("RUT-SPX and RUT-NDX are over 31 Dec to 12 Jan, equal to a hand computation over those dates", async () => {
    expect(reply.kind).toBe("answer");
    const rut = await closesOf(join(dir, "^RUT.csv"));
    const spx = await closesOf(join(dir, "^GSPC.csv"));
    const ndx = await closesOf(join(dir, "^NDX.csv"));
    expect(data.spreadsBp["RUT-SPX"]).toBe(handSpread(rut, spx, "2025-12-31", "2026-01-12"));
    expect(data.spreadsBp["RUT-NDX"]).toBe(handSpread(rut, ndx, "2025-12-31", "2026-01-12"));
    expect(data.spreadWindows["RUT-SPX"]).toEqual({
      baseDate: "2025-12-31",
      endDate: "2026-01-12",
      why: "^RUT has no close on 13 Jan 2026",
    });
    // Not the mixed figure: RUT to 12 Jan minus SPX to 13 Jan.
    const mixed = Math.round(
      ((rut.get("2026-01-12") as number) / (rut.get("2025-12-31") as number) -
        (spx.get("2026-01-13") as number) / (spx.get("2025-12-31") as number)) *
        10_000,
    );
    expect(mixed).not.toBe(data.spreadsBp["RUT-SPX"]);
  });

  it("says so in the reply, in the headline and a note", () => {
    expect(reply.fallback).toContain(
      "RUT-SPX is over 31 Dec 2025 to 12 Jan 2026: ^RUT has no close on 13 Jan 2026.",
    );
    expect(reply.fallback).toContain(
      "RUT-NDX is over 31 Dec 2025 to 12 Jan 2026: ^RUT has no close on 13 Jan 2026.",
    );
    expect(reply.fallback).toMatch(/vs S&P 500 [+-][\d.]+% over 31 Dec 2025 to 12 Jan 2026: small caps/);
  });

  it("RSP-SPY keeps its full window; the regime label, which reads both, is withheld with the reason", async () => {
    const rsp = await closesOf(join(dir, "RSP.csv"));
    const spy = await closesOf(join(dir, "SPY.csv"));
    expect(data.spreadsBp["RSP-SPY"]).toBe(handSpread(rsp, spy, "2025-12-31", "2026-01-13"));
    expect(data.spreadWindows["RSP-SPY"]).toEqual({ baseDate: "2025-12-31", endDate: "2026-01-13" });
    expect(data.regime).toMatch(
      /^No regime label: its figures cover different dates \(RUT-SPX 31 Dec 2025 to 12 Jan 2026, RSP-SPY 31 Dec 2025 to 13 Jan 2026/,
    );
  });
});

describe("/rotation 5d with a null ^GSPC bar at the base", () => {
  it("RUT-SPX starts at the last close both have before the base, and says why", async () => {
    const dir = await mkdtemp(join(tmpdir(), "one-window-base-"));
    try {
      await cp(CLOSES_DIR, dir, { recursive: true });
      // 5 sessions before 13 Jan is 6 Jan: ^GSPC lacks it.
      await dropRows(join(dir, "^GSPC.csv"), (d) => d === "2026-01-06");
      const reply = await askIn(dir, "/rotation 5d", "2026-01-13");
      const data = reply.data as {
        spreadsBp: Record<string, number>;
        spreadWindows: Record<string, unknown>;
      };
      const rut = await closesOf(join(dir, "^RUT.csv"));
      const spx = await closesOf(join(dir, "^GSPC.csv"));
      // ^GSPC's own 5d base is then 5 Jan (five of its bars back); the common window starts there.
      expect(data.spreadWindows["RUT-SPX"]).toEqual({
        baseDate: "2026-01-05",
        endDate: "2026-01-13",
        why: "^GSPC has no close on 6 Jan 2026",
      });
      expect(data.spreadsBp["RUT-SPX"]).toBe(handSpread(rut, spx, "2026-01-05", "2026-01-13"));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
