import { describe, expect, it } from "vitest";
import {
  closureReason,
  isEarlyClose,
  isTradingDay,
  lastCompletedSession,
  marketState,
  nextOpen,
  sessionTimes,
} from "../../../src/core/market/calendar.ts";
import { evaluationDate, asOfLabel } from "../../../src/core/market/as-of.ts";
import { formatDate, nyDate, nyWallTime } from "../../../src/core/market/time.ts";

describe("NYSE calendar", () => {
  it("knows the 2026 holidays, with weekend observance", () => {
    const closed = [
      "2026-01-01",
      "2026-01-19",
      "2026-02-16",
      "2026-04-03",
      "2026-05-25",
      "2026-06-19",
      "2026-07-03",
      "2026-09-07",
      "2026-11-26",
      "2026-12-25",
    ];
    for (const d of closed) expect(isTradingDay(d), d).toBe(false);
    expect(closureReason("2026-04-03")).toBe("Good Friday");
    expect(closureReason("2026-07-03")).toBe("Independence Day");
    expect(isTradingDay("2026-01-02")).toBe(true);
    expect(isTradingDay("2026-01-13")).toBe(true);
  });

  it("does not observe a Saturday New Year's Day on the Friday before", () => {
    expect(isTradingDay("2021-12-31")).toBe(true);
    expect(isTradingDay("2021-12-24")).toBe(false); // Christmas on a Saturday: observed Friday
  });

  it("knows extraordinary closures", () => {
    expect(closureReason("2025-01-09")).toBe("special closure");
  });

  it("knows early closes", () => {
    expect(isEarlyClose("2026-11-27")).toBe(true);
    expect(isEarlyClose("2026-12-24")).toBe(true);
    expect(isEarlyClose("2025-07-03")).toBe(true);
    expect(isEarlyClose("2026-07-02")).toBe(false);
    expect(isEarlyClose("2026-01-13")).toBe(false);
    expect(new Date(sessionTimes("2026-11-27").close).toISOString()).toBe("2026-11-27T18:00:00.000Z");
  });

  it("reads market state in New York time across DST", () => {
    expect(marketState(Date.parse("2026-01-13T15:00:00Z"))).toBe("open"); // 10:00 EST
    expect(marketState(Date.parse("2026-01-13T14:00:00Z"))).toBe("pre-market"); // 09:00 EST
    expect(marketState(Date.parse("2026-07-06T13:00:00Z"))).toBe("pre-market"); // 09:00 EDT
    expect(marketState(Date.parse("2026-07-06T13:45:00Z"))).toBe("open"); // 09:45 EDT
    expect(marketState(Date.parse("2026-07-06T21:00:00Z"))).toBe("after-hours"); // 17:00 EDT
    expect(marketState(Date.parse("2026-07-07T01:00:00Z"))).toBe("closed"); // 21:00 EDT
    expect(marketState(Date.parse("2026-11-28T16:00:00Z"))).toBe("closed"); // Saturday
    expect(marketState(Date.parse("2026-11-27T18:30:00Z"))).toBe("after-hours"); // after 13:00 early close
  });

  it("uses New York dates, not UTC ones", () => {
    // 02:00 UTC on the 14th is still the evening of the 13th in New York.
    expect(nyDate(Date.parse("2026-01-14T02:00:00Z"))).toBe("2026-01-13");
    expect(lastCompletedSession(Date.parse("2026-01-14T02:00:00Z"))).toBe("2026-01-13");
    expect(lastCompletedSession(Date.parse("2026-01-13T20:00:00Z"))).toBe("2026-01-12");
    expect(new Date(nyWallTime("2026-03-09", 570)).toISOString()).toBe("2026-03-09T13:30:00.000Z");
    expect(new Date(nextOpen(Date.parse("2026-11-25T22:00:00Z"))).toISOString()).toBe(
      "2026-11-27T14:30:00.000Z",
    );
  });

  it("labels dates the way a reader writes them", () => {
    expect(formatDate("2026-01-13")).toBe("Tue 13 Jan 2026");
    expect(asOfLabel("2026-01-13", false)).toBe("as of close Tue 13 Jan 2026");
    expect(asOfLabel("2026-01-13", true, Date.parse("2026-01-13T16:32:00Z"))).toBe(
      "live at 11:32 New York, Tue 13 Jan 2026",
    );
  });
});

describe("evaluationDate", () => {
  const monday = Date.parse("2026-11-23T15:15:00Z"); // 10:15 New York, market open
  it("is live during the session", () => {
    expect(evaluationDate(undefined, monday)).toMatchObject({
      date: "2026-11-23",
      live: true,
      state: "open",
    });
  });
  it("is the last close before the open and on weekends", () => {
    expect(evaluationDate(undefined, Date.parse("2026-11-22T15:00:00Z"))).toMatchObject({
      date: "2026-11-20",
      live: false,
    });
  });
  it("moves a holiday --as-of to the previous session and says so", () => {
    const ev = evaluationDate("2026-01-19", monday);
    expect(ev.date).toBe("2026-01-16");
    expect(ev.note).toContain("Martin Luther King Jr. Day");
  });
  it("refuses future dates and today's unfinished session", () => {
    expect(() => evaluationDate("2026-12-01", monday)).toThrow(/future/);
    expect(() => evaluationDate("2026-11-23", monday)).toThrow(/not closed yet/);
  });
});
