/**
 * /brief when the data is not all there: a series that has no close on the session covered is
 * named and never read as that session's figure, a brief with no index close on the session is a
 * private answer saying so, and the one-year spread extremes are assessed whenever a year of
 * closes exists (across the year-end holidays too). Real dispatcher, real CsvMarketData over
 * copies of test/fixtures/closes and test/fixtures/brief; figures worked by hand below.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
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
import type { Block, Reply } from "../../src/core/reply.ts";
import { CLOSES_DIR, LATER } from "./helpers.ts";

const BRIEF_DIR = fileURLToPath(new URL("../fixtures/brief", import.meta.url));

let root: string;
let store: Store;

/** A copy of the two fixture folders with some files cut to end before `last`. */
async function folder(name: string, cut: Record<string, string> = {}): Promise<string> {
  const dir = join(root, name);
  await cp(CLOSES_DIR, dir, { recursive: true });
  await cp(BRIEF_DIR, dir, { recursive: true });
  for (const [file, last] of Object.entries(cut)) {
    const lines = (await readFile(join(dir, file), "utf8")).trimEnd().split("\n");
    const kept = lines.filter((l, i) => i === 0 || (l.slice(0, 10) <= last && /^\d{4}-/.test(l)));
    await writeFile(join(dir, file), `${kept.join("\n")}\n`);
  }
  return dir;
}

function ask(dir: string, asOf: string): Promise<Reply> {
  const clock = { now: () => LATER };
  return dispatchText("/brief", {
    commands,
    market: new CsvMarketData({ dir, clock, asOf }),
    members: createMemberLists({ csvDir: dir }, { store, clock, logger: silentLogger }),
    store,
    clock,
    logger: silentLogger,
    asOf,
    requester: { platform: "cli" },
  });
}

const field = (reply: Reply, label: string) =>
  reply.blocks
    .filter((b): b is Extract<Block, { type: "fields" }> => b.type === "fields")
    .flatMap((b) => b.fields)
    .find((f) => f.label === label)?.value;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "brief-data-"));
  store = await createStore({ sqlitePath: ":memory:" }, silentLogger);
});
afterAll(async () => {
  await store.close();
  await rm(root, { recursive: true, force: true });
});

describe("GIVEN series that stop before the session the brief covers", () => {
  let reply: Reply;
  beforeAll(async () => {
    // ^IRX and XLK stop at 12 Jan, ^NDX at 9 Jan; the brief covers 13 Jan.
    const dir = await folder("lagging", {
      "^IRX.csv": "2026-01-12",
      "XLK.csv": "2026-01-12",
      "^NDX.csv": "2026-01-09",
    });
    reply = await ask(dir, "2026-01-13");
  });

  it("names each one with its latest close instead of showing it as the session's", () => {
    expect(reply.kind, reply.fallback).toBe("answer");
    expect(reply.fallback).toContain("^IRX (no close on 13 Jan 2026; the latest is 12 Jan 2026)");
    expect(reply.fallback).toContain("XLK (no close on 13 Jan 2026; the latest is 12 Jan 2026)");
    expect(reply.fallback).toContain("^NDX (no close on 13 Jan 2026; the latest is 9 Jan 2026)");
  });

  it("leaves their figures out: no 13-week bill, no slope, no RUT - NDX spread, XLK not a leader", () => {
    expect(field(reply, "13-week bill (^IRX)")).toBe("n/a (missing data)");
    expect(field(reply, "10y - 3m slope")).toBe("n/a (missing data)");
    // ^TNX still has its 13 Jan close: 4.20%, +5 bp on the day (fixtures/brief/README.md).
    expect(field(reply, "10-year (^TNX)")).toBe("4.20% (+5 bp)");
    const table = reply.blocks.find((b): b is Extract<Block, { type: "table" }> => b.type === "table");
    expect(table?.rows.find((r) => r[0] === "RUT - NDX")?.slice(1)).toEqual(["n/a", "n/a", "n/a"]);
    // RUT - SPX is unaffected: +28 bp on the day, as in brief.test.ts.
    expect(table?.rows.find((r) => r[0] === "RUT - SPX")?.[1]).toBe("+28 bp");
    expect(field(reply, "Sector leaders, 1 day")).toBe(
      "SMH +1.50% (+100 bp vs SPY), XLI +1.00% (+50 bp vs SPY), XLF 0.00% (-50 bp vs SPY)",
    );
  });
});

describe("GIVEN no Russell 2000 or S&P 500 close on the session", () => {
  it("answers privately, naming the latest close of each", async () => {
    const dir = await folder("no-index", { "^RUT.csv": "2026-01-09", "^GSPC.csv": "2026-01-12" });
    const reply = await ask(dir, "2026-01-13");
    expect(reply).toMatchObject({ kind: "user-error", visibility: "private" });
    expect(reply.fallback).toContain("No Russell 2000 or S&P 500 close on Tue 13 Jan 2026");
    expect(reply.fallback).toContain("^RUT (no close on 13 Jan 2026; the latest is 9 Jan 2026)");
    expect(reply.fallback).toContain("^GSPC (no close on 13 Jan 2026; the latest is 12 Jan 2026)");
  });
});

describe("one-year spread extremes over the year-end holidays", () => {
  it("as of Mon 5 Jan 2026: the RUT - NDX 5-day spread at its one-year high gets a line", async () => {
    const dir = await folder("extremes");
    const reply = await ask(dir, "2026-01-05");
    expect(reply.kind, reply.fallback).toBe("answer");
    // By hand (Python over the fixture): the 5-session spread (RUT/RUT[-5] - NDX/NDX[-5]) x 10,000 on
    // 5 Jan is +979 bp; over the 252 values ending that day it ranges from -1,182 to +979 bp.
    expect(reply.fallback).toContain(
      "Russell 2000 - Nasdaq-100, 5-day spread +979 bp: the highest of the past year (range -1,182 bp to +979 bp over 252 sessions).",
    );
    // 282 closes from 2 Dec 2024 leave a full year of 5-day spreads: none is reported short.
    expect(reply.fallback).not.toContain("no one-year extreme assessed");
  });
});

describe("GIVEN null bars: ^GSPC lacks 31 Dec and 12 Jan, XLK lacks 12 Jan (one window per comparison)", () => {
  let reply: Reply;
  let dir: string;
  beforeAll(async () => {
    dir = await folder("null-bars");
    const drop = async (file: string, dates: string[]) => {
      const lines = (await readFile(join(dir, file), "utf8")).trimEnd().split("\n");
      await writeFile(
        join(dir, file),
        `${lines.filter((l) => !dates.includes(l.slice(0, 10))).join("\n")}\n`,
      );
    };
    await drop("^GSPC.csv", ["2025-12-31", "2026-01-12"]);
    await drop("XLK.csv", ["2026-01-12"]);
    reply = await ask(dir, "2026-01-13");
  });

  it("RUT - SPX 1d and YTD are over the closes both have, equal to a hand computation, and marked", async () => {
    expect(reply.kind, reply.fallback).toBe("answer");
    const closes = async (file: string) =>
      new Map(
        (await readFile(join(dir, file), "utf8"))
          .trimEnd()
          .split("\n")
          .slice(1)
          .map((l) => [l.split(",")[0] as string, Number(l.split(",")[4])] as const),
      );
    const rut = await closes("^RUT.csv");
    const spx = await closes("^GSPC.csv");
    const spread = (base: string, end: string) =>
      Math.round(
        ((rut.get(end) as number) / (rut.get(base) as number) -
          (spx.get(end) as number) / (spx.get(base) as number)) *
          10_000,
      );
    const data = reply.data as { rotation: Record<string, { spreadsBp: Record<string, number> }> };
    // 1d: ^GSPC's previous close is 9 Jan, so both are measured from 9 Jan.
    expect(data.rotation["1d"]?.spreadsBp["RUT-SPX"]).toBe(spread("2026-01-09", "2026-01-13"));
    // YTD: ^GSPC has no 31 Dec close, so both start at 30 Dec.
    expect(data.rotation.ytd?.spreadsBp["RUT-SPX"]).toBe(spread("2025-12-30", "2026-01-13"));
    const table = reply.blocks.find((b): b is Extract<Block, { type: "table" }> => b.type === "table");
    // ^GSPC's own 1d and YTD returns are from other bases than the rest: the dates are shown.
    const spxRow = table?.rows.find((r) => r[0] === "S&P 500") ?? [];
    expect(spxRow[1]).toMatch(/ \(from 9 Jan 2026\)$/);
    expect(spxRow[3]).toMatch(/ \(from 30 Dec 2025\)$/);
    expect(table?.rows.find((r) => r[0] === "Russell 2000")?.[1]).toMatch(/^[+-]?\d+\.\d\d%$/);
    const row = table?.rows.find((r) => r[0] === "RUT - SPX") ?? [];
    expect(row[1]).toMatch(/\*$/);
    expect(row[3]).toMatch(/\*$/);
    expect(reply.fallback).toContain(
      "* RUT-SPX 1d is over 9 Jan 2026 to 13 Jan 2026: ^GSPC has no close on 12 Jan 2026.",
    );
    expect(reply.fallback).toContain(
      "* RUT-SPX YTD is over 30 Dec 2025 to 13 Jan 2026: ^GSPC has no close on 31 Dec 2025.",
    );
  });

  it("XLK, whose day is from 9 Jan, is not ranked among the sectors' 12-13 Jan day", () => {
    const data = reply.data as { sectors: { returns: object; ranking: { symbol: string }[] } };
    expect(data.sectors.ranking.map((s) => s.symbol)).not.toContain("XLK");
    expect(Object.keys(data.sectors.returns)).not.toContain("XLK");
    expect(reply.fallback).toContain(
      "XLK is not among the sector leaders and laggards: no close on 12 Jan 2026, so not over the same dates as the rest.",
    );
  });
});
