// GIVEN a Yahoo that accepts connections and never answers THEN every command answers within its
// deadline: cached data with its age when there is some, else an honest outage naming the source.
// Deadlines here are small (1.5 s); what is asserted is the outcome and its wording, not timing.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildServices } from "../../src/compose.ts";
import { readConfig } from "../../src/config.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { silentLogger } from "../../src/core/ports.ts";
import type { Reply } from "../../src/core/reply.ts";
import { type FakeYahoo, startFakeYahoo } from "../fakes/yahoo/server.ts";

const OUTAGE = /^Market data unavailable: Yahoo Finance did not answer within \d+ s\b/;

describe("commands against a stalled Yahoo", () => {
  let fake: FakeYahoo;
  let dir: string;
  let members: string;
  // 11:00 New York on a trading day: the market is open, quotes live for 60 s.
  let now = Date.parse("2026-01-13T16:00:00Z");
  const clock = { now: () => now };

  beforeAll(async () => {
    fake = await startFakeYahoo({ synthesize: /^\^?[A-Z]{1,5}$/, now: () => now });
    dir = await mkdtemp(join(tmpdir(), "stalled-"));
    members = join(dir, "RUT.csv");
    await writeFile(
      members,
      `Ticker,Name,Sector\n${["AAA", "BBB", "CCC", "DDD", "EEE", "FFF"].map((t) => `${t},${t} Inc,Industrials`).join("\n")}\n`,
    );
  });
  afterEach(() => {
    fake.stall(false);
    fake.reset();
  });
  afterAll(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function ask(text: string, store: string, deadlineMs = 1500) {
    const config = readConfig({
      YAHOO_BASE_URL: fake.url,
      STORE_PATH: join(dir, store),
      COMMAND_DEADLINE_MS: String(deadlineMs),
      COMMAND_DEADLINE_LONG_MS: String(deadlineMs),
      MEMBERS_FILE_RUT: members,
    });
    const services = await buildServices(config, silentLogger, { clock });
    const progress: string[] = [];
    try {
      const reply: Reply = await dispatchText(text, {
        ...services,
        requester: { platform: "cli" },
        progress: (p) => progress.push(p.message),
      });
      return { reply, progress };
    } finally {
      await services.close();
    }
  }

  it.each([
    ["/rotation ytd", "rotation.sqlite"],
    ["/quote IWM SPY", "quote.sqlite"],
    ["/breadth RUT", "breadth.sqlite"],
  ])("%s with nothing cached answers with an honest outage", async (text, store) => {
    fake.stall(true);
    const { reply } = await ask(text, store);
    expect(reply.kind).toBe("outage");
    expect(reply.visibility).toBe("private");
    expect(reply.fallback).toMatch(OUTAGE);
    // It did try: the fake saw requests it never answered.
    expect(fake.requests.length).toBeGreaterThan(0);
  });

  it("serves cached closes and quotes with their age when Yahoo stalls after a first answer", async () => {
    // Filling the cache from an answering Yahoo, with time to spare on a busy machine.
    const first = await ask("/rotation ytd", "cached.sqlite", 60_000);
    expect(first.reply.kind).toBe("answer");
    const quote = await ask("/quote IWM SPY", "cached.sqlite", 60_000);
    expect(quote.reply.kind).toBe("answer");
    now += 47 * 60_000;
    try {
      fake.stall(true);
      // Data calls give up a tenth of the deadline early (at most 1.5 s) so the cached answer can
      // still be computed and drawn: 15 s keeps the full 1.5 s for it (the long history too) on a
      // machine busy with other tests.
      const second = await ask("/rotation ytd", "cached.sqlite", 15_000);
      expect(second.reply.kind).toBe("answer");
      expect(second.reply.fallback).toContain("figures come from data cached 47 min ago");
      const stale = await ask("/quote IWM SPY", "cached.sqlite", 10_000);
      expect(stale.reply.kind).toBe("answer");
      expect(stale.reply.fallback).toContain("these prices were cached 47 min ago");
    } finally {
      now -= 47 * 60_000;
    }
  });

  it("after two seconds says what it is waiting for", async () => {
    fake.stall(true);
    const { reply, progress } = await ask("/rotation ytd", "waiting.sqlite", 3500);
    expect(reply.fallback).toMatch(OUTAGE);
    expect(progress.length).toBeGreaterThan(0);
    for (const line of progress) expect(line).toMatch(/^waiting for Yahoo Finance, attempt \d of 4$/);
  });
});
