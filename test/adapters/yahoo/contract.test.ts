/**
 * Keeps the fake honest: its bodies must have the keys and value types of Yahoo's recorded ones.
 * Reads ../shared/reference/yahoo (next to the repository) when present; skipped otherwise.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type FakeYahoo, startFakeYahoo } from "../../fakes/yahoo/server.ts";
import { OPEN_NOW } from "./helpers.ts";

const dir = fileURLToPath(new URL("../../../../shared/reference/yahoo/", import.meta.url));
const present = existsSync(dir);

type Json = Record<string, unknown>;
const recorded = (file: string) => JSON.parse(readFileSync(`${dir}${file}`, "utf8")).response as Json;
const body = (file: string) => recorded(file).bodyJson as Json;
const keys = (o: unknown) => Object.keys(o as Json).sort();
const kind = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Keys both share must hold the same kind of value. */
function sameKinds(ours: Json, theirs: Json): string[] {
  return Object.keys(ours)
    .filter((k) => k in theirs && ours[k] !== null && theirs[k] !== null && kind(ours[k]) !== kind(theirs[k]))
    .map((k) => `${k}: ${kind(ours[k])} vs ${kind(theirs[k])}`);
}

describe.skipIf(!present)("fake Yahoo matches the recorded shapes", () => {
  let fake: FakeYahoo;
  let cookie = "";
  let crumb = "";
  const get = (path: string) => fetch(`${fake.url}/${path}`, { headers: { cookie }, redirect: "manual" });

  beforeAll(async () => {
    fake = await startFakeYahoo({ now: () => OPEN_NOW });
    fake.setBars("QQQ", [
      { date: "2026-01-05", close: 610.5, open: 605, high: 611, low: 604, volume: 40_000_000 },
      { date: "2026-01-06", close: 612.25 },
    ]);
    const page = await get("finance.yahoo.com/quote/AAPL");
    cookie = page.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    crumb = await (await get("query1.finance.yahoo.com/v1/test/getcrumb")).text();
  });

  afterAll(async () => {
    await fake?.close();
  });

  test("chart: same result, meta and indicator keys", async () => {
    const res = await get(
      "query2.finance.yahoo.com/v8/finance/chart/QQQ?interval=1d&period1=1767589200&period2=1767762000",
    );
    const ours = ((await res.json()) as Json).chart as Json;
    const theirs = body("chart-QQQ-2020-01-01-to-2020-01-03.json").chart as Json;
    expect(keys(ours)).toEqual(keys(theirs));
    const [o, t] = [(ours.result as Json[])[0] as Json, (theirs.result as Json[])[0] as Json];
    expect(keys(o)).toEqual(keys(t));
    expect(keys(o.meta)).toEqual(keys(t.meta));
    expect(sameKinds(o.meta as Json, t.meta as Json)).toEqual([]);
    const period = (m: unknown) => ((m as Json).currentTradingPeriod as Json).regular;
    expect(keys(period(o.meta))).toEqual(keys(period(t.meta)));
    const [oi, ti] = [o.indicators as Json, t.indicators as Json];
    expect(keys((oi.quote as Json[])[0])).toEqual(keys((ti.quote as Json[])[0]));
    expect(keys((oi.adjclose as Json[])[0])).toEqual(keys((ti.adjclose as Json[])[0]));
  });

  test("chart for an unknown symbol: Yahoo's 404 envelope", async () => {
    const res = await get("query2.finance.yahoo.com/v8/finance/chart/NOSUCH?interval=1d&period1=1&period2=2");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      chart: {
        result: null,
        error: { code: "Not Found", description: "No data found, symbol may be delisted" },
      },
    });
  });

  test("quote: every key the fake sends is one Yahoo sends, with the same kind of value", async () => {
    const res = await get(
      `query2.finance.yahoo.com/v7/finance/quote?symbols=QQQ&crumb=${encodeURIComponent(crumb)}`,
    );
    const ours = ((await res.json()) as Json).quoteResponse as Json;
    const theirs = body("quote-QQQ.json").quoteResponse as Json;
    expect(keys(ours)).toEqual(keys(theirs));
    const real = [
      ...((body("quote-QQQ.json").quoteResponse as Json).result as Json[]),
      ...((body("quote-AAPL-BABA.json").quoteResponse as Json).result as Json[]),
    ];
    const known = new Set(real.flatMap((q) => Object.keys(q)));
    const q = (ours.result as Json[])[0] as Json;
    expect(Object.keys(q).filter((k) => !known.has(k))).toEqual([]);
    expect(sameKinds(q, real[0] as Json)).toEqual([]);
    // The fields the adapter reads are present in both.
    for (const k of [
      "regularMarketPrice",
      "regularMarketTime",
      "marketState",
      "fiftyDayAverage",
      "twoHundredDayAverage",
    ])
      expect([k in q, k in (real[0] as Json)]).toEqual([true, true]);
  });

  test("quoteSummary price and summaryDetail: keys Yahoo sends", async () => {
    const res = await get(
      `query2.finance.yahoo.com/v10/finance/quoteSummary/QQQ?modules=price,summaryDetail&crumb=${encodeURIComponent(crumb)}`,
    );
    const ours = (((await res.json()) as Json).quoteSummary as Json).result as Json[];
    for (const module of ["price", "summaryDetail"]) {
      const theirs = (
        (body(`quoteSummary-${module}-QQQ.json`).quoteSummary as Json).result as Json[]
      )[0] as Json;
      const mine = (ours[0] as Json)[module] as Json;
      expect(Object.keys(mine).filter((k) => !(k in (theirs[module] as Json)))).toEqual([]);
      expect(sameKinds(mine, theirs[module] as Json)).toEqual([]);
    }
  });

  test("getcrumb answers an 11-character crumb as text; consent mode redirects like the recording", async () => {
    const real = recorded("getCrumb-getcrumb.json");
    expect(crumb.length).toBe(String(real.bodyText ?? real.bodyJson).length);
    const eu = await startFakeYahoo({ consent: true });
    try {
      const res = await fetch(`${eu.url}/finance.yahoo.com/quote/AAPL`, { redirect: "manual" });
      const page = recorded("getCrumb-quote-AAPL.json");
      expect(res.status).toBe(page.status);
      expect(new URL(res.headers.get("location") ?? "").host).toBe("guce.yahoo.com");
      expect(res.headers.getSetCookie()[0]).toMatch(/^GUCS=.*Domain=\.yahoo\.com/);
    } finally {
      await eu.close();
    }
  });
});
