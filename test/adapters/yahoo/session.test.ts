import { afterEach, describe, expect, test, vi } from "vitest";
import { DataUnavailableError } from "../../../src/core/errors.ts";
import { type FakeYahoo, type FakeYahooOptions, startFakeYahoo } from "../../fakes/yahoo/server.ts";
import { logText, makeProvider, OPEN_NOW } from "./helpers.ts";

let fake: FakeYahoo;

async function start(options: FakeYahooOptions = {}) {
  fake = await startFakeYahoo({ synthesize: /^SYN\d+$/, now: () => OPEN_NOW, ...options });
  return fake;
}

afterEach(async () => {
  await fake.close();
});

describe("cookie and crumb", () => {
  test("quotes get a cookie and a crumb once, then reuse them", async () => {
    await start();
    const { provider } = makeProvider(fake);
    await provider.quotes(["SYN1"]);
    await provider.quotes(["SYN2"]);
    expect(fake.counts.cookie).toBe(1);
    expect(fake.counts.crumb).toBe(1);
    const crumbs = fake.requests.filter((r) => r.kind === "quote").map((r) => r.query.crumb);
    expect(crumbs[0]).toBeTruthy();
    expect(crumbs[1]).toBe(crumbs[0]);
  });

  test("each provider has its own cookie jar", async () => {
    await start();
    await makeProvider(fake).provider.quotes(["SYN1"]);
    await makeProvider(fake).provider.quotes(["SYN1"]);
    expect(fake.counts.cookie).toBe(2);
    expect(fake.counts.crumb).toBe(2);
  });

  test("GIVEN Yahoo answers 401 Invalid Crumb THEN a fresh cookie and crumb are fetched and the batch is answered", async () => {
    await start();
    const { provider } = makeProvider(fake);
    await provider.quotes(["SYN1"]);
    fake.inject({ invalidCrumb: 1 });
    const result = await provider.quotes(["SYN1", "SYN2"]);
    expect(result.quotes).toHaveLength(2);
    expect(fake.counts.cookie).toBe(2);
    expect(fake.counts.crumb).toBe(2);
    expect(fake.requests.filter((r) => r.kind === "quote").map((r) => r.status)).toEqual([200, 401, 200]);
  });

  test("GIVEN Yahoo expires the session under us THEN concurrent batches share one fresh session", async () => {
    await start();
    const { provider } = makeProvider(fake, { concurrency: 3, batchSize: 10 });
    await provider.quotes(["SYN1"]);
    fake.revokeSessions();
    const result = await provider.quotes(Array.from({ length: 30 }, (_, i) => `SYN${i + 1}`));
    expect(result.quotes).toHaveLength(30);
    expect(fake.counts.cookie).toBe(2);
    expect(fake.counts.crumb).toBe(2);
  });

  test("GIVEN the crumb endpoint refuses once THEN recovery by a fresh session", async () => {
    await start();
    const { provider } = makeProvider(fake);
    fake.inject({ invalidCrumb: 1, forPath: "crumb" });
    const result = await provider.quotes(["SYN1"]);
    expect(result.quotes).toHaveLength(1);
    expect(fake.counts.crumb).toBe(2);
  });

  test("GIVEN the crumb never comes THEN DataUnavailableError after one recovery, no loop", async () => {
    await start();
    const { provider } = makeProvider(fake, { retries: 0 });
    fake.inject({ invalidCrumb: Number.POSITIVE_INFINITY });
    const err = await provider.quotes(["SYN1"]).catch((e) => e);
    expect(err).toBeInstanceOf(DataUnavailableError);
    expect(fake.counts.quote).toBe(2);
    expect(fake.counts.cookie).toBe(2);
  });

  test("GIVEN the crumb endpoint answers 503 THEN it is retried like any request", async () => {
    await start();
    const { provider, waits } = makeProvider(fake);
    fake.inject({ status5xx: 1, forPath: "crumb" });
    const result = await provider.quotes(["SYN1"]);
    expect(result.quotes).toHaveLength(1);
    expect(waits).toHaveLength(1);
  });

  test("GIVEN an EU visitor THEN the guce consent pages are walked and quotes arrive", async () => {
    await start({ consent: true });
    const { provider } = makeProvider(fake);
    const result = await provider.quotes(["SYN1"]);
    expect(result.quotes).toHaveLength(1);
    expect(
      fake.requests.filter((r) => r.kind === "consent").map((r) => `${r.method} ${r.host}${r.path}`),
    ).toEqual([
      "GET guce.yahoo.com/consent",
      "GET consent.yahoo.com/v2/collectConsent",
      "POST consent.yahoo.com/v2/collectConsent",
      "GET guce.yahoo.com/copyConsent",
    ]);
    expect(fake.counts.cookie).toBe(2); // the first visit, and the return after consent
  });

  test("cookies and crumbs never reach the logs", async () => {
    await start();
    const { provider, logger } = makeProvider(fake);
    await provider.quotes(["SYN1"]);
    fake.inject({ invalidCrumb: 1 });
    fake.inject({ status429: 1, retryAfter: "1", forPath: "quote" });
    await provider.quotes(["SYN1"]);
    const crumbs = new Set(fake.requests.map((r) => r.query.crumb).filter((c): c is string => !!c));
    expect(crumbs.size).toBe(2);
    const text = logText(logger.entries);
    expect(logger.entries.length).toBeGreaterThan(0);
    for (const crumb of crumbs) expect(text).not.toContain(crumb);
    expect(text).not.toMatch(/A3=|d=AQAB/);
  });

  test("failures print nothing to the console (the library prints the URL, crumb included, on non-2xx)", async () => {
    await start();
    const printed = (["log", "info", "warn", "error", "dir"] as const).map((m) => vi.spyOn(console, m));
    try {
      const { provider } = makeProvider(fake, { retries: 1 });
      fake.inject({ status5xx: Number.POSITIVE_INFINITY, forPath: "quote" });
      await expect(provider.quotes(["SYN1"])).rejects.toBeInstanceOf(DataUnavailableError);
      await expect(provider.history("NOSUCH", { from: "2026-01-05", to: "2026-01-09" })).rejects.toThrow();
      for (const spy of printed) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of printed) spy.mockRestore();
    }
  });
});
