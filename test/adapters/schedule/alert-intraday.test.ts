/**
 * Level crossings from live quotes, polled every minute of an injected clock on Tue 24 Nov 2026:
 * IWM crosses 270 at 10:00, hovers at it until noon (no flapping), falls through the band at
 * noon; SPY crosses 600 at 11:00. Quotes come from a scripted implementation of the MarketData
 * port that counts requests. Halfway, the process restarts (a new scheduler on the same store).
 * Bars: one batched request per poll for every watched symbol across channels, none outside NYSE
 * hours; each crossing posted once per channel that asked; the after-close run leaves them out.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmbeddedScheduler } from "../../../src/adapters/schedule/embedded.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { dispatchText, type Services } from "../../../src/core/dispatch.ts";
import type { MarketData, Store } from "../../../src/core/ports.ts";
import { nyEst, type World, world } from "./harness.ts";

/** IWM and SPY as functions of the New York time of day. */
function price(symbol: string, t: number): number {
  const minutes = (t - nyEst("2026-11-24 00:00")) / 60_000;
  const at = (hh: number, mm = 0) => hh * 60 + mm;
  if (symbol === "SPY") return minutes < at(11) ? 599 : 601;
  if (minutes < at(10)) return 269;
  if (minutes < at(12)) return minutes % 2 === 0 ? 270.2 : 269.9;
  return minutes < at(12, 30) ? 268.4 : 269.5;
}

describe("live level crossings", () => {
  let dir: string;
  let w: World;
  let store: Store;
  const requests: string[][] = [];
  const market = (): MarketData => ({
    name: "Scripted quotes",
    history: async () => {
      throw new Error("no history in this test");
    },
    quotes: async (symbols) => {
      requests.push([...symbols].sort());
      const t = w.clock.now();
      return {
        source: "Scripted quotes",
        fetchedAt: t,
        missing: [],
        quotes: symbols.map((symbol) => ({ symbol, price: price(symbol, t), time: t })),
      };
    },
  });
  const services = (s: Store): Services => ({ ...w.services(s), market: market() });
  const scheduler = (s: Store, owner: string) =>
    new EmbeddedScheduler({
      services: services(s),
      posters: { slack: w.poster, discord: w.poster },
      runAtStart: false,
      pacing: { slackIntervalMs: 0, discordIntervalMs: 0 },
      alertPollSeconds: 60,
      owner,
    });
  const as = (channelId: string, text: string, s = store) =>
    dispatchText(text, {
      ...services(s),
      requester: { platform: "slack", channelId, workspaceId: "W1", userId: "U1", isAdmin: true },
    });
  const during: number[] = [];
  let outside = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "alert-intraday-"));
    w = world(nyEst("2026-11-23 18:00"));
    store = await createStore({ sqlitePath: join(dir, "store.sqlite") }, w.logger);
    for (const [channel, text] of [
      ["C-A", "/alert add cross IWM 270"],
      ["C-B", "/alert add cross IWM 270"],
      ["C-B", "/alert add cross SPY 600"],
    ] as const)
      expect((await as(channel, text)).kind).toBe("answer");
    let s = scheduler(store, "process-1");
    for (let t = nyEst("2026-11-24 08:00"); t <= nyEst("2026-11-24 18:00"); t += 60_000) {
      w.clock.t = t;
      if (t === nyEst("2026-11-24 11:30")) {
        await store.close();
        store = await createStore({ sqlitePath: join(dir, "store.sqlite") }, w.logger);
        s = scheduler(store, "process-2");
      }
      const before = requests.length;
      const r = await s.pollAlerts(t);
      if (r.open) during.push(requests.length - before);
      else outside += requests.length - before;
    }
  }, 120_000);

  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("asks for every watched symbol in one request per poll, and nothing outside NYSE hours", () => {
    // 09:30 to 15:59: 390 polls.
    expect(during).toHaveLength(390);
    expect(during.every((n) => n === 1)).toBe(true);
    expect(outside).toBe(0);
    expect(requests.every((r) => r.join(",") === "IWM,SPY")).toBe(true);
  });

  it("posts each crossing once per channel, hovering included, across the restart", () => {
    const lines = (c: string) =>
      w.poster.to(c).map((p) => `${new Date(p.at).toISOString().slice(11, 16)} ${p.text.split("\n")[0]}`);
    expect(lines("C-A")).toEqual([
      "15:00 Alert #1: IWM crossed above 270.00",
      "17:00 Alert #1: IWM crossed below 270.00",
    ]);
    expect(lines("C-B")).toEqual([
      "15:00 Alert #1: IWM crossed above 270.00",
      "16:00 Alert #2: SPY crossed above 600.00",
      "17:00 Alert #1: IWM crossed below 270.00",
    ]);
    const up = w.poster.to("C-A")[0]?.text ?? "";
    expect(up).toContain("iShares Russell 2000 ETF traded at 270.20 at 10:00 New York, above 270.00.");
    expect(up).toContain("as of 10:00 New York, 24 Nov 2026");
  });

  it("the after-close run leaves live crossings out", async () => {
    const s = scheduler(store, "process-3");
    w.clock.t = nyEst("2026-11-24 16:30");
    const report = await s.runAlerts(w.clock.t);
    expect(report?.evaluated).toBe(0);
    expect(w.poster.posts).toHaveLength(5);
  });
});
