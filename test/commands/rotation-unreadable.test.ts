// GIVEN Yahoo answers every chart request with a body that cannot be read THEN /rotation says the
// data was unreadable (an outage, exit 1 on the terminal), not that no closes cover the period.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildServices } from "../../src/compose.ts";
import { readConfig } from "../../src/config.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { silentLogger } from "../../src/core/ports.ts";
import { type FakeYahoo, startFakeYahoo } from "../fakes/yahoo/server.ts";

describe("/rotation when every Yahoo answer is unreadable", () => {
  let fake: FakeYahoo;
  let dir: string;
  const now = Date.parse("2026-01-13T16:00:00Z");
  beforeAll(async () => {
    fake = await startFakeYahoo({ synthesize: /^\^?[A-Z]{1,5}$/, now: () => now });
    dir = await mkdtemp(join(tmpdir(), "rotation-unreadable-"));
  });
  afterAll(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("answers privately that the data could not be read", async () => {
    fake.inject({ badBody: Number.POSITIVE_INFINITY, badBodyKind: "html", forPath: "chart" });
    const config = readConfig({
      YAHOO_BASE_URL: fake.url,
      STORE_PATH: join(dir, "s.sqlite"),
      YAHOO_RETRIES: "0",
    });
    const services = await buildServices(config, silentLogger, { clock: { now: () => now } });
    try {
      const reply = await dispatchText("/rotation ytd", { ...services, requester: { platform: "cli" } });
      expect(reply).toMatchObject({ kind: "outage", visibility: "private" });
      expect(reply.fallback).toMatch(/^Market data unreadable: /);
      expect(reply.fallback).not.toContain("No closes cover");
    } finally {
      await services.close();
    }
  });
});
