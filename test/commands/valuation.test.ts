/**
 * /valuation: through the real YahooMarketData talking to the fake Yahoo server, and against a
 * folder of closes (which has no P/E), and with --as-of (P/E has no history).
 */
import { copyFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvMarketData } from "../../src/adapters/csv/csv-market-data.ts";
import { YahooMarketData } from "../../src/adapters/yahoo/yahoo-market-data.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { silentLogger } from "../../src/core/ports.ts";
import type { Reply } from "../../src/core/reply.ts";
import { type FakeYahoo, startFakeYahoo } from "../fakes/yahoo/server.ts";
import { CLOSES_DIR } from "./helpers.ts";
import { askIn, blocksOf, footerOf, LATER, marketContext, VIEWS_DIR } from "./views-context.ts";

const fields = (reply: Reply) =>
  Object.fromEntries(blocksOf(reply, "fields").flatMap((b) => b.fields.map((f) => [f.label, f.value])));

describe("/valuation from Yahoo quotes (fake Yahoo server)", () => {
  let fake: FakeYahoo;
  let market: YahooMarketData;
  let reply: Reply;
  beforeAll(async () => {
    fake = await startFakeYahoo({ now: () => LATER });
    fake.setQuote("IWM", { regularMarketPrice: 250, trailingPE: 18, forwardPE: 15 });
    fake.setQuote("SPY", { regularMarketPrice: 680, trailingPE: 25, forwardPE: 20 });
    // RSP: Yahoo reports no forward P/E for it here (undefined removes the fake's made-up one).
    fake.setQuote("RSP", { regularMarketPrice: 190, trailingPE: 20, forwardPE: undefined });
    market = new YahooMarketData({
      baseUrl: fake.url,
      concurrency: 2,
      timeoutMs: 5_000,
      retries: 0,
      batchSize: 50,
      logger: silentLogger,
      clock: { now: () => LATER },
    });
    reply = await dispatchText("/valuation", marketContext(market, undefined));
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("asks Yahoo for the three funds' quotes, once", () => {
    const quotes = fake.requests.filter((r) => r.kind === "quote");
    expect(quotes).toHaveLength(1);
    expect(quotes[0]?.symbols).toEqual(["IWM", "SPY", "RSP"]);
  });

  it("discount = P/E of the fund / P/E of SPY - 1", () => {
    expect(reply.kind).toBe("answer");
    // IWM trailing 18 / 25 - 1 = -28%; forward 15 / 20 - 1 = -25%; RSP trailing 20 / 25 - 1 = -20%
    const gaps = reply.data.gaps as Record<string, Record<string, number | null>>;
    expect(gaps["IWM-SPY"]?.trailingPE).toBeCloseTo(-0.28, 12);
    expect(gaps["IWM-SPY"]?.forwardPE).toBeCloseTo(-0.25, 12);
    expect(gaps["RSP-SPY"]?.trailingPE).toBeCloseTo(-0.2, 12);
    expect(gaps["RSP-SPY"]?.forwardPE).toBeNull();
    expect(fields(reply)).toMatchObject({
      "Small caps vs S&P 500 (IWM vs SPY), trailing P/E": "-28.0% (a discount: 18.00 vs 25.00)",
      "Small caps vs S&P 500 (IWM vs SPY), forward P/E": "-25.0% (a discount: 15.00 vs 20.00)",
      "Equal weight vs S&P 500 (RSP vs SPY), trailing P/E": "-20.0% (a discount: 20.00 vs 25.00)",
      "Equal weight vs S&P 500 (RSP vs SPY), forward P/E":
        "n/a (RSP forward P/E not reported by Yahoo Finance)",
    });
    expect(reply.fallback).toContain("IWM's trailing P/E is 28.0% below SPY's: a discount of -28.0%.");
  });

  it("GIVEN --as-of THEN says P/E has no history, and Yahoo is never asked", async () => {
    const before = fake.requests.length;
    const asOf = await dispatchText("/valuation", marketContext(market, "2026-02-27"));
    expect(asOf).toMatchObject({ kind: "user-error", visibility: "private" });
    expect(asOf.fallback).toContain("P/E ratios from Yahoo Finance are only available now");
    expect(asOf.fallback).toContain("Leave out --as-of");
    expect(fake.requests.length).toBe(before);
  });

  it("shows each fund's figures and their as-of, and says what they are", () => {
    const rows = blocksOf(reply, "table")[0]?.rows ?? [];
    expect(rows.map((r) => r.slice(0, 4))).toEqual([
      ["IWM", "250.00", "18.00", "15.00"],
      ["SPY", "680.00", "25.00", "20.00"],
      ["RSP", "190.00", "20.00", "not reported by Yahoo Finance"],
    ]);
    // Asked on Mon 2 Mar 2026 after the close: the price is that session's close, labelled so.
    expect(rows[0]?.[4]).toBe("close Mon 2 Mar 2026");
    const footer = footerOf(reply);
    expect(footer).toContain("Source: Yahoo Finance");
    expect(footer).toContain("fund-level ratios as Yahoo Finance reports them in its quote");
    expect(footer).toContain("discount = P/E of the fund / P/E of SPY - 1");
    expect(footer).toContain("3 of 3 funds quoted");
    expect(footer).toContain("Not investment advice");
  });
});

describe("/valuation where no P/E exists", () => {
  it("GIVEN a folder of closes THEN says P/E is not available from it, privately", async () => {
    const clock = { now: () => LATER };
    const market = new CsvMarketData({ dir: `${VIEWS_DIR}/compare`, clock });
    const reply = await dispatchText("/valuation", marketContext(market, undefined));
    expect(reply).toMatchObject({ kind: "user-error", visibility: "private" });
    expect(reply.fallback).toContain(`CSV folder compare reports no P/E ratio for IWM, SPY, RSP.`);
    expect(reply.fallback).toContain(
      "Add a valuation.csv (date,symbol,trailing_pe,forward_pe) to the data folder",
    );
    expect(reply.fallback).toContain("Try: /compare IWM SPY RSP ytd");
  });

  it("GIVEN options THEN says it takes none", async () => {
    const reply = await askIn("compare", "/valuation IWM");
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("/valuation takes no options");
  });
});

describe("/valuation from a data folder with valuation.csv, as of a past session", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "valuation-"));
    for (const s of ["IWM", "SPY", "RSP"])
      await copyFile(join(CLOSES_DIR, `${s}.csv`), join(dir, `${s}.csv`));
    // Published 9 Jan 2026 (used for 13 Jan) and 14 Jan 2026 (after the session asked: never used).
    await writeFile(
      join(dir, "valuation.csv"),
      [
        "Date,Symbol,Trailing_PE,Forward_PE",
        "2026-01-09,IWM,18.0,15.0",
        "2026-01-09,SPY,24.0,21.0",
        "2026-01-09,RSP,20.0,",
        "2026-01-14,IWM,30.0,30.0",
        "2026-01-14,SPY,10.0,10.0",
      ].join("\n"),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("uses the P/E published on or before the session, and names its date", async () => {
    const clock = { now: () => LATER };
    const market = new CsvMarketData({ dir, clock, asOf: "2026-01-13" });
    const reply = await dispatchText("/valuation", marketContext(market, "2026-01-13"));
    expect(reply.kind).toBe("answer");
    const gaps = reply.data.gaps as Record<string, Record<string, number | null>>;
    // IWM 18 / 24 - 1 = -25.0%; forward 15 / 21 - 1 = -28.57%; RSP 20 / 24 - 1 = -16.67%; RSP forward not published.
    expect(gaps["IWM-SPY"]?.trailingPE).toBeCloseTo(-0.25, 12);
    expect(gaps["IWM-SPY"]?.forwardPE).toBeCloseTo(15 / 21 - 1, 12);
    expect(gaps["RSP-SPY"]?.trailingPE).toBeCloseTo(20 / 24 - 1, 12);
    expect(gaps["RSP-SPY"]?.forwardPE).toBeNull();
    expect(fields(reply)["Small caps vs S&P 500 (IWM vs SPY), forward P/E"]).toBe(
      "-28.6% (a discount: 15.00 vs 21.00)",
    );
    expect(footerOf(reply)).toContain("as of close Tue 13 Jan 2026; P/E published 9 Jan 2026");
    expect(reply.data.asOf).toBe("2026-01-13");
  });

  it("GIVEN a bad valuation.csv THEN names the file and line", async () => {
    await writeFile(join(dir, "valuation.csv"), "date,symbol,trailing_pe\n2026-01-09,IWM,eighteen\n");
    const market = new CsvMarketData({ dir, clock: { now: () => LATER }, asOf: "2026-01-13" });
    await expect(market.quotes(["IWM"])).rejects.toThrow(
      'valuation.csv line 2: trailing_pe "eighteen" is not a number',
    );
  });
});

describe("/valuation with an unreadable valuation.csv", () => {
  it("answers with the file and line, not a generic failure", async () => {
    const dir = await mkdtemp(join(tmpdir(), "valuation-bad-"));
    try {
      for (const s of ["IWM", "SPY", "RSP"])
        await copyFile(join(CLOSES_DIR, `${s}.csv`), join(dir, `${s}.csv`));
      await writeFile(join(dir, "valuation.csv"), "date,symbol,forward_pe\n2026-01-09,SPY,x\n");
      const market = new CsvMarketData({ dir, clock: { now: () => LATER }, asOf: "2026-01-13" });
      const reply = await dispatchText("/valuation", marketContext(market, "2026-01-13"));
      expect(reply).toMatchObject({ kind: "outage", visibility: "private" });
      expect(reply.fallback).toBe(
        'Market data unreadable: valuation.csv line 2: forward_pe "x" is not a number',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
