/** Test services over the synthetic closes folder, evaluated as a past session's close. */
import { fileURLToPath } from "node:url";
import { CsvMarketData } from "../../src/adapters/csv/csv-market-data.ts";
import { commands } from "../../src/commands/index.ts";
import { type DispatchContext, dispatchText } from "../../src/core/dispatch.ts";
import { silentLogger } from "../../src/core/ports.ts";
import type { Reply } from "../../src/core/reply.ts";

export const CLOSES_DIR = fileURLToPath(new URL("../fixtures/closes", import.meta.url));

/** A clock some time after the fixture's last session. */
export const LATER = Date.parse("2026-02-02T15:00:00Z");

const memory = new Map<string, unknown>();
export const memoryStore: DispatchContext["store"] = {
  get: async <T>(ns: string, key: string) => memory.get(`${ns}:${key}`) as T | undefined,
  set: async (ns: string, key: string, value: unknown) => void memory.set(`${ns}:${key}`, value),
  getMany: async <T>(ns: string, keys: string[]) =>
    keys.map((key) => memory.get(`${ns}:${key}`) as T | undefined),
  setMany: async (ns: string, entries: { key: string; value: unknown }[]) => {
    for (const { key, value } of entries) memory.set(`${ns}:${key}`, value);
  },
  setIfAbsent: async (ns: string, key: string, value: unknown) => {
    if (memory.has(`${ns}:${key}`)) return false;
    memory.set(`${ns}:${key}`, value);
    return true;
  },
  delete: async (ns: string, key: string) => void memory.delete(`${ns}:${key}`),
  close: async () => {},
};

export function csvContext(asOf: string, now = LATER): DispatchContext {
  const clock = { now: () => now };
  return {
    commands,
    market: new CsvMarketData({ dir: CLOSES_DIR, clock, asOf }),
    store: memoryStore,
    clock,
    logger: silentLogger,
    asOf,
    requester: { platform: "cli" },
  };
}

export function ask(text: string, asOf: string): Promise<Reply> {
  return dispatchText(text, csvContext(asOf));
}
