/**
 * One window per comparison in /compare and /sectors, as at the close of Fri 27 Feb 2026, with one
 * series whose closes stop on 26 Feb (a late file). Expected figures are computed here from the
 * fixture files by plain arithmetic: the 1m window is 21 of the series' sessions ending at the
 * last session both sides have.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchText } from "../../src/core/dispatch.ts";
import type { Reply } from "../../src/core/reply.ts";
import { formatShortDate } from "../../src/core/market/time.ts";
import { closesOf, dropRows } from "./closes-by-hand.ts";
import { blocksOf, folderContext, VIEWS_DIR } from "./views-context.ts";

/** The 1m (21-session) return of a closes map ending at `end`, by hand. */
function oneMonth(closes: Map<string, number>, end: string): { base: string; value: number } {
  const dates = [...closes.keys()].filter((d) => d <= end).sort();
  const base = dates[dates.length - 1 - 21] as string;
  return { base, value: (closes.get(end) as number) / (closes.get(base) as number) - 1 };
}
const bpOf = (a: number, b: number) => Math.round((a - b) * 10_000);

describe("/compare with IWM's closes stopping on 26 Feb", () => {
  let dir: string;
  let reply: Reply;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "compare-window-"));
    await cp(`${VIEWS_DIR}/compare`, dir, { recursive: true });
    await dropRows(join(dir, "IWM.csv"), (d) => d > "2026-02-26");
    reply = await dispatchText("/compare IWM SPY QQQ 1m", folderContext(dir));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("IWM's spreads are over the 21 sessions to 26 Feb for both sides, marked and explained", async () => {
    const iwm = oneMonth(await closesOf(join(dir, "IWM.csv")), "2026-02-26");
    const spy = oneMonth(await closesOf(join(dir, "SPY.csv")), "2026-02-26");
    const qqq = oneMonth(await closesOf(join(dir, "QQQ.csv")), "2026-02-26");
    const data = reply.data as {
      spreadsBp: Record<string, number>;
      spreadWindows: Record<string, { baseDate: string; endDate: string; why?: string }>;
    };
    expect(data.spreadsBp["IWM-SPY"]).toBe(bpOf(iwm.value, spy.value));
    expect(data.spreadsBp["IWM-QQQ"]).toBe(bpOf(iwm.value, qqq.value));
    expect(data.spreadWindows["IWM-SPY"]).toEqual({
      baseDate: iwm.base,
      endDate: "2026-02-26",
      why: "IWM has no close on 27 Feb 2026",
    });
    // SPY and QQQ both reach 27 Feb: their spread is over their own 21 sessions to 27 Feb.
    const spy27 = oneMonth(await closesOf(join(dir, "SPY.csv")), "2026-02-27");
    const qqq27 = oneMonth(await closesOf(join(dir, "QQQ.csv")), "2026-02-27");
    expect(data.spreadsBp["SPY-QQQ"]).toBe(bpOf(spy27.value, qqq27.value));
    expect(data.spreadWindows["SPY-QQQ"]).toEqual({ baseDate: "2026-01-28", endDate: "2026-02-27" });
    const matrix = blocksOf(reply, "table")[1]?.rows ?? [];
    expect(matrix[0]?.[2]).toMatch(/\*$/);
    expect(matrix[1]?.[3]).not.toMatch(/\*$/);
    expect(reply.fallback).toContain(
      `Spreads marked * (IWM-SPY, IWM-QQQ) are over ${formatShortDate(iwm.base)} to 26 Feb 2026: IWM has no close on 27 Feb 2026.`,
    );
  });

  it("the best and worst sentence ranks only the tickers over the same dates", () => {
    expect(reply.fallback).toMatch(
      /Best SPY [+-][\d.]+%, worst QQQ [+-][\d.]+%: a gap of \d+ bp \(IWM is left out: not over the same dates, 28 Jan 2026 to 27 Feb 2026\)\./,
    );
  });
});

describe("/sectors with a late file", () => {
  const temps: string[] = [];
  afterAll(async () => {
    for (const t of temps) await rm(t, { recursive: true, force: true });
  });
  async function folder(late: string): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "sectors-window-"));
    temps.push(dir);
    await cp(`${VIEWS_DIR}/sectors`, dir, { recursive: true });
    await dropRows(join(dir, `${late}.csv`), (d) => d > "2026-02-26");
    return dir;
  }

  it("GIVEN XLK stopping on 26 Feb THEN XLK is not ranked, and says why", async () => {
    const dir = await folder("XLK");
    const reply = await dispatchText("/sectors 1m", folderContext(dir));
    expect(reply.kind).toBe("answer");
    const data = reply.data as {
      ranking: { symbol: string }[];
      unranked: { symbol: string; reason: string }[];
    };
    expect(data.ranking.map((r) => r.symbol)).not.toContain("XLK");
    expect(data.ranking).toHaveLength(15);
    expect(data.unranked).toEqual([
      { symbol: "XLK", reason: "no close on 27 Feb 2026, so not over the same dates as the rest" },
    ]);
    expect(reply.fallback).toContain(
      "XLK is not ranked: no close on 27 Feb 2026, so not over the same dates as the rest.",
    );
  });

  it("GIVEN SPY stopping on 26 Feb THEN each spread to SPY is over the 21 sessions to 26 Feb, marked", async () => {
    const dir = await folder("SPY");
    const reply = await dispatchText("/sectors 1m", folderContext(dir));
    const data = reply.data as {
      returns: Record<string, { value: number; endDate: string }>;
      ranking: {
        symbol: string;
        spreadBp: number;
        spreadWindow?: string;
      }[];
    };
    const spy = oneMonth(await closesOf(join(dir, "SPY.csv")), "2026-02-26");
    expect(data.ranking).toHaveLength(16);
    for (const row of data.ranking) {
      // The ranking itself stays over the ETFs' own window, to 27 Feb.
      expect(data.returns[row.symbol]?.endDate).toBe("2026-02-27");
      const etf = oneMonth(await closesOf(join(dir, `${row.symbol}.csv`)), "2026-02-26");
      expect(row.spreadBp).toBe(bpOf(etf.value, spy.value));
      expect(row.spreadWindow).toMatch(/: SPY has no close on 27 Feb 2026$/);
    }
    const table = blocksOf(reply, "table")[0]?.rows ?? [];
    expect(table.every((r) => (r[4] ?? "").endsWith("*"))).toBe(true);
    // The headline does not set SPY's return to 26 Feb beside the ETFs' to 27 Feb.
    expect(reply.fallback).not.toMatch(/; SPY [+-]/);
  });
});
