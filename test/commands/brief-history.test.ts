/**
 * /brief's history figures on the fixture closes: the 21-session RUT-SPX spread ranked among every
 * 21-session window, checked against a plain count here, and the "historical extreme" line present
 * exactly when that rank is beyond the 5th to 95th percentile.
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvMarketData } from "../../src/adapters/csv/csv-market-data.ts";
import { createMemberLists } from "../../src/adapters/members/index.ts";
import { createStore } from "../../src/adapters/store/create-store.ts";
import { commands } from "../../src/commands/index.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { type Store, silentLogger } from "../../src/core/ports.ts";
import type { Reply } from "../../src/core/reply.ts";
import { CLOSES_DIR, LATER } from "./helpers.ts";
import { readCloses } from "./naive-breadth.ts";

const BRIEF_DIR = fileURLToPath(new URL("../fixtures/brief", import.meta.url));

let dir: string;
let store: Store;
let reply: Reply;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "brief-history-"));
  await cp(CLOSES_DIR, dir, { recursive: true });
  await cp(BRIEF_DIR, dir, { recursive: true });
  store = await createStore({ sqlitePath: join(dir, "store.sqlite") }, silentLogger);
  const clock = { now: () => LATER };
  const asOf = "2026-01-13";
  reply = await dispatchText("/brief", {
    commands,
    market: new CsvMarketData({ dir, clock, asOf }),
    members: createMemberLists({ csvDir: dir }, { store, clock, logger: silentLogger }),
    store,
    clock,
    logger: silentLogger,
    asOf,
    requester: { platform: "cli" },
  });
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

interface Ranked {
  rank: number;
  below: number;
  equal: number;
  count: number;
  current: number;
  firstDate: string;
}

describe("/brief history figures as of 13 Jan 2026", () => {
  it("ranks the 21-session RUT-SPX spread among every 21-session window, as a plain count does", () => {
    const rut = readCloses(join(CLOSES_DIR, "^RUT.csv"));
    const spx = readCloses(join(CLOSES_DIR, "^GSPC.csv"));
    const dates = [...rut.keys()].filter((d) => spx.has(d) && d <= "2026-01-13").sort();
    const spreads: number[] = [];
    for (let i = 21; i < dates.length; i++) {
      const [d0, d1] = [dates[i - 21] as string, dates[i] as string];
      spreads.push(
        (rut.get(d1) as number) / (rut.get(d0) as number) - (spx.get(d1) as number) / (spx.get(d0) as number),
      );
    }
    const current = spreads.at(-1) as number;
    const eq = (x: number) => Math.abs(x - current) < 1e-12;
    const below = spreads.filter((x) => x < current && !eq(x)).length;
    const equal = spreads.filter(eq).length;
    const h = (reply.data as { history: { spread: Ranked | null } }).history.spread;
    expect(h).toMatchObject({ below, equal, count: spreads.length, firstDate: "2024-12-02" });
    expect(h?.current).toBeCloseTo(current, 12);
    const rank = (below + equal / 2) / spreads.length;
    expect(h?.rank).toBeCloseTo(rank, 12);
    const events = (reply.data as { events: { type: string; text: string }[] }).events;
    const line = events.find((e) => e.type === "historical-extreme");
    // The line is there exactly when the spread (or a breadth reading) is at an extreme.
    const above50 = (
      reply.data as { history: { above50: Record<string, { rank: { rank: number } | null } | null> } }
    ).history.above50;
    const breadthExtreme = Object.values(above50).some(
      (a) => a?.rank && (a.rank.rank > 0.95 || a.rank.rank < 0.05),
    );
    expect(line !== undefined).toBe(rank > 0.95 || rank < 0.05 || breadthExtreme);
    if (rank > 0.95 || rank < 0.05)
      expect(line?.text).toContain(`of ${spreads.length} windows since 2 Dec 2024`);
  });
});
