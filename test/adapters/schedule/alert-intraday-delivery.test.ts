/**
 * How a live crossing's post is delivered, on an injected clock over Tue 24, Wed 25 and Fri 27 Nov
 * 2026 (Thanksgiving between): IWM is at 268 from the open, 272 from 10:00, 268 again from 14:00,
 * so IWM 270 crosses up and down each session (only up on Friday, an early close). Posts carry a chart of the closes and the live
 * price; a post refused for now is tried at the next polls with the same identity, marked as a
 * repeat; one refused for good counts toward pausing the channel, which stops after three sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { IntradayPoller } from "../../../src/core/alerts/intraday.ts";
import { dispatchText, type Services } from "../../../src/core/dispatch.ts";
import { previousTradingDay } from "../../../src/core/market/calendar.ts";
import type { MarketData, Store } from "../../../src/core/ports.ts";
import type { Reply } from "../../../src/core/reply.ts";
import { StoreClaims } from "../../../src/core/schedule/claims.ts";
import {
  ChannelPostError,
  type Poster,
  type PostIdentity,
  type PostTarget,
} from "../../../src/core/schedule/poster.ts";
import { nyEst, type World, world } from "./harness.ts";

const DAYS = ["2026-11-24", "2026-11-25", "2026-11-27"];

function price(t: number): number {
  const minutes = (t - nyEst(`${new Date(t - 5 * 3_600_000).toISOString().slice(0, 10)} 00:00`)) / 60_000;
  return minutes < 10 * 60 || minutes >= 14 * 60 ? 268 : 272;
}

/** Records every attempt with its reply and identity; refuses as told per channel. */
class ScriptedPoster implements Poster {
  readonly attempts: { channelId: string; at: number; reply: Reply; identity?: PostIdentity; ok: boolean }[] =
    [];
  readonly refuse = new Map<string, (n: number) => Error | undefined>();
  private readonly w: () => World;
  constructor(w: () => World) {
    this.w = w;
  }
  async post(target: PostTarget, reply: Reply, identity?: PostIdentity): Promise<undefined> {
    const n = this.attempts.filter((a) => a.channelId === target.channelId).length + 1;
    const err = this.refuse.get(target.channelId)?.(n);
    this.attempts.push({
      channelId: target.channelId,
      at: this.w().clock.now(),
      reply,
      ...(identity ? { identity } : {}),
      ok: !err,
    });
    if (err) throw err;
    return undefined;
  }
  to(channelId: string) {
    return this.attempts.filter((a) => a.channelId === channelId);
  }
}

describe("live crossing posts: chart, retries and pausing", () => {
  let w: World;
  let store: Store;
  let history = 0;
  const poster = new ScriptedPoster(() => w);
  const market = (): MarketData => ({
    name: "Scripted quotes",
    history: async (symbol) => {
      history++;
      const bars = [];
      let d = DAYS[0] as string;
      for (let i = 0; i < 80; i++) {
        d = previousTradingDay(d);
        bars.unshift({ date: d, close: 265 + (i % 3) });
      }
      return { symbol, bars, source: "Scripted quotes", fetchedAt: w.clock.now() };
    },
    quotes: async (symbols) => ({
      source: "Scripted quotes",
      fetchedAt: w.clock.now(),
      missing: [],
      quotes: symbols.map((symbol) => ({ symbol, price: price(w.clock.now()), time: w.clock.now() })),
    }),
  });
  const services = (): Services => ({ ...w.services(store), market: market() });
  const as = (channelId: string, text: string) =>
    dispatchText(text, {
      ...services(),
      requester: { platform: "slack", channelId, workspaceId: "W1", userId: "U1", isAdmin: true },
    });

  beforeAll(async () => {
    w = world(nyEst("2026-11-23 18:00"));
    store = await createStore({ sqlitePath: ":memory:" }, w.logger);
    for (const channel of ["C-OK", "C-RETRY", "C-FLAKY", "C-GONE"])
      expect((await as(channel, "/alert add cross IWM 270")).kind).toBe("answer");
    const busy = () => new ChannelPostError("ratelimited", "Slack asked us to slow down", false);
    // The first attempt of each crossing is refused for now; the next one goes through.
    poster.refuse.set("C-RETRY", (n) => (n % 2 === 1 ? busy() : undefined));
    poster.refuse.set("C-FLAKY", busy);
    poster.refuse.set("C-GONE", () => new ChannelPostError("channel_not_found", "channel not found", true));
    const poller = new IntradayPoller({
      services: services(),
      posters: { slack: poster },
      claims: new StoreClaims(store, w.clock),
      owner: "one",
      pauseAfterFailures: 3,
      transientAttempts: 3,
    });
    for (const day of DAYS)
      for (const [from, to] of [
        ["09:30", "10:05"],
        ["13:58", "14:05"],
      ])
        for (let t = nyEst(`${day} ${from}`); t <= nyEst(`${day} ${to}`); t += 60_000) {
          w.clock.t = t;
          await poller.poll(t);
        }
  }, 60_000);

  afterAll(async () => {
    await store.close();
  });

  const hhmm = (t: number) => new Date(t - 5 * 3_600_000).toISOString().slice(5, 16).replace("T", " ");

  it("posts each crossing with a chart of the closes and the live price", () => {
    const ok = poster.to("C-OK");
    expect(ok.map((a) => `${hhmm(a.at)} ${a.reply.fallback.split("\n")[0]}`)).toEqual([
      "11-24 10:00 Alert #1: IWM crossed above 270.00",
      "11-24 14:00 Alert #1: IWM crossed below 270.00",
      "11-25 10:00 Alert #1: IWM crossed above 270.00",
      "11-25 14:00 Alert #1: IWM crossed below 270.00",
      // Friday closes at 13:00: the 14:00 move is after the session.
      "11-27 10:00 Alert #1: IWM crossed above 270.00",
    ]);
    const chart = ok[0]?.reply.blocks.find((b) => b.type === "chart");
    expect(chart?.type === "chart" && chart.spec.title).toBe(
      "iShares Russell 2000 ETF: closes, then the live price",
    );
    const series = chart?.type === "chart" ? chart.spec.series[0] : undefined;
    const values = series && "values" in series ? series.values : [];
    expect(values).toHaveLength(60);
    expect(values.at(-1)).toBe(272);
    // One history request per poll with a post to make, however many channels get one.
    expect(history).toBe(new Set(poster.attempts.map((a) => a.at)).size);
    expect(history).toBeLessThan(poster.attempts.length);
  });

  it("marks each post with its identity, the claim of the occurrence", () => {
    const first = poster.to("C-OK")[0]?.identity;
    expect(first).toMatchObject({ kind: "alert", session: "2026-11-24", repeat: false });
    expect(first?.subscriptionId).toBe("alert:slack:W1:C-OK:1:2026-11-24:live-1");
    expect(first?.dueAt).toBe(nyEst("2026-11-24 10:00"));
  });

  it("tries a post refused for now again at the next poll, once posted, marked as a repeat", () => {
    const tries = poster.to("C-RETRY");
    expect(tries.slice(0, 2).map((a) => [hhmm(a.at), a.ok, a.identity?.repeat])).toEqual([
      ["11-24 10:00", false, false],
      ["11-24 10:01", true, true],
    ]);
    expect(tries[1]?.identity?.subscriptionId).toBe(tries[0]?.identity?.subscriptionId);
    // The post is the crossing's, with its own time, not the retry's.
    expect(tries[1]?.reply.fallback).toContain("traded at 272.00 at 10:00 New York");
    expect(tries.filter((a) => a.ok)).toHaveLength(5);
  });

  it("gives up on a post after three attempts; the failures pause the channel after three sessions", async () => {
    // Refused for now every time: three attempts per crossing, the third one counted as failed.
    const flaky = poster.to("C-FLAKY");
    expect(flaky.slice(0, 3).map((a) => hhmm(a.at))).toEqual(["11-24 10:00", "11-24 10:01", "11-24 10:02"]);
    expect(flaky.filter((a) => hhmm(a.at).startsWith("11-24 10"))).toHaveLength(3);
    expect((await as("C-FLAKY", "/alert list")).fallback).toContain("PAUSED");
    // Refused for good: one attempt per crossing, paused on the third session's first one.
    expect(poster.to("C-GONE").map((a) => hhmm(a.at))).toEqual([
      "11-24 10:00",
      "11-24 14:00",
      "11-25 10:00",
      "11-25 14:00",
      "11-27 10:00",
    ]);
    const list = await as("C-GONE", "/alert list");
    expect(list.fallback).toContain("PAUSED");
    expect(list.fallback).toContain("channel not found (channel_not_found)");
  });
});

describe("live crossings past the channel's cap", () => {
  it("are not posted, and /alert list says so", async () => {
    const w = world(nyEst("2026-11-23 18:00"));
    const store = await createStore({ sqlitePath: ":memory:" }, w.logger);
    const services: Services = {
      ...w.services(store),
      market: {
        name: "Scripted quotes",
        history: async () => {
          throw new Error("no history in this test");
        },
        quotes: async (symbols) => ({
          source: "Scripted quotes",
          fetchedAt: w.clock.now(),
          missing: [],
          quotes: symbols.map((symbol) => ({ symbol, price: price(w.clock.now()), time: w.clock.now() })),
        }),
      },
    };
    const as = (text: string) =>
      dispatchText(text, {
        ...services,
        requester: { platform: "slack", channelId: "C-CAP", workspaceId: "W1", userId: "U1", isAdmin: true },
      });
    for (const text of ["/alert add cross IWM 270", "/alert add cross IWM 271"])
      expect((await as(text)).kind).toBe("answer");
    const poster = new ScriptedPoster(() => w);
    const poller = new IntradayPoller({
      services,
      posters: { slack: poster },
      claims: new StoreClaims(store, w.clock),
      owner: "one",
      maxPerSession: 1,
    });
    for (const t of [nyEst("2026-11-24 09:45"), nyEst("2026-11-24 10:00")]) {
      w.clock.t = t;
      await poller.poll(t);
    }
    expect(poster.attempts.map((a) => a.reply.fallback.split("\n")[0])).toEqual([
      "Alert #1: IWM crossed above 270.00",
    ]);
    // The post says the chart is missing rather than leaving it out silently.
    expect(poster.attempts[0]?.reply.fallback).toContain(
      "(No chart: the closes of IWM could not be fetched.)",
    );
    const list = await as("/alert list");
    expect(list.fallback).toContain(
      "24 Nov 2026 (272.00) not posted: the channel's cap for the session was reached",
    );
    await store.close();
  });
});
