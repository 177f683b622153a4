// GIVEN Yahoo answers with an HTML page (status 200), a truncated body or a body of the wrong shape
// THEN users read our own sentences, in "Missing: ..." lines and outage lines alike, never the
// library's words; each unreadable answer is asked for once more before it is believed.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { YahooMarketData } from "../../src/adapters/yahoo/yahoo-market-data.ts";
import { buildServices } from "../../src/compose.ts";
import { readConfig } from "../../src/config.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import {
  BadDataError,
  DataUnavailableError,
  SymbolNotFoundError,
  userTextOf,
} from "../../src/core/errors.ts";
import { silentLogger } from "../../src/core/ports.ts";
import { type FakeYahoo, startFakeYahoo } from "../fakes/yahoo/server.ts";

/** Words of the library, the runtime or the page that must never reach a user. */
const FOREIGN = [
  "Unexpected token",
  "Unexpected end",
  "Cannot read properties",
  "Response.ok",
  "<!doctype",
  "JSON",
  "undefined",
  "TypeError",
  "SyntaxError",
  "parsable",
  "schema",
];

const SENTENCES = {
  html: "Yahoo Finance sent a page that is not market data",
  truncated: "Yahoo Finance sent an incomplete answer",
  schema: "Yahoo Finance sent an answer in a form we cannot read",
  empty: "Yahoo Finance sent an answer in a form we cannot read",
  hollow: "Yahoo Finance sent an answer in a form we cannot read",
} as const;

const now = Date.parse("2026-01-13T16:00:00Z");

describe("unreadable answers in our own words", () => {
  let fake: FakeYahoo;
  let dir: string;
  let n = 0;
  beforeAll(async () => {
    fake = await startFakeYahoo({ synthesize: /^\^?[A-Z]{1,5}$/, now: () => now });
    dir = await mkdtemp(join(tmpdir(), "upstream-words-"));
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function rotation() {
    // A fresh store each time: nothing cached to fall back on.
    const config = readConfig({ YAHOO_BASE_URL: fake.url, STORE_PATH: join(dir, `s${n++}.sqlite`) });
    const services = await buildServices(config, silentLogger, { clock: { now: () => now } });
    try {
      return await dispatchText("/rotation ytd", { ...services, requester: { platform: "cli" } });
    } finally {
      await services.close();
    }
  }

  // The History section asks once more per priced symbol, for closes since 1980: counted apart.
  const isLong = (r: { query: Record<string, string> }) =>
    Number(r.query.period1) < Date.UTC(1990, 0, 1) / 1000;
  const chartRequestsFor = (symbol: string, long = false) =>
    fake.requests.filter((r) => r.kind === "chart" && r.symbols.includes(symbol) && isLong(r) === long)
      .length;

  it.each(Object.entries(SENTENCES))(
    "GIVEN ^RUT answered with a %s body every time THEN 'Missing: ^RUT (%s)' after one retry",
    async (kind, sentence) => {
      fake.inject({
        badBody: Number.POSITIVE_INFINITY,
        badBodyKind: kind as keyof typeof SENTENCES,
        forPath: "chart",
        forSymbols: ["^RUT"],
      });
      const reply = await rotation();
      expect(reply.kind).toBe("answer");
      expect(reply.fallback).toContain(`^RUT (${sentence})`);
      for (const word of FOREIGN) expect(reply.fallback).not.toContain(word);
      expect(chartRequestsFor("^RUT")).toBe(2);
      // A symbol the source failed on is not asked again for its long history.
      expect(chartRequestsFor("^RUT", true)).toBe(0);
    },
  );

  it.each(Object.entries(SENTENCES))(
    "GIVEN every series answered with a %s body THEN an outage line in our words",
    async (kind, sentence) => {
      fake.inject({
        badBody: Number.POSITIVE_INFINITY,
        badBodyKind: kind as keyof typeof SENTENCES,
        forPath: "chart",
      });
      const reply = await rotation();
      expect(reply.kind).toBe("outage");
      expect(reply.fallback).toMatch(new RegExp(`^Market data unreadable: ${sentence} for \\^?[A-Z]+$`));
      for (const word of FOREIGN) expect(reply.fallback).not.toContain(word);
      expect(chartRequestsFor("^RUT")).toBe(2);
    },
  );

  it("GIVEN one unreadable answer THEN the retry's closes are used and nothing is missing", async () => {
    fake.inject({ badBody: 1, badBodyKind: "html", forPath: "chart", forSymbols: ["^RUT"] });
    const reply = await rotation();
    expect(reply.kind).toBe("answer");
    expect(reply.fallback).not.toContain("Missing");
    expect(chartRequestsFor("^RUT")).toBe(2);
    expect(chartRequestsFor("^RUT", true)).toBe(1);
  });

  it("whatever an upstream sends with status 200, what a user reads is one of our sentences", async () => {
    const provider = new YahooMarketData({
      baseUrl: fake.url,
      concurrency: 2,
      timeoutMs: 5_000,
      retries: 0,
      batchSize: 50,
      logger: silentLogger,
      clock: { now: () => now },
    });
    const ours = new Set([
      ...Object.values(SENTENCES),
      "Yahoo Finance answered with an error",
      "Yahoo Finance refused our session (cookie and crumb)",
    ]);
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ chart: v })),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ chart: { result: [v], error: null } })),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1")),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        fake.reset();
        fake.inject({ badBody: 2, badBodyKind: "custom", badBodyText: text, forPath: "chart" });
        try {
          await provider.history("^RUT", { from: "2026-01-05", to: "2026-01-09" });
          // A body that happens to be a valid (empty) chart is not a failure.
        } catch (err) {
          if (err instanceof SymbolNotFoundError) return;
          expect(err instanceof BadDataError || err instanceof DataUnavailableError).toBe(true);
          const said = userTextOf(err as BadDataError, false);
          expect(ours).toContain(said);
        }
      }),
      { numRuns: 80 },
    );
  });
});
