/**
 * Cashtags look at every ordinary message in every channel the bot is in, so their cost per message
 * matters more than their answer time. Measured: finding cashtags in 100,000 chat-like messages
 * (most with no `$`, some with amounts, some with tickers); and the whole decision for messages
 * with cashtags in a channel that has them off (one settings read from a SQLite file store).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStore } from "../src/adapters/store/create-store.ts";
import { commands } from "../src/commands/index.ts";
import { cashtagReply, findCashtags } from "../src/core/cashtags.ts";
import type { Services } from "../src/core/dispatch.ts";
import { silentLogger } from "../src/core/ports.ts";

const MESSAGES = 100_000;
const OFF_CHANNEL_RUNS = 5_000;

const SAMPLES = [
  "morning all, anyone looking at small caps today?",
  "breadth is finally broadening, RSP outperforming for a week",
  "paid $100 for the tickets, $1.5M raise announced, cost $0.99",
  "is $IWM catching up with $SPY? $QQQ lagging",
  "see https://example.com/q?s=$SPY and `echo $HOME`",
  "lunch?",
  "the 10y at 4.2% and $RUT near its record; $BRK.B flat",
  "long message ".repeat(40),
];

export async function benchCashtags(): Promise<string[]> {
  const texts = Array.from({ length: MESSAGES }, (_, i) => `${SAMPLES[i % SAMPLES.length]} #${i}`);
  let found = 0;
  const t0 = performance.now();
  for (const text of texts) if (findCashtags(text)) found++;
  const scanMs = performance.now() - t0;

  const dir = await mkdtemp(join(tmpdir(), "cashtags-bench-"));
  const store = await createStore({ sqlitePath: join(dir, "store.sqlite") }, silentLogger);
  const services = {
    commands,
    store,
    clock: { now: () => Date.now() },
    logger: silentLogger,
  } as unknown as Services;
  try {
    const channel = { platform: "slack" as const, workspaceId: "T1", channelId: "C1" };
    const t1 = performance.now();
    for (let i = 0; i < OFF_CHANNEL_RUNS; i++)
      await cashtagReply({ text: "$IWM vs $SPY", channel, messageId: `${i}` }, services, silentLogger);
    const offMs = performance.now() - t1;
    return [
      `finding cashtags: ${MESSAGES.toLocaleString("en-US")} messages in ${scanMs.toFixed(0)} ms (${((scanMs * 1000) / MESSAGES).toFixed(2)} µs a message; ${found.toLocaleString("en-US")} had cashtags)`,
      `a message with cashtags in a channel with them off (one settings read, SQLite file): ${((offMs * 1000) / OFF_CHANNEL_RUNS).toFixed(0)} µs a message over ${OFF_CHANNEL_RUNS.toLocaleString("en-US")}`,
    ];
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  for (const line of await benchCashtags()) console.log(line);
}
