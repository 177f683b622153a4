/**
 * Shared set-up for the Yahoo adapter tests: a provider pointed at the fake, with a recording
 * sleep (no real waiting, every wait visible) and a logger that keeps what it was told.
 */

import {
  YahooMarketData,
  type YahooMarketDataOptions,
} from "../../../src/adapters/yahoo/yahoo-market-data.ts";
import type { Clock, Logger } from "../../../src/core/ports.ts";
import type { FakeYahoo } from "../../fakes/yahoo/server.ts";

export interface LogEntry {
  level: string;
  bindings: Record<string, unknown>;
  obj: object;
  msg: string | undefined;
}

export function memoryLogger(
  entries: LogEntry[] = [],
  bindings: Record<string, unknown> = {},
): Logger & {
  entries: LogEntry[];
} {
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      entries.push({ level, bindings, obj, msg });
    };
  return {
    entries,
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (more) => memoryLogger(entries, { ...bindings, ...more }),
  };
}

/** 13 Jan 2026, 15:00 New York (20:00 UTC): the market is open. */
export const OPEN_NOW = Date.UTC(2026, 0, 13, 20, 0, 0);

export function fixedClock(ms: number): Clock {
  return { now: () => ms };
}

export function makeProvider(fake: FakeYahoo, overrides: Partial<YahooMarketDataOptions> = {}) {
  const waits: number[] = [];
  const logger = memoryLogger();
  const provider = new YahooMarketData({
    baseUrl: fake.url,
    concurrency: 4,
    timeoutMs: 5_000,
    retries: 3,
    batchSize: 50,
    logger,
    clock: fixedClock(OPEN_NOW),
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    ...overrides,
  });
  return { provider, waits, logger };
}

/** Every string a log entry holds, for checking that secrets never reach the logs. */
export function logText(entries: LogEntry[]): string {
  return entries.map((e) => JSON.stringify([e.bindings, e.obj, e.msg ?? ""])).join("\n");
}
