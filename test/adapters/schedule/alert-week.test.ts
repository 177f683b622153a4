/**
 * Alerts over a simulated week, Mon 23 to Fri 27 Nov 2026 (Thanksgiving Thu 26, an early close
 * Fri 27), with the embedded scheduler's breadth tick (the after-close breadth record, then the
 * alerts) every five minutes of an injected clock, on a real SQLite store and synthetic closes
 * (alert-week-data.ts). The record post of one channel is under way when the process dies on Tue
 * at 16:30; a new process comes up at 16:50.
 * Bars: each event is posted once in each channel that asked, on its session, at 16:30 (13:30 on
 * the early close), the interrupted one late and saying so; KRE hovering at 60 fires once; nothing
 * on Thanksgiving.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvMarketData } from "../../../src/adapters/csv/csv-market-data.ts";
import { createMemberLists } from "../../../src/adapters/members/index.ts";
import { EmbeddedScheduler } from "../../../src/adapters/schedule/embedded.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { dispatchText, type Services } from "../../../src/core/dispatch.ts";
import { nyDate } from "../../../src/core/market/time.ts";
import type { Store } from "../../../src/core/ports.ts";
import { writeWeekData } from "./alert-week-data.ts";
import { nyEst, type World, world } from "./harness.ts";

const SLACK = "C-ALERTS";
const DISCORD = "300000000000000077";
const STEP = 5 * 60_000;

describe("alerts over a simulated week with a restart, Thanksgiving and an early close", () => {
  let dir: string;
  let w: World;
  let store: Store;
  const services = (s: Store): Services => ({
    ...w.services(s),
    market: new CsvMarketData({ dir, clock: w.clock }),
    members: createMemberLists({ csvDir: dir }, { store: s, clock: w.clock, logger: w.logger }),
  });
  const scheduler = (s: Store, owner: string) =>
    new EmbeddedScheduler({
      services: services(s),
      posters: { slack: w.poster, discord: w.poster },
      runAtStart: false,
      pacing: { slackIntervalMs: 0, discordIntervalMs: 0 },
      leaseMs: 10 * 60_000,
      owner,
    });
  const add = (platform: "slack" | "discord", channelId: string, text: string, s = store) =>
    dispatchText(text, {
      ...services(s),
      requester: { platform, channelId, workspaceId: "W1", userId: "U-admin", isAdmin: true },
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "alert-week-"));
    await writeWeekData(dir);
    w = world(nyEst("2026-11-20 18:00"));
    store = await createStore({ sqlitePath: join(dir, "store.sqlite") }, w.logger);
    for (const text of [
      "/alert add record RUT",
      "/alert add line IWM/SPY 50",
      "/alert add cross KRE 60",
      "/alert add thrust RUT",
    ]) {
      const reply = await add("slack", SLACK, text);
      expect(reply.kind, reply.fallback).toBe("answer");
    }
    expect((await add("discord", DISCORD, "/alert add record RUT")).kind).toBe("answer");
    let s: EmbeddedScheduler | undefined = scheduler(store, "process-1");
    const crashAt = nyEst("2026-11-24 16:30");
    const restartAt = nyEst("2026-11-24 16:50");
    for (let t = nyEst("2026-11-23 00:00"); t < nyEst("2026-11-28 00:00"); t += STEP) {
      w.clock.t = t;
      if (t === crashAt) {
        w.poster.hang(SLACK);
        const dying = s?.recordBreadth(t).then(() => s?.runAlerts(t));
        // The Discord post of the same run goes out before the process dies.
        while (w.poster.to(DISCORD).length < 1) await new Promise((r) => setTimeout(r, 5));
        void dying?.catch(() => {});
        s = undefined;
        await store.close();
        continue;
      }
      if (t === restartAt) {
        store = await createStore({ sqlitePath: join(dir, "store.sqlite") }, w.logger);
        s = scheduler(store, "process-2");
      }
      await s?.recordBreadth(t);
      await s?.runAlerts(t);
    }
  }, 120_000);

  afterAll(async () => {
    w.poster.release();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const titles = (channel: string) =>
    w.poster
      .to(channel)
      .map((p) => `${nyDate(p.at)} ${new Date(p.at).toISOString().slice(11, 16)} ${p.text.split("\n")[0]}`);

  it("posts each event once, on its session, 30 minutes after the close", () => {
    expect(titles(SLACK)).toEqual([
      "2026-11-23 21:30 Alert #3: KRE crossed above 60.00",
      // The record of Tue 24: the post under way at the crash, sent by the new process at 16:50.
      "2026-11-24 21:50 Alert #1: Russell 2000: record close",
      "2026-11-25 21:30 Alert #2: The IWM/SPY line crossed above its 50-session average",
      // The early close: 13:00, so 13:30 New York.
      "2026-11-27 18:30 Alert #4: Russell 2000: breadth thrust (Zweig)",
    ]);
    expect(titles(DISCORD)).toEqual(["2026-11-24 21:30 Alert #1: Russell 2000: record close"]);
    expect(w.poster.posts.some((p) => nyDate(p.at) === "2026-11-26")).toBe(false);
  });

  it("gives the figure, the threshold, the session, the reason and the definition", () => {
    const record = w.poster.to(DISCORD)[0]?.text ?? "";
    expect(record).toContain("Figure: 2,510.00");
    expect(record).toContain("Threshold: previous record 2,500.00");
    expect(record).toContain("Session: 24 Nov 2026");
    expect(record).toContain("Record close: the close is above every earlier close in the data");
    const thrust = w.poster.to(SLACK)[3]?.text ?? "";
    expect(thrust).toMatch(/rose from 0\.300 on 20 Nov 2026 to 0\.63\d on 27 Nov 2026, 4 sessions later/);
  });

  it("the interrupted post is sent once, late and saying so", () => {
    const late = w.poster.to(SLACK)[1]?.text ?? "";
    expect(late).toContain("Posted late: this alert fired on the 24 Nov 2026 close");
    expect(w.poster.to(SLACK).filter((p) => p.text.includes("Posted late"))).toHaveLength(1);
    expect(w.poster.to(DISCORD)[0]?.text).not.toContain("Posted late");
  });

  it("a price hovering at a level fires once", () => {
    expect(w.poster.to(SLACK).filter((p) => p.text.includes("KRE"))).toHaveLength(1);
  });

  it("/alert list shows when each fired, in both channels", async () => {
    const list = await add("slack", SLACK, "/alert list");
    expect(list.fallback).toContain("23 Nov 2026 (60.30)");
    expect(list.fallback).toContain("24 Nov 2026 (2,510.00), posted late");
    expect(list.fallback).toContain("27 Nov 2026");
    const other = await add("discord", DISCORD, "/alert list");
    expect(other.fallback).toContain("24 Nov 2026 (2,510.00)");
  });
});
