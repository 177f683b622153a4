/**
 * GIVEN a command waiting on a slow source for more than two seconds THEN Discord's deferred
 * message says what it waits for, and the answer replaces it.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../../src/commands/index.ts";
import { defineCommand } from "../../../src/core/command.ts";
import type { DailySeries, MarketData } from "../../../src/core/ports.ts";
import { makeReply } from "../../../src/core/reply.ts";
import { slashCommand } from "../../fakes/discord/payloads.ts";
import { type Harness, isFinal, startHarness } from "./harness.ts";

/** A command that needs one series, as /record does. */
const one = defineCommand<Record<string, never>>({
  name: "oneseries",
  description: "Fetches one series (test command)",
  usage: "",
  examples: ["/oneseries"],
  options: [],
  parse: () => ({}),
  async run(_args, ctx) {
    const s = await ctx.market.history("SPY", { from: "2026-01-05", to: "2026-01-09" });
    return makeReply([{ type: "title", text: `${s.bars.length} closes` }], {});
  },
});

/** A source that takes 2.5 s over its second attempt, reporting each attempt as it waits. */
const slowSource: MarketData = {
  name: "Yahoo Finance",
  async history(symbol, _request, options): Promise<DailySeries> {
    for (const attempt of [1, 2]) {
      const done = options?.waiting?.({ source: "Yahoo Finance", attempt, attempts: 3 });
      await sleep(attempt === 1 ? 300 : 2_200);
      done?.();
    }
    return { symbol, source: "Yahoo Finance", fetchedAt: 0, bars: [{ date: "2026-01-09", close: 1 }] };
  },
  quotes: async () => ({ quotes: [], missing: [], source: "Yahoo Finance", fetchedAt: 0 }),
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ commands: [one, ...commands], progressIntervalMs: 60 });
  h.services.market = slowSource;
});
afterAll(async () => {
  await h?.close();
});

describe("the deferred message while waiting on a source", () => {
  it("says what is awaited after two seconds, then the answer replaces it", async () => {
    const payload = slashCommand("oneseries", {}, h.guild);
    h.fake.gateway.dispatch("INTERACTION_CREATE", payload);
    const final = await h.fake.waitFor(isFinal(payload.token));
    const edits = h.fake.forToken(payload.token).filter((r) => r.method === "PATCH");
    const waiting = edits.filter((r) => String(r.json?.content ?? "").startsWith("⏳"));
    expect(waiting.map((r) => r.json?.content)).toEqual(["⏳ waiting for Yahoo Finance, attempt 2 of 3…"]);
    expect(edits.at(-1)).toBe(final);
    expect((final.json?.embeds as { title: string }[] | undefined)?.[0]?.title).toBe("1 closes");
  });
});
