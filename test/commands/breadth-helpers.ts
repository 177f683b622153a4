/**
 * Services for the /breadth and /leaders tests: the real dispatcher over the real CsvMarketData on
 * test/fixtures/closes, member lists from its constituents folder, and a real SQLite store in a
 * temporary folder (so stored breadth records go through keyv as in production).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CsvMarketData } from "../../src/adapters/csv/csv-market-data.ts";
import { createMemberLists } from "../../src/adapters/members/index.ts";
import { createStore } from "../../src/adapters/store/create-store.ts";
import { commands } from "../../src/commands/index.ts";
import type { Progress } from "../../src/core/command.ts";
import { type DispatchContext, dispatchText } from "../../src/core/dispatch.ts";
import { type MarketData, type MemberLists, type Store, silentLogger } from "../../src/core/ports.ts";
import type { Block, Reply } from "../../src/core/reply.ts";
import { CLOSES_DIR, LATER } from "./helpers.ts";

export { CLOSES_DIR, LATER };

/** The twelve members listed in test/fixtures/closes/constituents/RUT.csv, as Yahoo symbols. */
export const FIXTURE_RUT_MEMBERS: string[] = [
  "DLTW",
  "MOG-A",
  "RUSHA",
  "QNTL",
  "HOPW-B",
  "MRSH",
  "CSKY",
  "KLNR",
  "SBRN",
  "PNWR",
  "BRVX",
  "KORA",
];

export interface BreadthWorld {
  store: Store;
  progress: Progress[];
  /** Dispatches with the fixture folder, as of `asOf` (or live when undefined). */
  ask(text: string, asOf?: string, now?: number): Promise<Reply>;
  close(): Promise<void>;
}

/** A context whose `members` field carries the MemberLists port (the dispatcher passes it through). */
export function withMembers(
  base: Omit<DispatchContext, "commands">,
  members: MemberLists | undefined,
): DispatchContext {
  const ctx = { commands, ...base, ...(members ? { members } : {}) };
  return ctx;
}

export async function breadthWorld(
  options: {
    files?: Record<string, string>;
    market?: (asOf: string | undefined, now: number) => MarketData;
  } = {},
): Promise<BreadthWorld> {
  const dir = await mkdtemp(join(tmpdir(), "breadth-test-"));
  const store = await createStore({ sqlitePath: join(dir, "store.sqlite") }, silentLogger);
  const progress: Progress[] = [];
  return {
    store,
    progress,
    ask(text, asOf, now = LATER) {
      const clock = { now: () => now };
      const market =
        options.market?.(asOf, now) ??
        new CsvMarketData({ dir: CLOSES_DIR, clock, ...(asOf ? { asOf } : {}) });
      const members = createMemberLists(
        { csvDir: CLOSES_DIR, ...(options.files ? { files: options.files } : {}) },
        { store, clock, logger: silentLogger },
      );
      const ctx = withMembers(
        {
          market,
          store,
          clock,
          logger: silentLogger,
          requester: { platform: "cli" },
          progress: (p) => progress.push(p),
          ...(asOf ? { asOf } : {}),
        },
        members,
      );
      return dispatchText(text, ctx);
    },
    async close() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function blocksOf<T extends Block["type"]>(reply: Reply, type: T): Extract<Block, { type: T }>[] {
  return reply.blocks.filter((b): b is Extract<Block, { type: T }> => b.type === type);
}

export function footerOf(reply: Reply): string {
  return blocksOf(reply, "footer")[0]?.text ?? "";
}

export function fieldValue(reply: Reply, label: string): string | undefined {
  return blocksOf(reply, "fields")
    .flatMap((b) => b.fields)
    .find((f) => f.label === label)?.value;
}
