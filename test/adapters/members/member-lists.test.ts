// Member lists from a holdings URL (a local HTTP server), a local file and a real SQLite store.
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createMemberLists,
  HoldingsMemberLists,
  MEMBERS_NAMESPACE,
} from "../../../src/adapters/members/index.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { DataUnavailableError, UserError } from "../../../src/core/errors.ts";
import { type Store, silentLogger } from "../../../src/core/ports.ts";
import { type HoldingsServer, startHoldingsServer } from "./holdings-server.ts";

const SMALL = fileURLToPath(new URL("../../fixtures/breadth/IWM_holdings-small.csv", import.meta.url));
const smallText = readFileSync(SMALL, "utf8");

/** Fri 6 Mar 2026 18:00 New York, and the next morning. */
const FRIDAY = Date.parse("2026-03-06T23:00:00Z");
const HOUR = 3_600_000;

let dir: string;
let store: Store;
let server: HoldingsServer;
let now = FRIDAY;
const clock = { now: () => now };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "members-test-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  now = FRIDAY;
  store = await createStore(
    { sqlitePath: join(dir, `store-${Math.random().toString(36).slice(2)}.sqlite`) },
    silentLogger,
  );
  server = await startHoldingsServer(smallText);
});
afterEach(async () => {
  await server.close();
  await store.close();
});

const lists = () => createMemberLists({ urls: { RUT: server.url } }, { store, clock, logger: silentLogger });

describe("a holdings file fetched from its URL", () => {
  it("GIVEN the publisher's layout THEN members, symbols, the list's date and skipped rows are read", async () => {
    const list = await lists().members("RUT");
    expect(list.alias).toBe("RUT");
    expect(list.asOf).toBe("2026-03-06");
    // 12 rows: 3 not equity (money market, cash, futures), 1 with ticker "-", CRDX listed twice
    expect(list.skipped).toEqual({ nonEquity: 3, noTicker: 1, duplicates: 1 });
    expect(list.memberCount).toBe(7);
    expect(list.members.map((m) => [m.ticker, m.symbol])).toEqual([
      ["ALPN", "ALPN"],
      ["MOGA", "MOG-A"], // NYSE class ticker -> dash
      ["RUSHA", "RUSHA"], // NASDAQ class ticker stays
      ["BRK.B", "BRK-B"], // dotted class -> dash
      ["GTNA", "GTN-A"],
      ["ZETA", "ZETA"], // NYSE, ends in A, not a class ticker
      ["CRDX", "CRDX"],
    ]);
    expect(list.members[0]).toMatchObject({ sector: "Industrials", name: "ALPINE NORTH INDUSTRIES CORP" });
    expect(list.source).toBe(`holdings file from ${new URL(server.url).host}`);
    expect(list.source).not.toContain("fileType");
    expect(list.staleAgeMs).toBeUndefined();
  });

  it("THEN it is stored and asked for once a day, not on every command", async () => {
    const a = lists();
    await a.members("RUT");
    await a.members("RUT");
    now = FRIDAY + 2 * HOUR; // 20:00 the same New York day
    await lists().members("RUT"); // a new process reads the store
    expect(server.requests).toBe(1);
    const stored = await store.get<{ list: { memberCount: number } }>(MEMBERS_NAMESPACE, "RUT");
    expect(stored?.list.memberCount).toBe(7);
    now = FRIDAY + 8 * HOUR; // 02:00 Saturday New York: a new day
    await a.members("RUT");
    expect(server.requests).toBe(2);
  });

  it("GIVEN concurrent requests THEN one download serves them all", async () => {
    const a = lists();
    const got = await Promise.all([a.members("RUT"), a.members("rut"), a.members("RUT")]);
    expect(got.map((l) => l.memberCount)).toEqual([7, 7, 7]);
    expect(server.requests).toBe(1);
  });

  it("GIVEN an HTML page with status 200 and nothing stored THEN it is an outage, not a list", async () => {
    server.answer(200, "<!DOCTYPE html><html><body>Sorry, this page moved</body></html>");
    const err = await lists()
      .members("RUT")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataUnavailableError);
    expect((err as Error).message).toContain("something other than a holdings CSV (an HTML page, text/html)");
  });

  it("GIVEN the source fails the next day THEN the stored list is served with its age", async () => {
    await lists().members("RUT");
    now = FRIDAY + 26 * HOUR; // Saturday evening
    server.answer(200, "<html><head><title>Access denied</title></head></html>");
    const a = lists();
    const list = await a.members("RUT");
    expect(list.memberCount).toBe(7);
    expect(list.staleAgeMs).toBe(26 * HOUR);
    // Within the retry pause the source is left alone.
    now += 5 * 60_000;
    await a.members("RUT");
    expect(server.requests).toBe(2);
    // After it, the source is asked again, and when it answers the list is fresh again.
    server.answer(200, smallText, "text/csv");
    now += 20 * 60_000;
    const fresh = await a.members("RUT");
    expect(fresh.staleAgeMs).toBeUndefined();
    expect(server.requests).toBe(3);
  });

  it("GIVEN HTTP 503 THEN the error names the status", async () => {
    server.answer(503, "busy", "text/plain");
    await expect(lists().members("RUT")).rejects.toThrow(/answered with an error \(HTTP 503\)/);
  });

  it("GIVEN an unreachable host THEN an outage naming the source, never the URL's query", async () => {
    await server.close();
    const err = (await lists()
      .members("RUT")
      .catch((e: unknown) => e)) as DataUnavailableError;
    expect(err).toBeInstanceOf(DataUnavailableError);
    expect(err.source).toMatch(/^holdings file from 127\.0\.0\.1:\d+$/);
    expect(err.message).not.toContain("fileName");
    server = await startHoldingsServer(smallText); // for afterEach
  });
});

describe("indexes without a source", () => {
  it("GIVEN no NDX source configured THEN says how to configure one, and invents nothing", async () => {
    const err = (await lists()
      .members("NDX")
      .catch((e: unknown) => e)) as UserError;
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toContain("No member list source is configured for NDX.");
    expect(err.message).toContain("HOLDINGS_URL_NDX");
    expect(err.message).toContain("MEMBERS_FILE_NDX");
  });
});

describe("a local file override", () => {
  it("GIVEN MEMBERS_FILE_RUT THEN the file wins over the URL and is re-read when it changes", async () => {
    const file = join(dir, "rut-members.csv");
    await writeFile(file, "Symbol,Name,Sector\nAAA,Aaa Corp,Energy\nBBB.A,Bbb Class A,Utilities\n");
    const a = new HoldingsMemberLists({
      sources: new Map([["RUT", { kind: "file", path: file }]]),
      store,
      clock,
      logger: silentLogger,
    });
    const first = await a.members("RUT");
    expect(first.members.map((m) => m.symbol)).toEqual(["AAA", "BBB-A"]);
    expect(first.source).toBe(`file ${dir.split("/").at(-1)}/rut-members.csv`);
    expect(first.asOf).toBeUndefined();
    await writeFile(
      file,
      "Symbol,Name,Sector\nAAA,Aaa Corp,Energy\nBBB.A,Bbb Class A,Utilities\nCCC,Ccc,Energy\n",
    );
    expect((await a.members("RUT")).memberCount).toBe(3);
    expect(server.requests).toBe(0);
  });
});

describe("the real iShares Russell 2000 file, when ../shared/reference holds it", () => {
  const real = fileURLToPath(
    new URL("../../../../shared/reference/ishares/IWM_holdings-2026-05-05.csv", import.meta.url),
  );
  let text: string | undefined;
  try {
    text = readFileSync(real, "utf8");
  } catch {
    text = undefined;
  }
  it.skipIf(text === undefined)(
    "served as its publisher serves it, loads to about 1,950 members",
    async () => {
      server.answer(200, text as string, "text/csv");
      const list = await lists().members("RUT");
      expect(list.asOf).toBe("2026-05-05");
      expect(list.memberCount).toBeGreaterThan(1_900);
      expect(list.memberCount).toBeLessThan(2_000);
      expect(new Set(list.members.map((m) => m.symbol)).size).toBe(list.memberCount);
      expect(list.members.every((m) => m.sector)).toBe(true);
      console.info(`real IWM file: ${list.memberCount} members, skipped ${JSON.stringify(list.skipped)}`);
    },
  );
});
