// /status over the real services, with fake Yahoo, QuickChart and holdings publishers on 127.0.0.1.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Built, buildServices } from "../../src/compose.ts";
import { readConfig } from "../../src/config.ts";
import type { ChartSpec } from "../../src/core/chart-spec.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { silentLogger, type Store } from "../../src/core/ports.ts";
import { parseCliArgs } from "../../src/adapters/cli/args.ts";
import type { Reply } from "../../src/core/reply.ts";
import { startHoldingsServer, invescoFile } from "../adapters/members/holdings-server.ts";
import { startFakeQuickChart } from "../fakes/quickchart/server.ts";
import { startFakeYahoo } from "../fakes/yahoo/server.ts";

const SECRET = "s3cretTOKEN42";
const SPEC: ChartSpec = {
  kind: "line",
  title: "A test chart",
  labels: ["2026-01-02", "2026-01-05"],
  series: [{ name: "a", values: [1, 2] }],
};

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "status-test-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Settings with a secret in every URL that may carry one. */
function env(yahoo: string, holdings: string, quickchart: string): Record<string, string> {
  const h = new URL(holdings);
  const q = new URL(quickchart);
  return {
    YAHOO_BASE_URL: yahoo,
    YAHOO_RETRIES: "0",
    YAHOO_TIMEOUT_MS: "2000",
    HOLDINGS_URL_RUT: `http://user:${SECRET}@${h.host}/rut.csv?key=${SECRET}`,
    HOLDINGS_URL_SPX: `http://${h.host}/spx.csv?token=${SECRET}`,
    HOLDINGS_URL_NDX: `http://${h.host}/holdings/0?action=download&ticker=QQQ&key=${SECRET}`,
    QUICKCHART_URL: `http://${q.host}${q.pathname}`,
    QUICKCHART_API_KEY: SECRET,
    STORE_PATH: join(dir, `store-${Math.random().toString(36).slice(2)}.sqlite`),
  };
}

function status(
  services: Built,
  requester: Parameters<typeof dispatchText>[1]["requester"] = { platform: "cli" },
) {
  return dispatchText("/status", { ...services, requester });
}

function text(reply: Reply): string {
  return JSON.stringify(reply.blocks) + reply.fallback + JSON.stringify(reply.data);
}

describe("/status with every source down", () => {
  it("answers privately with each failure in our words, and no secret", async () => {
    const yahoo = await startFakeYahoo();
    const holdings = await startHoldingsServer("x");
    const quickchart = await startFakeQuickChart();
    const settings = env(yahoo.url, holdings.url, quickchart.url.href);
    await Promise.all([yahoo.close(), holdings.close(), quickchart.close()]);
    const services = await buildServices(readConfig(settings), silentLogger);
    try {
      await expect(services.market.quotes(["IWM"])).rejects.toThrow();
      await expect(services.members?.members("NDX")).rejects.toThrow();
      await expect(services.charts?.render(SPEC)).rejects.toThrow();
      const reply = await status(services);
      expect(reply.kind).toBe("answer");
      expect(reply.visibility).toBe("private");
      const all = text(reply);
      const sources = (reply.data.sources as { sources: { id: string; ok?: boolean; lastError?: string }[] })
        .sources;
      const byId = new Map(sources.map((s) => [s.id, s]));
      expect(byId.get("yahoo")).toMatchObject({ ok: false });
      expect(byId.get("yahoo")?.lastError).toMatch(/^cannot reach Yahoo Finance/);
      expect(byId.get("members:NDX")?.lastError).toMatch(
        /^cannot reach the holdings file from 127\.0\.0\.1:\d+: the connection was refused$/,
      );
      expect(byId.get("quickchart")?.lastError).toBe(
        "cannot reach QuickChart: the request failed on the network",
      );
      // Never asked: listed as such.
      expect(byId.get("members:RUT")).toMatchObject({ successes: 0, failures: 0 });
      expect(all).toContain("FAILING: last request failed");
      expect(all).toContain("not asked yet since the bot started");
      // The store is local and answers; nothing is loaded yet.
      expect(reply.data.storage).toMatchObject({ store: "SQLite file", storeAnswers: true });
      expect(all).toContain("not loaded yet");
      expect(all).toContain("rotation-bot ");
      for (const secret of [SECRET, "user:", "?key=", "token=", dir]) expect(all).not.toContain(secret);
    } finally {
      await services.close();
    }
  });
});

describe("/status with the sources up", () => {
  it("shows the successes, the member list's date and count, and the schedule", async () => {
    const yahoo = await startFakeYahoo();
    yahoo.setQuote("IWM", { regularMarketPrice: 250 } as never);
    const holdings = await startHoldingsServer(
      invescoFile("03/05/2026", [{ ticker: "AAPL", name: "Apple", sector: "IT", weight: "9.0" }]),
    );
    const quickchart = await startFakeQuickChart();
    const services = await buildServices(
      readConfig(env(yahoo.url, holdings.url, quickchart.url.href)),
      silentLogger,
    );
    try {
      await services.market.quotes(["IWM"]);
      const list = await services.members?.members("NDX");
      expect(list?.memberCount).toBe(1);
      await services.charts?.render(SPEC);
      const where = {
        platform: "discord",
        channelId: "100000000000000001",
        workspaceId: "200000000000000002",
      } as const;
      const subscribed = await dispatchText("/subscribe brief 08:30 America/New_York", {
        ...services,
        requester: { ...where, isAdmin: true, userId: "300000000000000003" },
      });
      expect(subscribed.kind, subscribed.fallback).toBe("answer");
      const reply = await status(services, where);
      const all = text(reply);
      const sources = (reply.data.sources as { sources: { id: string; ok?: boolean }[] }).sources;
      expect(
        sources
          .filter((s) => s.ok === true)
          .map((s) => s.id)
          .sort(),
      ).toEqual(["members:NDX", "quickchart", "yahoo"]);
      expect(all).toContain("OK: last request succeeded");
      expect(all).toContain("1 members, dated 5 Mar 2026");
      expect(reply.data.schedule).toMatchObject({ scheduler: "none", subscriptions: 1, inChannel: 1 });
      expect(all).toContain("This channel: 1 subscription");
      expect(all).toMatch(
        /Next post here: \w{3} \d{1,2} \w{3} \d{4}, 08:30 America\/New_York \(morning brief\)/,
      );
      for (const secret of [SECRET, "user:", dir]) expect(all).not.toContain(secret);
    } finally {
      await services.close();
      await Promise.all([yahoo.close(), holdings.close(), quickchart.close()]);
    }
  });
});

describe("/status when the store does not answer", () => {
  it("still answers, saying which parts did not answer within the deadline", async () => {
    const services = await buildServices(
      readConfig({ STORE_PATH: join(dir, "hang.sqlite"), MARKET_DATA: "yahoo" }),
      silentLogger,
    );
    // A store that never answers, as a Redis server that stopped responding would.
    const never = () => new Promise<never>(() => {});
    const stuck: Store = {
      ...services.store,
      get: never,
      getMany: never,
    };
    try {
      const base = services.status as NonNullable<Built["status"]>;
      const reply = await dispatchText("/status", {
        ...services,
        store: stuck,
        status: { ...base, pingStore: never, memberLists: never },
        requester: { platform: "slack", channelId: "C1", workspaceId: "T1" },
      });
      expect(reply.kind).toBe("answer");
      expect(reply.data.storage).toMatchObject({ storeAnswers: false });
      expect(reply.fallback).toContain("Store: SQLite file: NOT ANSWERING (did not answer within 300 ms)");
      expect(reply.fallback).toContain("Schedule: UNKNOWN: did not answer within 300 ms");
      expect(reply.fallback).toContain("Member lists: UNKNOWN: did not answer within 300 ms");
      expect(reply.fallback).toContain("Version: rotation-bot");
    } finally {
      await services.close();
    }
  });
});

describe("the command itself", () => {
  it("takes nothing after it, and the terminal has `rotation-bot status`", async () => {
    const services = await buildServices(readConfig({ STORE_PATH: join(dir, "args.sqlite") }), silentLogger);
    try {
      const reply = await dispatchText("/status now please", { ...services, requester: { platform: "cli" } });
      expect(reply.kind).toBe("user-error");
      expect(reply.fallback).toContain("Try: /status");
      const help = await dispatchText("/help", { ...services, requester: { platform: "cli" } });
      expect(help.fallback).toContain("/status");
    } finally {
      await services.close();
    }
    expect(parseCliArgs(["status"])).toMatchObject({ mode: "ask", command: "/status" });
    expect(() => parseCliArgs(["status", "x"])).toThrow(/status takes nothing/);
  });
});
