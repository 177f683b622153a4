import { describe, expect, it } from "vitest";
import { fetchWindow, parsePeriod, periodEnd, periodStart } from "../../../src/core/analytics/periods.ts";
import { UserError } from "../../../src/core/errors.ts";

const today = "2026-11-23";

describe("parsePeriod", () => {
  it.each(["1d", "5d", "1m", "3m", "6m", "ytd", "1y", "mtd", "qtd", "YTD"])("accepts %s", (code) => {
    expect(parsePeriod(code, today).code).toBe(code.toLowerCase());
  });

  it("maps months to sessions as the guide defines them", () => {
    expect(parsePeriod("1m", today)).toMatchObject({ sessions: 21 });
    expect(parsePeriod("3m", today)).toMatchObject({ sessions: 63 });
    expect(parsePeriod("6m", today)).toMatchObject({ sessions: 126 });
    expect(parsePeriod("1y", today)).toMatchObject({ sessions: 252 });
  });

  it("GIVEN 7q THEN a user error listing the periods", () => {
    const err = catchError(() => parsePeriod("7q", today));
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toContain('"7q" is not a period');
    expect(err.message).toContain("1d 5d 1m");
    expect(err.hint).toBe("/rotation ytd");
  });

  it("never echoes mentions or formatting", () => {
    const err = catchError(() => parsePeriod("<!channel>*x*", today));
    expect(err.message).not.toMatch(/[<>*!@]/);
  });

  it("accepts from..to and caps the end at today", () => {
    expect(parsePeriod("2026-01-02..2026-12-31", today)).toEqual({
      kind: "range",
      code: "range",
      from: "2026-01-02",
      to: today,
    });
    expect(() => parsePeriod("2026-02-30..2026-03-01", today)).toThrow(/YYYY-MM-DD/);
    expect(() => parsePeriod("2026-03-02..2026-03-01", today)).toThrow(/starts after it ends/);
    expect(() => parsePeriod("2027-01-02..2027-03-01", today)).toThrow(/future/);
  });

  it("knows where calendar periods start", () => {
    expect(periodStart(parsePeriod("ytd", today), "2026-01-13")).toBe("2026-01-01");
    expect(periodStart(parsePeriod("mtd", today), "2026-05-13")).toBe("2026-05-01");
    expect(periodStart(parsePeriod("qtd", today), "2026-08-20")).toBe("2026-07-01");
  });

  it("fetches enough calendar days for the sessions asked", () => {
    // 252 NYSE sessions before 13 Jan 2026 reach back to 10 Jan 2025 (9 Jan 2025 was a closure):
    // a window of 252 x 7/5 days plus 10 stopped at 15 Jan 2025 and /rotation 1y found no base.
    const w = fetchWindow(parsePeriod("1y", today), "2026-01-13");
    expect(w.from <= "2025-01-10").toBe(true);
    expect(w.from >= "2024-12-20").toBe(true);
    expect(fetchWindow(parsePeriod("ytd", today), "2026-01-13", 60).from <= "2025-10-15").toBe(true);
  });

  it("ends a range on a weekend or holiday at the session before it", () => {
    expect(periodEnd(parsePeriod("2026-01-02..2026-01-10", today), "2026-01-13")).toBe("2026-01-09");
    expect(periodEnd(parsePeriod("2026-01-02..2026-01-19", today), "2026-02-02")).toBe("2026-01-16");
    expect(periodEnd(parsePeriod("2026-01-02..2026-01-12", today), "2026-01-13")).toBe("2026-01-12");
    expect(periodEnd(parsePeriod("ytd", today), "2026-01-13")).toBe("2026-01-13");
  });
});

function catchError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    return err as UserError;
  }
  throw new Error("expected a throw");
}
