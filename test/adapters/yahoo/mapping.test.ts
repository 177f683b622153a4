import { describe, expect, test } from "vitest";
import { barsFromChart, quoteFromYahoo, sessionDate } from "../../../src/adapters/yahoo/mapping.ts";
import { BadDataError } from "../../../src/core/errors.ts";
import { nyDate } from "../../../src/core/market/time.ts";

const sec = (iso: string) => Date.parse(iso) / 1000;

test("sessionDate agrees with the time-zone rules at every hour, DST changes included", () => {
  const wrong: number[] = [];
  // Every 37 minutes from 1970 to 2040: all hours of the day, both offsets, every transition.
  for (let sec = 0; sec < 2_209_000_000; sec += 37 * 60 * 13)
    if (sessionDate(sec) !== nyDate(sec * 1000)) wrong.push(sec);
  for (const iso of [
    "2026-03-08T06:59:59Z",
    "2026-03-08T07:00:00Z",
    "2026-11-01T04:30:00Z",
    "2026-11-01T05:00:00Z",
  ]) {
    const sec = Date.parse(iso) / 1000;
    if (sessionDate(sec) !== nyDate(sec * 1000)) wrong.push(sec);
  }
  expect(wrong).toEqual([]);
});

describe("barsFromChart", () => {
  test("dates are New York dates, not UTC ones", () => {
    // 00:30 UTC on the 6th is 19:30 on the 5th in New York.
    const chart = {
      timestamp: [sec("2026-01-06T00:30:00Z"), sec("2026-01-06T14:30:00Z")],
      indicators: { quote: [{ close: [10, 11] }] },
    };
    expect(barsFromChart(chart, "2026-01-01", "2026-01-31").map((b) => b.date)).toEqual([
      "2026-01-05",
      "2026-01-06",
    ]);
  });

  test("null closes dropped, bars outside the range dropped, one bar per date (the later), ascending", () => {
    const chart = {
      timestamp: [
        sec("2026-01-07T14:30:00Z"),
        sec("2026-01-05T14:30:00Z"),
        sec("2026-01-06T14:30:00Z"),
        sec("2026-01-07T19:45:00Z"),
        sec("2026-01-08T14:30:00Z"),
      ],
      indicators: {
        quote: [{ close: [20, 18, null, 21, 22], volume: [1, 2, 3, 4, 5], open: [null, 17.5, null, 20, 21] }],
        adjclose: [{ adjclose: [19, 17, null, 20.5, 21.5] }],
      },
    };
    expect(barsFromChart(chart, "2026-01-05", "2026-01-07")).toEqual([
      { date: "2026-01-05", close: 18, adjClose: 17, open: 17.5, volume: 2 },
      { date: "2026-01-07", close: 21, adjClose: 20.5, open: 20, volume: 4 },
    ]);
  });

  test("no timestamps means no bars", () => {
    expect(barsFromChart({ indicators: { quote: [] } }, "2026-01-05", "2026-01-07")).toEqual([]);
  });

  test("closes that do not line up with timestamps are bad data", () => {
    const chart = { timestamp: [1, 2], indicators: { quote: [{ close: [1] }] } };
    expect(() => barsFromChart(chart, "1970-01-01", "2030-01-01")).toThrow(BadDataError);
  });
});

describe("quoteFromYahoo", () => {
  test("regularMarketTime as the library's Date or as raw epoch seconds", () => {
    const at = new Date("2026-01-13T21:00:00Z");
    const a = quoteFromYahoo({ symbol: "X", regularMarketPrice: 1, regularMarketTime: at });
    const b = quoteFromYahoo({ symbol: "X", regularMarketPrice: 1, regularMarketTime: at.getTime() / 1000 });
    expect("quote" in a && a.quote.time).toBe(at.getTime());
    expect("quote" in b && b.quote.time).toBe(at.getTime());
  });

  test("a quote without a price or a time is not usable, with the reason", () => {
    expect(quoteFromYahoo({ symbol: "X", regularMarketTime: 1 })).toEqual({
      reason: "Yahoo Finance has no price for it",
    });
    expect(quoteFromYahoo({ symbol: "X", regularMarketPrice: 5 })).toEqual({
      reason: "Yahoo Finance gave no time for its price",
    });
    expect(quoteFromYahoo(null)).toEqual({ reason: "malformed quote" });
  });

  test("longName stands in for a missing shortName; non-numbers and unknown states are left out", () => {
    const r = quoteFromYahoo({
      symbol: "X",
      longName: "Long Name",
      regularMarketPrice: 5,
      regularMarketTime: 1_768_338_000,
      fiftyDayAverage: "n/a",
      twoHundredDayAverage: Number.NaN,
      marketState: "WEIRD",
    });
    expect(r).toEqual({ quote: { symbol: "X", name: "Long Name", price: 5, time: 1_768_338_000_000 } });
  });
});
