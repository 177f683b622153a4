/**
 * /record over test/fixtures/views/record. ^RUT closes run in straight lines between anchors:
 *   2,380 (1 Dec 2025), 2,399 (15 Dec), 2,410 (16 Dec), 2,470 (20 Jan), 2,440 (21 Jan),
 *   2,495 (2 Feb), 2,502 (3 Feb), 2,490 (4 Feb), 2,531.40 (20 Feb), 2,520 (23 Feb),
 *   2,505 (26 Feb), 2,498 (27 Feb)
 * with intraday highs of close + 5, except 2,545.10 on 23 Feb. IWM: closes only, 240 -> 250.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Reply } from "../../src/core/reply.ts";
import { askIn, blocksOf, footerOf } from "./views-context.ts";

const fields = (reply: Reply) =>
  Object.fromEntries(blocksOf(reply, "fields").flatMap((b) => b.fields.map((f) => [f.label, f.value])));

describe("/record RUT as at 27 Feb 2026", () => {
  let reply: Reply;
  beforeAll(async () => {
    reply = await askIn("record", "/record RUT");
  });

  it("maps RUT to ^RUT and finds the record close of 20 Feb", () => {
    expect(reply.kind).toBe("answer");
    expect(reply.data).toMatchObject({
      symbol: "^RUT",
      record: { date: "2026-02-20", value: 2531.4 },
      latest: { date: "2026-02-27", value: 2498 },
      isNewRecord: false,
      // sessions after 20 Feb: 23, 24, 25, 26, 27 Feb
      sessionsSince: 5,
      // Dec 2025: 23 weekdays - 25 Dec = 22; Jan 2026: 22 - 1 Jan - 19 Jan = 20; Feb: 20 - 16 Feb = 19
      sessions: 22 + 20 + 19,
      firstDate: "2025-12-01",
    });
    // 2,498 / 2,531.40 - 1 = -0.0131943...
    expect(reply.data.distance).toBeCloseTo(2498 / 2531.4 - 1, 12);
    expect(fields(reply)).toMatchObject({
      "Record close": "2,531.40 on 20 Feb 2026",
      "Distance from record": "-1.32%",
      "Sessions since record": "5",
      "New record on the latest session": "no",
    });
  });

  it("the intraday high is the highest daily high, on another day than the record close", () => {
    expect(reply.data.intradayHigh).toEqual({ date: "2026-02-23", value: 2545.1 });
    expect(fields(reply)["Intraday high"]).toBe("2,545.10 on 23 Feb 2026");
  });

  it("round levels: step 100, first closes above 2,400 and 2,500, and 2,500 lost on the day", () => {
    // 10^(floor(log10(2,531.4)) - 1) = 10^2 = 100; multiples above the first close 2,380 up to 2,531.40: 2,400, 2,500
    expect(reply.data.step).toBe(100);
    expect(reply.data.milestones).toEqual([
      { level: 2400, date: "2025-12-16", close: 2410 },
      { level: 2500, date: "2026-02-03", close: 2502 },
    ]);
    // 26 Feb 2,505 -> 27 Feb 2,498: 2,498 < 2,500 <= 2,505
    expect(reply.data.crossedLatest).toEqual([{ level: 2500, direction: "down" }]);
    expect(fields(reply)["Round levels crossed on the latest session"]).toBe("below 2,500 (from 2,505.00)");
    expect(blocksOf(reply, "table")[0]?.rows).toEqual([
      ["2,500", "3 Feb 2026", "2,502.00"],
      ["2,400", "16 Dec 2025", "2,410.00"],
    ]);
  });

  it("chart and footer", () => {
    const chart = blocksOf(reply, "chart")[0];
    expect(chart?.spec.kind).toBe("line");
    // The record, and the round levels either side of the latest close (2,498: 2,400 and 2,500),
    // both inside the 2,380 - 2,531.40 range the chart shows.
    expect(chart?.spec.reference).toEqual([
      { value: 2531.4, axis: "left", label: "Record 2,531.40" },
      { value: 2400, axis: "left", label: "2,400" },
      { value: 2500, axis: "left", label: "2,500" },
    ]);
    const footer = footerOf(reply);
    expect(footer).toContain("as of close Fri 27 Feb 2026");
    expect(footer).toContain("record = highest daily close in the data (61 sessions from 1 Dec 2025)");
    expect(footer).toContain("round levels = multiples of 100");
    expect(footer).toContain("Not investment advice");
  });
});

describe("/record on the day of a record", () => {
  it("GIVEN as of 20 Feb THEN today set one, 0 sessions since", async () => {
    const reply = await askIn("record", "/record RUT", "2026-02-20");
    expect(reply.data).toMatchObject({ isNewRecord: true, sessionsSince: 0, distance: 0 });
    expect(fields(reply)["New record on the latest session"]).toBe("yes");
    expect(reply.fallback).toContain("A new record: the close of 2,531.40 on 20 Feb 2026");
    // Nothing after 20 Feb may leak in: the highest high so far is 20 Feb's 2,531.40 + 5.
    expect(reply.data.intradayHigh).toEqual({ date: "2026-02-20", value: 2536.4 });
  });

  it("GIVEN as of 3 Feb THEN a record that crossed 2,500 for the first time", async () => {
    const reply = await askIn("record", "/record ^RUT", "2026-02-03");
    // 2 Feb 2,495 -> 3 Feb 2,502, above every earlier close (the highest before: 2,495)
    expect(reply.data).toMatchObject({
      isNewRecord: true,
      crossedLatest: [{ level: 2500, direction: "up" }],
    });
    expect((reply.data.milestones as { level: number; date: string }[]).at(-1)).toEqual({
      level: 2500,
      date: "2026-02-03",
      close: 2502,
    });
  });

  it("GIVEN IWM (closes only, 240 -> 250) THEN a record today, step 10, and no intraday high claimed", async () => {
    const reply = await askIn("record", "/record IWM");
    expect(reply.data).toMatchObject({
      symbol: "IWM",
      isNewRecord: true,
      step: 10,
      milestones: [{ level: 250, date: "2026-02-27", close: 250 }],
      intradayHigh: null,
      barsWithHigh: 0,
    });
    expect(fields(reply)["Intraday high"]).toBe("not in the data (closes only)");
  });
});

describe("/record bad input", () => {
  it("GIVEN a ticker the folder does not have THEN a user error saying so", async () => {
    const reply = await askIn("record", "/record ZZZZ");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("No closes for ZZZZ on or before 27 Feb 2026 (not found).");
    expect(reply.fallback).toContain("Try: /record RUT");
  });

  it("GIVEN other characters THEN no echo", async () => {
    const reply = await askIn("record", "/record <!channel>");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("Ticker 1 is not a symbol");
    expect(reply.fallback).not.toMatch(/[<>!]/);
  });

  it("GIVEN two tickers or none THEN asks for one", async () => {
    for (const text of ["/record RUT SPX", "/record"]) {
      const reply = await askIn("record", text);
      expect(reply.kind).toBe("user-error");
      expect(reply.fallback).toContain("/record takes one index or ticker");
    }
  });
});
