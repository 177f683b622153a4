// GIVEN Yahoo answered once and then fails THEN /rotation still answers from the cache and says
// how old its data is. Real yahoo-finance2 against the fake Yahoo, the real SQLite store.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServices } from "../../src/compose.ts";
import { readConfig } from "../../src/config.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { silentLogger } from "../../src/core/ports.ts";
import { type FakeYahoo, startFakeYahoo } from "../fakes/yahoo/server.ts";

describe("/rotation when Yahoo fails after a first answer", () => {
  let fake: FakeYahoo;
  let dir: string;
  // Tue 13 Jan 2026, 11:00 New York: the market is open, so history is fresh for 60 s only.
  let now = Date.parse("2026-01-13T16:00:00Z");
  const clock = { now: () => now };

  beforeAll(async () => {
    fake = await startFakeYahoo({ synthesize: /^\^?[A-Z]{1,5}$/, now: () => now });
    dir = await mkdtemp(join(tmpdir(), "rotation-stale-"));
  });
  afterAll(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("serves the cached closes with their age, then an honest outage without a cache", async () => {
    const config = readConfig({
      YAHOO_BASE_URL: fake.url,
      STORE_PATH: join(dir, "s.sqlite"),
      YAHOO_RETRIES: "0",
    });
    const services = await buildServices(config, silentLogger, { clock });
    const ask = () => dispatchText("/rotation ytd", { ...services, requester: { platform: "cli" } });
    try {
      const first = await ask();
      expect(first.kind).toBe("answer");
      expect(first.fallback).not.toContain("could not be reached");

      // 47 minutes later Yahoo answers 503 to everything.
      now += 47 * 60_000;
      fake.inject({ status5xx: Number.POSITIVE_INFINITY });
      const second = await ask();
      expect(second.kind).toBe("answer");
      expect(second.fallback).toContain(
        "Yahoo Finance could not be reached; figures come from data cached 47 min ago.",
      );
      expect((second.data as { staleAgeMs: number }).staleAgeMs).toBe(47 * 60_000);
      // The same figures as before: nothing recomputed from thin air.
      expect((second.data as { spreadsBp: unknown }).spreadsBp).toEqual(
        (first.data as { spreadsBp: unknown }).spreadsBp,
      );
    } finally {
      await services.close();
    }

    // A fresh store has nothing to fall back on: an honest outage.
    const empty = await buildServices(
      readConfig({ YAHOO_BASE_URL: fake.url, STORE_PATH: join(dir, "empty.sqlite"), YAHOO_RETRIES: "0" }),
      silentLogger,
      { clock },
    );
    try {
      const reply = await dispatchText("/rotation ytd", { ...empty, requester: { platform: "cli" } });
      expect(reply.kind).toBe("outage");
      // In our words (HTTP 5xx after the retries), never the library's.
      expect(reply.fallback).toContain("Yahoo Finance is failing right now (HTTP 503)");
    } finally {
      await empty.close();
    }
  });
});
