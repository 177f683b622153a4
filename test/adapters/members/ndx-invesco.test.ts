// The Nasdaq-100 from Invesco's QQQ holdings download, served by a fake publisher on 127.0.0.1.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MemorySourceHealth } from "../../../src/adapters/health/source-health.ts";
import { createMemberLists, memberSources } from "../../../src/adapters/members/index.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { DEFAULT_HOLDINGS, readConfig } from "../../../src/config.ts";
import { DataUnavailableError } from "../../../src/core/errors.ts";
import { type Store, silentLogger } from "../../../src/core/ports.ts";
import { type HoldingsServer, INVESCO_HEADER, invescoFile, startHoldingsServer } from "./holdings-server.ts";

const MEMBERS = [
  { ticker: "DLTW", name: "Deltawave Semiconductor Inc", sector: "Information Technology", weight: "32.0" },
  { ticker: "CSKY", name: "ClearSky Restaurants Inc", sector: "Consumer Discretionary", weight: "21.5" },
  { ticker: "RUSHA", name: "Rush Enterprises Inc Class A", sector: "Industrials", weight: "18.0" },
  { ticker: "KLNR", name: "Kilner River Bancorp Inc", sector: "Financials", weight: "15.5" },
  { ticker: "BRVX", name: "Bravox Therapeutics Inc", sector: "Health Care", weight: "13.0" },
];
const QQQ_FILE = invescoFile("03/05/2026", MEMBERS);

/** Fri 6 Mar 2026 18:00 New York. */
const FRIDAY = Date.parse("2026-03-06T23:00:00Z");
const HOUR = 3_600_000;

let dir: string;
let store: Store;
let server: HoldingsServer;
let health: MemorySourceHealth;
let now = FRIDAY;
const clock = { now: () => now };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ndx-test-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  now = FRIDAY;
  store = await createStore(
    { sqlitePath: join(dir, `s-${Math.random().toString(36).slice(2)}.sqlite`) },
    silentLogger,
  );
  server = await startHoldingsServer(QQQ_FILE);
  health = new MemorySourceHealth(clock);
});
afterEach(async () => {
  await server.close();
  await store.close();
});

/** The publisher's URL pattern on the fake host: Invesco's path and ?ticker=QQQ. */
const ndxUrl = () => {
  const u = new URL(server.url);
  return `http://${u.host}/us/financial-products/etfs/holdings/main/holdings/0?audienceType=Investor&action=download&ticker=QQQ`;
};
const lists = () =>
  createMemberLists({ urls: { NDX: ndxUrl() } }, { store, clock, logger: silentLogger, health });

async function failure(promise: Promise<unknown>): Promise<DataUnavailableError> {
  const err = await promise.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(DataUnavailableError);
  return err as DataUnavailableError;
}

describe("the default Nasdaq-100 source", () => {
  it("is Invesco's QQQ holdings download, with QQQ as the fund whose rows are kept", () => {
    const config = readConfig({});
    expect(config.holdings.NDX).toBe(DEFAULT_HOLDINGS.NDX);
    expect(new URL(config.holdings.NDX).host).toBe("www.invesco.com");
    expect(memberSources({ urls: config.holdings }).get("NDX")).toEqual({
      kind: "url",
      url: DEFAULT_HOLDINGS.NDX,
      fund: "QQQ",
    });
  });

  it("HOLDINGS_URL_NDX replaces it; a ticker= parameter names the fund", () => {
    const config = readConfig({ HOLDINGS_URL_NDX: "https://example.com/h?ticker=qqqm&action=download" });
    expect(memberSources({ urls: config.holdings }).get("NDX")).toMatchObject({ fund: "QQQM" });
    expect(memberSources({ urls: { NDX: "https://example.com/ndx.csv" } }).get("NDX")).toMatchObject({
      fund: "QQQ",
    });
  });
});

describe("the QQQ holdings download from a fake publisher", () => {
  it("GIVEN Invesco's layout THEN the members, their symbols, the list's date and count", async () => {
    const list = await lists().members("ndx");
    expect(list.alias).toBe("NDX");
    expect(list.asOf).toBe("2026-03-05");
    expect(list.memberCount).toBe(5);
    expect(list.members.map((m) => m.symbol)).toEqual(["DLTW", "CSKY", "RUSHA", "KLNR", "BRVX"]);
    expect(list.members[0]).toMatchObject({ sector: "Information Technology", weight: 32 });
    expect(list.source).toBe(`holdings file from ${new URL(server.url).host}`);
    expect(health.report()).toEqual([
      expect.objectContaining({ id: "members:NDX", successes: 1, failures: 0, lastSuccessAt: FRIDAY }),
    ]);
  });

  it("THEN it is stored and downloaded once per New York day", async () => {
    await lists().members("NDX");
    now = FRIDAY + 2 * HOUR;
    await lists().members("NDX");
    expect(server.requests).toBe(1);
    now = FRIDAY + 8 * HOUR; // 02:00 Saturday New York
    await lists().members("NDX");
    expect(server.requests).toBe(2);
  });

  const cases: [string, () => void, RegExp][] = [
    [
      "an HTML page",
      () => server.answer(200, "<!DOCTYPE html><html><body>Please accept cookies</body></html>"),
      /answered with something other than a holdings CSV \(an HTML page, text\/html\)$/,
    ],
    ["an empty file", () => server.answer(200, "\uFEFF\r\n", "text/csv"), /sent an empty file$/],
    [
      "another fund's rows",
      () => server.answer(200, invescoFile("03/05/2026", MEMBERS, "SPY"), "text/csv"),
      /could not be read: it lists no holdings of QQQ, only of SPY$/,
    ],
    [
      "a header and nothing else",
      () => server.answer(200, `${INVESCO_HEADER}\r\n`, "text/csv"),
      /could not be read: the file has a header but no holdings$/,
    ],
  ];

  for (const [what, serve, sentence] of cases) {
    it(`GIVEN ${what} and nothing stored THEN an outage in our words, told to the person asking`, async () => {
      serve();
      const err = await failure(lists().members("NDX"));
      expect(err.message).toMatch(/^the holdings file from 127\.0\.0\.1:\d+ /);
      expect(err.message).toMatch(sentence);
      expect(err.userText).toMatch(
        /^the Nasdaq-100 member list could not be loaded: the holdings file from /,
      );
      expect(err.userText).toMatch(sentence);
      expect(err.userText).not.toContain("ticker=QQQ");
      const [report] = health.report();
      expect(report).toMatchObject({ failures: 1, lastFailureAt: FRIDAY });
      expect(report?.lastError).toBe(err.message);
    });

    it(`GIVEN ${what} the next day THEN the stored list is served with its age`, async () => {
      await lists().members("NDX");
      now = FRIDAY + 26 * HOUR;
      serve();
      const list = await lists().members("NDX");
      expect(list.memberCount).toBe(5);
      expect(list.asOf).toBe("2026-03-05");
      expect(list.staleAgeMs).toBe(26 * HOUR);
      expect(server.requests).toBe(2);
      expect(health.report()[0]).toMatchObject({ successes: 1, failures: 1 });
      expect(health.report()[0]?.lastError).toMatch(sentence);
    });
  }

  it("GIVEN the publisher is down THEN the sentence says the connection was refused", async () => {
    const url = ndxUrl();
    await server.close();
    const err = await failure(
      createMemberLists({ urls: { NDX: url } }, { store, clock, logger: silentLogger, health }).members(
        "NDX",
      ),
    );
    expect(err.message).toMatch(
      /^cannot reach the holdings file from 127\.0\.0\.1:\d+: the connection was refused$/,
    );
    server = await startHoldingsServer(QQQ_FILE); // for afterEach
  });
});
