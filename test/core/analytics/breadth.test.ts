// Breadth of a tiny synthetic universe, in both modes, against figures worked out by hand.
import { describe, expect, it } from "vitest";
import {
  type BreadthMember,
  closeBreadth,
  closeReading,
  isMeaningful,
  liveBreadth,
  percentOf,
} from "../../../src/core/analytics/breadth.ts";
import { previousTradingDay } from "../../../src/core/market/calendar.ts";
import type { Bar, Quote } from "../../../src/core/ports.ts";

const quote = (symbol: string, fields: Partial<Quote>): Quote => ({ symbol, price: 0, time: 0, ...fields });

describe("live breadth (quotes, intraday basis)", () => {
  const members: BreadthMember[] = [
    { symbol: "AAA", sector: "Technology" },
    { symbol: "BBB", sector: "Technology" },
    { symbol: "CCC", sector: "Health Care" },
    { symbol: "DDD", sector: "Health Care" },
    { symbol: "EEE" },
  ];
  const quotes = new Map<string, Quote>([
    // AAA: +2% -> advancing; 10 > 9 above its 50-day; 10 > 11 no; 10 >= 10 at its 52w high; 10 <= 6 no.
    [
      "AAA",
      quote("AAA", {
        price: 10,
        changePercent: 2,
        fiftyDayAverage: 9,
        twoHundredDayAverage: 11,
        fiftyTwoWeekHigh: 10,
        fiftyTwoWeekLow: 6,
      }),
    ],
    // BBB: -1% -> declining; 20 > 21 no; 20 > 19 yes; 20 >= 25 no; 20 <= 20 at its 52w low.
    [
      "BBB",
      quote("BBB", {
        price: 20,
        changePercent: -1,
        fiftyDayAverage: 21,
        twoHundredDayAverage: 19,
        fiftyTwoWeekHigh: 25,
        fiftyTwoWeekLow: 20,
      }),
    ],
    // CCC: 0% -> unchanged; no averages (a recent listing): left out of both average measures.
    ["CCC", quote("CCC", { price: 5, changePercent: 0, fiftyTwoWeekHigh: 6, fiftyTwoWeekLow: 4 })],
    // DDD: no quote at all -> not priced.
    // EEE: +0.5% advancing; 30 > 29 and 30 > 28; 30 >= 30.5 no; 30 <= 10 no.
    [
      "EEE",
      quote("EEE", {
        price: 30,
        changePercent: 0.5,
        fiftyDayAverage: 29,
        twoHundredDayAverage: 28,
        fiftyTwoWeekHigh: 30.5,
        fiftyTwoWeekLow: 10,
      }),
    ],
  ]);
  const s = liveBreadth(members, quotes, "2026-01-13", new Map([["DDD", "request failed: 503"]]));

  it("GIVEN five members, one unpriced THEN counts 2 up, 1 down, 1 unchanged of 4 priced", () => {
    expect(s).toMatchObject({ mode: "live", date: "2026-01-13", members: 5, priced: 4 });
    expect([s.advancing, s.declining, s.unchanged, s.directionOf]).toEqual([2, 1, 1, 4]);
    expect(s.notPriced).toEqual([{ symbol: "DDD", reason: "request failed: 503" }]);
  });

  it("THEN each measure is over the members that have its field", () => {
    // above 50-day: AAA yes, BBB no, EEE yes (CCC has none) -> 2 of 3 = 66.7%
    expect(s.above50).toEqual({ count: 2, of: 3 });
    expect(percentOf(s.above50)).toBeCloseTo(66.667, 3);
    // above 200-day: AAA no, BBB yes, EEE yes -> 2 of 3
    expect(s.above200).toEqual({ count: 2, of: 3 });
    // 52-week highs: only AAA (price = high counts); lows: only BBB (price = low counts); of 4 each
    expect(s.highs).toEqual({ count: 1, of: 4 });
    expect(s.lows).toEqual({ count: 1, of: 4 });
  });

  it("THEN sectors are tallied over their own members, unsectored ones as Unclassified", () => {
    const bySector = Object.fromEntries(s.sectors.map((x) => [x.sector, x]));
    expect(s.sectors.map((x) => x.sector)).toEqual(["Health Care", "Technology", "Unclassified"]);
    expect(bySector.Technology).toMatchObject({ members: 2, priced: 2, advancing: 1, declining: 1 });
    expect(bySector.Technology?.above50).toEqual({ count: 1, of: 2 });
    expect(bySector["Health Care"]).toMatchObject({ members: 2, priced: 1, unchanged: 1, advancing: 0 });
    expect(bySector.Unclassified).toMatchObject({ members: 1, priced: 1, advancing: 1 });
  });

  it("GIVEN a quote whose last trade is from an earlier session THEN that member is not priced", () => {
    const stale = liveBreadth(members.slice(0, 2), quotes, "2026-01-13", new Map(), (q) =>
      q.symbol === "BBB" ? "2026-01-09" : "2026-01-13",
    );
    expect(stale.priced).toBe(1);
    expect(stale.notPriced).toEqual([{ symbol: "BBB", reason: "no trade since 2026-01-09" }]);
  });

  it("GIVEN only the change in points THEN its sign decides the direction", () => {
    const q = new Map([["AAA", quote("AAA", { price: 10, change: -0.25 })]]);
    const one = liveBreadth(members.slice(0, 1), q, "2026-01-13");
    expect([one.advancing, one.declining, one.directionOf]).toEqual([0, 1, 1]);
    expect(one.above50.of).toBe(0);
    expect(percentOf(one.above50)).toBeUndefined();
  });
});

/** The `n` NYSE sessions ending at `end`, oldest first. */
function sessionsEnding(end: string, n: number): string[] {
  const out = [end];
  while (out.length < n) out.unshift(previousTradingDay(out[0] as string));
  return out;
}

const D = "2026-01-13";
const PREV = "2026-01-12";
const days = sessionsEnding(D, 252);
const series = (closes: number[]): Bar[] =>
  closes.map((close, i) => ({ date: days[days.length - closes.length + i] as string, close }));

describe("historical breadth (daily closes as of a session)", () => {
  const members: BreadthMember[] = ["XUP", "YDN", "ZFL", "WGP", "VNO", "UST"].map((symbol) => ({
    symbol,
    sector: symbol === "XUP" || symbol === "YDN" ? "Industrials" : "Energy",
  }));
  // XUP: closes 1, 2, ..., 252. close(D) = 252 > 251 -> advancing.
  //   50-day mean = (203 + ... + 252) / 50 = 227.5 < 252 -> above; 200-day = (53 + 252) / 2 = 152.5 -> above.
  //   252 closes, max 252 -> new high (>=); min 1 -> not a low.
  const xup = series(Array.from({ length: 252 }, (_, k) => k + 1));
  // YDN: closes 300, 299, ..., 49. close(D) = 49 < 50 -> declining.
  //   50-day mean = (98 + ... + 49) / 50 = 73.5 > 49 -> below; 200-day = (248 + 49) / 2 = 148.5 -> below.
  //   min 49 -> new low; not a high.
  const ydn = series(Array.from({ length: 252 }, (_, k) => 300 - k));
  // ZFL: 60 closes of 10. Unchanged; 10 > mean 10 is false -> counted, not above; fewer than 200
  //   and 252 closes -> left out of the 200-day and 52-week measures.
  const zfl = series(Array.from({ length: 60 }, () => 10));
  // WGP: a close on D but none on the previous session -> not priced.
  const wgp = series([5, 6, 7]).filter((b) => b.date !== PREV);
  // VNO: no closes at all (the source did not know it). UST: last close before D -> not priced.
  const ust = series([8, 9, 10]).slice(0, 2);
  const bars = new Map<string, Bar[]>([
    ["XUP", xup],
    ["YDN", ydn],
    ["ZFL", zfl],
    ["WGP", wgp],
    ["UST", ust],
  ]);
  const s = closeBreadth(members, bars, D, PREV, new Map([["VNO", "not found"]]));

  it("GIVEN six members, three priced THEN 1 up, 1 down, 1 unchanged", () => {
    expect(s).toMatchObject({ mode: "close", date: D, members: 6, priced: 3 });
    expect([s.advancing, s.declining, s.unchanged, s.directionOf]).toEqual([1, 1, 1, 3]);
    expect(s.notPriced).toEqual([
      { symbol: "WGP", reason: `no close on ${PREV}` },
      { symbol: "VNO", reason: "not found" },
      { symbol: "UST", reason: `no close on ${D}` },
    ]);
  });

  it("THEN each average and 52-week measure leaves out members with too few closes", () => {
    expect(s.above50).toEqual({ count: 1, of: 3 });
    expect(s.above200).toEqual({ count: 1, of: 2 });
    expect(s.highs).toEqual({ count: 1, of: 2 });
    expect(s.lows).toEqual({ count: 1, of: 2 });
    // 1 of 3 = 33.3%; 1 of 2 = 50.0%
    expect(percentOf(s.above50)?.toFixed(1)).toBe("33.3");
    expect(percentOf(s.highs)?.toFixed(1)).toBe("50.0");
  });

  it("THEN sectors split the same counts", () => {
    const ind = s.sectors.find((x) => x.sector === "Industrials");
    const en = s.sectors.find((x) => x.sector === "Energy");
    expect(ind).toMatchObject({ members: 2, priced: 2, advancing: 1, declining: 1 });
    expect(en).toMatchObject({ members: 4, priced: 1, unchanged: 1 });
    expect(en?.above200.of).toBe(0);
  });

  it("GIVEN 252 equal closes THEN the member is both at a 52-week high and a 52-week low", () => {
    const flat = series(Array.from({ length: 252 }, () => 7));
    const r = closeReading({ symbol: "FLT" }, flat, D, PREV);
    expect(r).toMatchObject({ direction: 0, above50: false, above200: false, newHigh: true, newLow: true });
  });

  it("GIVEN 251 closes THEN the 52-week measures leave the member out, the 200-day does not", () => {
    const r = closeReading({ symbol: "SHT" }, xup.slice(1), D, PREV);
    expect(r).toMatchObject({ direction: 1, above200: true });
    expect("newHigh" in r).toBe(false);
  });

  it("GIVEN the close one session earlier THEN that session is read, not the latest one", () => {
    // As of 12 Jan: XUP closes 251 vs 250 -> advancing; the 13 Jan close is not looked at, so
    // only 251 closes end at 12 Jan and the 52-week measures leave XUP out.
    const r = closeReading({ symbol: "XUP" }, xup, PREV, previousTradingDay(PREV));
    expect(r).toMatchObject({ direction: 1, above50: true, above200: true });
    expect("newHigh" in r).toBe(false);
  });

  it("coverage under half of the members is not meaningful", () => {
    expect(isMeaningful(3, 6)).toBe(true);
    expect(isMeaningful(2, 6)).toBe(false);
    expect(isMeaningful(0, 0)).toBe(false);
  });
});
