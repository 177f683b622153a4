import { describe, expect, it } from "vitest";
import {
  DEFAULT_CACHE_POLICY,
  historyFreshUntil,
  isFinalThrough,
  nextPreMarket,
  quoteFreshUntil,
} from "../../../src/adapters/cache/freshness.ts";
import { ny } from "./counting-market-data.ts";

const MINUTE = 60_000;

describe("cache lifetimes by market state", () => {
  it("GIVEN pre-market THEN a quote is fresh a few minutes, never past the open", () => {
    expect(quoteFreshUntil(ny("2026-01-13", "08:00"))).toBe(ny("2026-01-13", "08:05"));
    expect(quoteFreshUntil(ny("2026-01-13", "09:28"))).toBe(ny("2026-01-13", "09:30"));
  });

  it("GIVEN the small hours of a trading day THEN a quote is fresh until 04:00 that day", () => {
    expect(quoteFreshUntil(ny("2026-01-13", "02:00"))).toBe(ny("2026-01-13", "04:00"));
    expect(nextPreMarket(ny("2026-01-13", "21:00"))).toBe(ny("2026-01-14", "04:00"));
  });

  it("GIVEN an early close (day after Thanksgiving) THEN the state follows the 13:00 close", () => {
    const t = ny("2025-11-28", "13:30"); // after-hours on an early-close day
    expect(quoteFreshUntil(t)).toBe(t + DEFAULT_CACHE_POLICY.extendedHoursMs);
    expect(historyFreshUntil(t)).toBe(ny("2025-12-01", "09:30"));
    expect(historyFreshUntil(ny("2025-11-28", "12:59"))).toBe(ny("2025-11-28", "13:00"));
  });

  it("GIVEN history fetched just after a close THEN it is polled until the closing prints settle", () => {
    expect(historyFreshUntil(ny("2026-01-13", "16:01"))).toBe(ny("2026-01-13", "16:06"));
    expect(historyFreshUntil(ny("2026-01-13", "16:18"))).toBe(ny("2026-01-13", "16:20"));
    expect(historyFreshUntil(ny("2026-01-13", "16:20"))).toBe(ny("2026-01-14", "09:30"));
  });

  it("GIVEN a fetch time THEN bars are final only through sessions whose close had settled", () => {
    const fetched = ny("2026-01-13", "11:00");
    expect(isFinalThrough(fetched, "2026-01-12")).toBe(true);
    expect(isFinalThrough(fetched, "2026-01-11")).toBe(true); // a Sunday: final through Friday
    expect(isFinalThrough(fetched, "2026-01-13")).toBe(false);
    expect(isFinalThrough(ny("2026-01-13", "16:10"), "2026-01-13")).toBe(false);
    expect(isFinalThrough(ny("2026-01-13", "16:00") + 20 * MINUTE, "2026-01-13")).toBe(true);
  });
});
