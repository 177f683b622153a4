/**
 * A bot process's Redis connections, in their own OS process so the test sees exactly what it
 * writes: the Redis store and the BullMQ scheduler (its own connection, the worker's, BullMQ's),
 * logging JSON to stdout as `npm start` does. Prints "ready" once connected; stops on SIGTERM.
 *
 *   REDIS_URL   DATA_DIR (a folder of closes, for the scheduler's runner)
 */
import { createLogger } from "../../../src/adapters/log/logger.ts";
import { CsvMarketData } from "../../../src/adapters/csv/csv-market-data.ts";
import { BullScheduler } from "../../../src/adapters/schedule/bull.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { commands } from "../../../src/commands/index.ts";

const redisUrl = process.env.REDIS_URL ?? "";
const logger = createLogger({ level: "info", destination: process.stdout });
const clock = { now: () => Date.now() };
const store = await createStore({ redisUrl }, logger);
const scheduler = new BullScheduler({
  services: {
    commands,
    market: new CsvMarketData({ dir: process.env.DATA_DIR ?? ".", clock }),
    store,
    clock,
    logger,
  },
  posters: {},
  redisUrl,
  queueName: "outage-log",
  runAtStart: false,
});
await scheduler.start();
// A store user while Redis is away: reads miss, writes fail, nothing floods.
const timer = setInterval(() => {
  void store.get("quotes", "IWM").catch(() => {});
  void store.set("quotes", "IWM", { price: 1 }).catch(() => {});
}, 100);
process.stderr.write("ready\n");
process.once("SIGTERM", async () => {
  clearInterval(timer);
  await scheduler.stop();
  await store.close();
  process.exit(0);
});
