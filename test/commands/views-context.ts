/**
 * Services for the market-view command tests (/sectors, /record, /compare, /macro, /valuation):
 * the real dispatcher over the real CsvMarketData reading one folder of test/fixtures/views,
 * evaluated as at the close of Fri 27 Feb 2026 unless told otherwise.
 */
import { fileURLToPath } from "node:url";
import { CsvMarketData } from "../../src/adapters/csv/csv-market-data.ts";
import { commands } from "../../src/commands/index.ts";
import { type DispatchContext, dispatchText } from "../../src/core/dispatch.ts";
import { type MarketData, type Store, silentLogger } from "../../src/core/ports.ts";
import type { Block, Reply } from "../../src/core/reply.ts";

export const VIEWS_DIR = fileURLToPath(new URL("../fixtures/views", import.meta.url));
export const AS_OF = "2026-02-27";
/** Mon 2 Mar 2026, 16:30 New York: after the close, so 27 Feb is a completed past session. */
export const LATER = Date.parse("2026-03-02T21:30:00Z");

const nothingStored: Store = {
  get: async () => undefined,
  getMany: async (_ns, keys) => keys.map(() => undefined),
  set: async () => {},
  setMany: async () => {},
  setIfAbsent: async () => true,
  delete: async () => {},
  close: async () => {},
};

export function marketContext(market: MarketData, asOf: string | undefined, now = LATER): DispatchContext {
  return {
    commands,
    market,
    store: nothingStored,
    clock: { now: () => now },
    logger: silentLogger,
    ...(asOf === undefined ? {} : { asOf }),
    requester: { platform: "cli" },
  };
}

/** A context over test/fixtures/views/<folder> (or any folder), as at `asOf`. */
export function folderContext(folder: string, asOf = AS_OF, now = LATER): DispatchContext {
  const clock = { now: () => now };
  const dir = folder.startsWith("/") ? folder : `${VIEWS_DIR}/${folder}`;
  return marketContext(new CsvMarketData({ dir, clock, asOf }), asOf, now);
}

export function askIn(folder: string, text: string, asOf = AS_OF): Promise<Reply> {
  return dispatchText(text, folderContext(folder, asOf));
}

export function blocksOf<T extends Block["type"]>(reply: Reply, type: T): Extract<Block, { type: T }>[] {
  return reply.blocks.filter((b): b is Extract<Block, { type: T }> => b.type === type);
}

export function footerOf(reply: Reply): string {
  return blocksOf(reply, "footer")[0]?.text ?? "";
}
