import { describe, expect, test } from "vitest";
import {
  DEFAULT_BACKOFF,
  isRetryableStatus,
  parseRetryAfter,
  retryDelay,
} from "../../../src/adapters/yahoo/retry-policy.ts";

const NOW = Date.parse("2026-01-13T20:00:00Z");

describe("retry policy", () => {
  test("429 and 5xx are retried; other statuses are not", () => {
    expect([429, 500, 502, 503, 504, 599].every(isRetryableStatus)).toBe(true);
    expect([200, 301, 400, 401, 403, 404, 422].some(isRetryableStatus)).toBe(false);
  });

  test("Retry-After in seconds or as an HTTP date, never negative, junk ignored", () => {
    expect(parseRetryAfter("5", NOW)).toBe(5000);
    expect(parseRetryAfter(" 0 ", NOW)).toBe(0);
    expect(parseRetryAfter("Tue, 13 Jan 2026 20:00:07 GMT", NOW)).toBe(7000);
    expect(parseRetryAfter("Tue, 13 Jan 2026 19:00:00 GMT", NOW)).toBe(0);
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
    expect(parseRetryAfter("", NOW)).toBeUndefined();
    expect(parseRetryAfter("-5", NOW)).toBeUndefined();
    expect(parseRetryAfter("soon", NOW)).toBeUndefined();
    expect(parseRetryAfter("1.5", NOW)).toBeUndefined();
  });

  test("backoff doubles from 250 ms with equal jitter and a ceiling", () => {
    const at = (random: number) => ({ ...DEFAULT_BACKOFF, random: () => random });
    expect([0, 1, 2, 3].map((a) => retryDelay(a, undefined, at(0)))).toEqual([125, 250, 500, 1000]);
    expect([0, 1, 2, 3].map((a) => retryDelay(a, undefined, at(1)))).toEqual([250, 500, 1000, 2000]);
    expect(retryDelay(20, undefined, at(1))).toBe(DEFAULT_BACKOFF.maxBackoffMs);
  });

  test("Retry-After is a floor, and one beyond the cap means give up now", () => {
    const policy = { ...DEFAULT_BACKOFF, random: () => 0.5 };
    expect(retryDelay(0, 4000, policy)).toBe(4000);
    expect(retryDelay(5, 10, policy)).toBeGreaterThan(10);
    expect(retryDelay(0, DEFAULT_BACKOFF.maxRetryAfterMs + 1, policy)).toBeUndefined();
  });
});
