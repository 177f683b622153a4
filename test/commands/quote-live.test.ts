// /quote against the fake Yahoo, as the real yahoo-finance2 fetches it: what the "When" column
// says by the market's own calendar. A weekend quote is never shown as live.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvMarketData } from "../../src/adapters/csv/csv-market-data.ts";
import { whenOf } from "../../src/commands/quote.ts";
import { buildServices } from "../../src/compose.ts";
import { readConfig } from "../../src/config.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { silentLogger } from "../../src/core/ports.ts";
import type { Reply } from "../../src/core/reply.ts";
import { type FakeYahoo, startFakeYahoo } from "../fakes/yahoo/server.ts";
import { CLOSES_DIR, csvContext } from "./helpers.ts";

describe("/quote live, against the fake Yahoo", () => {
  let fake: FakeYahoo;
  let dir: string;
  let now = 0;
  let n = 0;

  beforeAll(async () => {
    fake = await startFakeYahoo({ synthesize: /^\^?[A-Z]{1,5}$/, now: () => now });
    dir = await mkdtemp(join(tmpdir(), "quote-live-"));
  });
  afterAll(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function quoteAt(iso: string, text = "/quote IWM SPY"): Promise<Reply> {
    now = Date.parse(iso);
    const config = readConfig({
      YAHOO_BASE_URL: fake.url,
      STORE_PATH: join(dir, `s${n++}.sqlite`),
      YAHOO_RETRIES: "0",
    });
    const services = await buildServices(config, silentLogger, { clock: { now: () => now } });
    try {
      return await dispatchText(text, { ...services, requester: { platform: "cli" } });
    } finally {
      await services.close();
    }
  }

  it("GIVEN the session is open THEN live with the price's time", async () => {
    const reply = await quoteAt("2026-01-13T16:00:00Z"); // Tue 11:00 New York
    expect(reply.kind).toBe("answer");
    const when = (reply.data as { quotes: { when: string }[] }).quotes.map((q) => q.when);
    expect(when).toEqual(["live 11:00", "live 11:00"]);
    expect(reply.fallback).toContain("asked at 11:00 New York (market open)");
  });

  it("GIVEN a Saturday and Yahoo still saying REGULAR THEN Friday's close, never live", async () => {
    fake.setQuote("IWM", { marketState: "REGULAR" });
    const reply = await quoteAt("2026-01-17T16:00:00Z"); // Sat 11:00 New York
    const when = (reply.data as { quotes: { when: string }[] }).quotes.map((q) => q.when);
    expect(when).toEqual(["close Fri 16 Jan 2026", "close Fri 16 Jan 2026"]);
    expect(reply.fallback).not.toContain("live");
    expect(reply.fallback).toContain("(market closed)");
  });

  it("GIVEN pre-market THEN the previous session's close, and the footer says pre-market", async () => {
    const reply = await quoteAt("2026-01-13T13:00:00Z"); // Tue 08:00 New York
    const when = (reply.data as { quotes: { when: string }[] }).quotes.map((q) => q.when);
    expect(when).toEqual(["close Mon 12 Jan 2026", "close Mon 12 Jan 2026"]);
    expect(reply.fallback).toContain("pre-market, before the 09:30 open");
  });
});

describe("whenOf", () => {
  const at = (iso: string) => Date.parse(iso);
  it("GIVEN an illiquid stock's last trade at 14:10, fetched after the close THEN it is the close", () => {
    expect(whenOf(at("2026-01-13T19:10:00Z"), at("2026-01-13T22:00:00Z"), at("2026-01-13T22:00:00Z"))).toBe(
      "close Tue 13 Jan 2026",
    );
  });
  it("GIVEN a price fetched at 11:05 and served after the session ended THEN intraday, not close", () => {
    expect(whenOf(at("2026-01-13T16:05:00Z"), at("2026-01-13T16:05:00Z"), at("2026-01-13T22:00:00Z"))).toBe(
      "11:05 Tue 13 Jan 2026 (intraday)",
    );
  });
  it("GIVEN the day after Thanksgiving THEN the 13:00 early close ends the live session", () => {
    const price = at("2026-11-27T17:59:00Z"); // 12:59 New York
    expect(whenOf(price, price, at("2026-11-27T17:59:30Z"))).toBe("live 12:59");
    expect(whenOf(price, at("2026-11-27T18:30:00Z"), at("2026-11-27T18:30:00Z"))).toBe(
      "close Fri 27 Nov 2026",
    );
  });
});

describe("/quote from a folder of closes without --as-of", () => {
  it("GIVEN the market is open THEN the last close, and a 52-week high of closes", async () => {
    const now = Date.parse("2026-01-13T16:00:00Z");
    const clock = { now: () => now };
    const { asOf: _asOf, ...ctx } = csvContext("2026-01-13", now);
    const reply = await dispatchText("/quote IWM", {
      ...ctx,
      clock,
      market: new CsvMarketData({ dir: CLOSES_DIR, clock }),
    });
    expect(reply.kind).toBe("answer");
    expect(reply.fallback).toContain("close Mon 12 Jan 2026");
    expect(reply.fallback).toContain("52-week high of daily closes");
    expect(reply.fallback).not.toContain("intraday");
  });
});
