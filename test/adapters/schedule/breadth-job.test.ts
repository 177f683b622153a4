/**
 * After the close the scheduler records the day's breadth (the history behind /breadth history),
 * once per index and session, from the closes fixture's RUT members; an index without a member
 * list is reported, not retried all evening.
 */
import { describe, expect, it } from "vitest";
import { CsvMarketData } from "../../../src/adapters/csv/csv-market-data.ts";
import { createMemberLists } from "../../../src/adapters/members/index.ts";
import { EmbeddedScheduler } from "../../../src/adapters/schedule/embedded.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { BREADTH_HISTORY_NAMESPACE } from "../../../src/core/breadth/history-store.ts";
import { CLOSES_DIR } from "../../commands/helpers.ts";
import { world } from "./harness.ts";

describe("the after-close breadth record", () => {
  it("records RUT for the session 30 minutes after its close, once", async () => {
    // Tue 13 Jan 2026, 16:29 and 16:30 New York (EST).
    const before = Date.parse("2026-01-13T21:29:00Z");
    const after = Date.parse("2026-01-13T21:30:00Z");
    const w = world(after);
    const store = await createStore({ sqlitePath: ":memory:" }, w.logger);
    const services = {
      ...w.services(store),
      market: new CsvMarketData({ dir: CLOSES_DIR, clock: w.clock }),
      members: createMemberLists({ csvDir: CLOSES_DIR }, { store, clock: w.clock, logger: w.logger }),
    };
    const scheduler = new EmbeddedScheduler({ services, posters: {}, runAtStart: false });

    const early = await scheduler.recordBreadth(before);
    expect(early?.session).toBe("2026-01-12");

    const due = await scheduler.recordBreadth(after);
    expect(due).toMatchObject({ session: "2026-01-13", recorded: ["RUT"] });
    expect(due?.failed.map((f) => f.alias)).toEqual(["SPX"]);
    // README of the fixture: 7 advancing, 4 declining, 1 unchanged on 13 Jan.
    const stored = await store.get<{ advancing: number; declining: number; unchanged: number }>(
      BREADTH_HISTORY_NAMESPACE,
      "RUT:2026-01-13",
    );
    expect(stored).toMatchObject({ advancing: 7, declining: 4, unchanged: 1 });

    // Five minutes later: nothing left to do for either index.
    const again = await scheduler.recordBreadth(after + 5 * 60_000);
    expect(again).toMatchObject({ recorded: [], present: [], failed: [] });
    await store.close();
  });
});
