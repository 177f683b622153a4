import { describe, expect, it } from "vitest";
import { commands } from "../../src/commands/index.ts";
import { type DispatchContext, dispatchText } from "../../src/core/dispatch.ts";
import { DataUnavailableError } from "../../src/core/errors.ts";
import type { DailySeries, Logger, MarketData, QuotesResult, Store } from "../../src/core/ports.ts";

/** A Logger port that keeps what it is given, so tests can see what was logged. */
function memoryLogger(lines: { level: string; obj: object; msg?: string }[]): Logger {
  const make = (bindings: object): Logger => ({
    debug: (obj, msg) =>
      lines.push({ level: "debug", obj: { ...bindings, ...obj }, ...(msg ? { msg } : {}) }),
    info: (obj, msg) => lines.push({ level: "info", obj: { ...bindings, ...obj }, ...(msg ? { msg } : {}) }),
    warn: (obj, msg) => lines.push({ level: "warn", obj: { ...bindings, ...obj }, ...(msg ? { msg } : {}) }),
    error: (obj, msg) =>
      lines.push({ level: "error", obj: { ...bindings, ...obj }, ...(msg ? { msg } : {}) }),
    child: (more) => make({ ...bindings, ...more }),
  });
  return make({});
}

/** A MarketData port whose source is down, or that fails with a programming error. */
function brokenMarket(kind: "outage" | "bug"): MarketData {
  const fail = (): never => {
    if (kind === "outage") throw new DataUnavailableError("Yahoo Finance", "fetch failed");
    throw new TypeError("cannot read properties of undefined");
  };
  return {
    name: "Yahoo Finance",
    history: async (): Promise<DailySeries> => fail(),
    quotes: async (): Promise<QuotesResult> => fail(),
  };
}

const noStore: Store = {
  get: async () => undefined,
  set: async () => {},
  getMany: async (_namespace, keys) => keys.map(() => undefined),
  setMany: async () => {},
  setIfAbsent: async () => true,
  delete: async () => {},
  close: async () => {},
};

function ctx(market: MarketData, lines: { level: string; obj: object }[] = []): DispatchContext {
  return {
    commands,
    market,
    store: noStore,
    clock: { now: () => Date.parse("2026-01-14T15:00:00Z") },
    logger: memoryLogger(lines),
    requester: { platform: "cli" },
  };
}

describe("dispatch", () => {
  it("GIVEN an empty command THEN a private user error pointing at /help", async () => {
    const reply = await dispatchText("   ", ctx(brokenMarket("bug")));
    expect(reply).toMatchObject({ kind: "user-error", visibility: "private" });
    expect(reply.fallback).toContain("Try: /help");
  });

  it("GIVEN a typo THEN suggests the command", async () => {
    const reply = await dispatchText("/rotaton ytd", ctx(brokenMarket("bug")));
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("Did you mean /rotation?");
  });

  it("GIVEN /rotation 7q THEN a private answer listing periods, and the market is never asked", async () => {
    const reply = await dispatchText("/rotation 7q", ctx(brokenMarket("bug")));
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toMatch(/"7q" is not a period I know\. Periods: 1d 5d 1m 3m 6m ytd 1y mtd qtd/);
    expect(reply.fallback).toContain("Try: /rotation ytd");
  });

  it("GIVEN /quote with 60 tickers THEN says the limit", async () => {
    const tickers = Array.from({ length: 60 }, (_, i) => `T${i}`).join(" ");
    const reply = await dispatchText(`/quote ${tickers}`, ctx(brokenMarket("bug")));
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("That is 60 tickers; /quote takes up to 10 at a time.");
  });

  it("GIVEN mentions and formatting in the input THEN nothing of them is echoed", async () => {
    for (const text of [
      "/quote <!channel>",
      "/quote @everyone",
      "/<!here>",
      "/rotation *bold* `code`",
      "/quote <@U123>",
    ]) {
      const reply = await dispatchText(text, ctx(brokenMarket("bug")));
      expect(reply.kind, text).toBe("user-error");
      expect(reply.fallback, text).not.toMatch(/<!|@everyone|@here|<@|\*bold|`/);
    }
  });

  it("GIVEN the source is down THEN an honest outage reply, logged as a warning", async () => {
    const lines: { level: string; obj: object }[] = [];
    const reply = await dispatchText("/rotation ytd", ctx(brokenMarket("outage"), lines));
    expect(reply).toMatchObject({ kind: "outage", visibility: "private" });
    expect(reply.fallback).toBe(
      "Market data unavailable: cannot reach Yahoo Finance right now, and nothing usable is cached. Try again in a few minutes.",
    );
    expect(lines.some((l) => l.level === "warn")).toBe(true);
  });

  it("GIVEN a bug THEN a generic reply without the stack, and the error logged", async () => {
    const lines: { level: string; obj: object }[] = [];
    const reply = await dispatchText("/quote IWM", ctx(brokenMarket("bug"), lines));
    expect(reply.kind).toBe("outage");
    expect(reply.fallback).not.toContain("undefined");
    expect(lines.find((l) => l.level === "error")?.obj).toMatchObject({ command: "quote", platform: "cli" });
  });

  it("GIVEN /help THEN every command with an example, privately", async () => {
    const reply = await dispatchText("/help", ctx(brokenMarket("bug")));
    expect(reply).toMatchObject({ kind: "answer", visibility: "private" });
    for (const c of commands) expect(reply.fallback).toContain(`/${c.name}`);
    expect(reply.fallback).toContain("/rotation ytd");
    const one = await dispatchText("/help quote", ctx(brokenMarket("bug")));
    expect(one.fallback).toContain("/quote IWM SPY SOUN");
  });
});

describe("admin-only commands", () => {
  const adminOnly = { ...commands[0], name: "admin-only", admin: true } as (typeof commands)[number];
  it("refuses a chat user who does not manage the channel, privately", async () => {
    const base = ctx(brokenMarket("bug"));
    const reply = await dispatchText("/admin-only", {
      ...base,
      commands: [adminOnly],
      requester: { platform: "slack", userId: "U1", isAdmin: false },
    });
    expect(reply).toMatchObject({ kind: "user-error", visibility: "private" });
    expect(reply.fallback).toContain(
      "Only people who manage this channel can use /admin-only: workspace admins and owners, and the channel's creator.",
    );
  });
});
