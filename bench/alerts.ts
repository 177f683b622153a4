/**
 * 10,000 alerts over 1,000 channels evaluated after one close, as the scheduler's after-close tick
 * runs them: a SQLite store, the synthetic closes of the alerts' simulated week (written to a temp
 * folder), ten alerts a channel of every kind that reads closes, and a poster that counts posts
 * (posting itself is the brief bench's subject; pacing is off), charts drawn locally. Upstream requests are counted at
 * the MarketData and MemberLists ports: the target is one per distinct symbol and member list,
 * not one per alert. Run alone: `node bench/alerts.ts`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createChartRenderer } from "../src/adapters/charts/index.ts";
import { CsvMarketData } from "../src/adapters/csv/csv-market-data.ts";
import { createMemberLists } from "../src/adapters/members/index.ts";
import { createStore } from "../src/adapters/store/create-store.ts";
import { commands } from "../src/commands/index.ts";
import { AlertRunner } from "../src/core/alerts/runner.ts";
import { parseSpec } from "../src/core/alerts/spec.ts";
import { AlertStore } from "../src/core/alerts/store.ts";
import type { MarketData, MemberLists } from "../src/core/ports.ts";
import { silentLogger } from "../src/core/ports.ts";
import { StoreClaims } from "../src/core/schedule/claims.ts";
import type { Poster } from "../src/core/schedule/poster.ts";
import { MEMBERS, writeWeekData } from "../test/adapters/schedule/alert-week-data.ts";

const CHANNELS = 1000;
const PER_CHANNEL = 10;
/** Tue 24 Nov 2026, 16:30 New York (EST): the after-close tick of a record close. */
const AT = Date.parse("2026-11-24T21:30:00Z");

const dir = await mkdtemp(join(tmpdir(), "bench-alerts-"));
await writeWeekData(dir);
const clock = { now: () => AT };
const store = await createStore({ sqlitePath: join(dir, "store.sqlite") }, silentLogger);
const csv = new CsvMarketData({ dir, clock });
let histories = 0;
let memberLists = 0;
const market: MarketData = {
  name: csv.name,
  history: (symbol, request) => {
    histories++;
    return csv.history(symbol, request);
  },
  quotes: (symbols, options) => csv.quotes(symbols, options),
};
const lists = createMemberLists({ csvDir: dir }, { store, clock, logger: silentLogger });
const members: MemberLists = {
  members: (alias) => {
    memberLists++;
    return lists.members(alias);
  },
};
// Ten alerts a channel, drawn from a pool over 14 symbols and one member list.
const symbols = ["RUT", "IWM", "SPY", "KRE", ...MEMBERS];
const pool: string[] = [];
for (const s of symbols) pool.push(`record ${s}`, `cross ${s} 100`, `cross ${s} 60`);
pool.push("line IWM/SPY 50", "line IWM/SPY 20", "spread RUT SPY 5d 300", "spread IWM SPY 1d 50");
pool.push("participation RUT 50", "participation RUT 30", "mcclellan RUT", "thrust RUT");
const alerts = new AlertStore(store, { verifyAfterMs: 0 });
const setupStarted = performance.now();
for (let c = 0; c < CHANNELS; c++) {
  const channel = { platform: "slack" as const, workspaceId: `T${c % 20}`, channelId: `C${c}` };
  await alerts.update(channel, (ch) => ({
    next: {
      ...ch,
      nextId: PER_CHANNEL + 1,
      alerts: Array.from({ length: PER_CHANNEL }, (_, i) => ({
        id: i + 1,
        spec: parseSpec((pool[(c * 7 + i * 13) % pool.length] as string).split(" "), "add"),
        createdBy: "bench",
        createdAt: AT - 7 * 86_400_000,
      })),
    },
    result: undefined,
  }));
}
const setupMs = performance.now() - setupStarted;
let posts = 0;
const poster: Poster = {
  post: async () => {
    posts++;
  },
};
const runner = new AlertRunner({
  services: {
    commands,
    market,
    members,
    store,
    clock,
    logger: silentLogger,
    charts: createChartRenderer({ kind: "local" }),
  },
  posters: { slack: poster },
  claims: new StoreClaims(store, clock),
  owner: "bench",
  pacing: { slackIntervalMs: 0, concurrency: 16 },
});
const cpu = process.cpuUsage();
const started = performance.now();
const report = await runner.runEndOfDay(AT);
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
console.log(
  `alerts: ${CHANNELS * PER_CHANNEL} over ${CHANNELS} channels (set up in ${Math.round(setupMs)} ms)`,
);
console.log(
  `after-close run: wall ${Math.round(wallMs)} ms, CPU user ${Math.round(used.user / 1000)} ms + system ${Math.round(used.system / 1000)} ms`,
);
console.log(
  `upstream requests: ${histories} histories (${report?.requests.histories} distinct symbols), ${memberLists} member list${memberLists === 1 ? "" : "s"}; member closes for breadth: ${MEMBERS.length}, once`,
);
console.log(
  `evaluated ${report?.evaluated}, fired ${report?.fired}, posted ${posts} (capped ${report?.capped}), waiting ${report?.waiting}`,
);
console.log(`heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
await store.close();
await rm(dir, { recursive: true, force: true });
