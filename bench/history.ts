/**
 * History behind a figure over 10 years of daily closes (2,500 sessions of ^RUT and ^GSPC served by
 * the fake Yahoo): the percentiles of the N-session spread for every window length the periods use
 * (1d 5d 1m ytd 1y) and /history's, cold and warm, then /history itself cold (fetching) and warm
 * (history cache hit), with and without drawing its chart. Figures printed, never asserted.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { history } from "../src/commands/history.ts";
import { buildServices } from "../src/compose.ts";
import { readConfig } from "../src/config.ts";
import { alignedCloses } from "../src/core/analytics/history/aligned.ts";
import { pairHistory } from "../src/core/analytics/history/pair-history.ts";
import { percentileRank } from "../src/core/analytics/history/percentile.ts";
import { windowSpreads } from "../src/core/analytics/history/window-spreads.ts";
import { dispatchText } from "../src/core/dispatch.ts";
import { previousTradingDay } from "../src/core/market/calendar.ts";
import { type Bar, silentLogger } from "../src/core/ports.ts";
import { startFakeYahoo } from "../test/fakes/yahoo/server.ts";
import { synthBars } from "../test/fakes/yahoo/universe.ts";
import { percentile } from "./stats.ts";

const SESSIONS = 2_500;
const AS_OF = "2026-01-13";
/** Thu 15 Jan 2026, 18:00 New York: closes are final and cached until the next session. */
const NOW = Date.parse("2026-01-15T23:00:00Z");
/** 1d 5d 1m, ytd as of 13 Jan 2026 (8 sessions from the 31 Dec close), 1y; and /history's 21. */
const WINDOWS = [1, 5, 21, 8, 252];
const verdict = (ok: boolean) => (ok ? "OK" : "OVER TARGET");

function tenYears(symbol: string): Bar[] {
  let from = AS_OF;
  for (let i = 1; i < SESSIONS + 10; i++) from = previousTradingDay(from);
  return synthBars(symbol, from, AS_OF)
    .slice(-SESSIONS)
    .map((b) => ({ date: b.date, close: b.close as number }));
}

/** Everything the history lines of one command compute from the closes. */
function figures(rut: Bar[], spx: Bar[]): number {
  const closes = alignedCloses(rut, spx, AS_OF);
  let sum = 0;
  for (const n of WINDOWS) {
    const w = windowSpreads(closes, n);
    sum += percentileRank(w.spreads, w.spreads.at(-1) as number)?.rank ?? 0;
  }
  sum += pairHistory(closes, 21)?.episodes.episodes.length ?? 0;
  return sum;
}

async function timed<T>(fn: () => Promise<T> | T): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

export async function benchHistory(): Promise<string[]> {
  const rut = tenYears("^RUT");
  const spx = tenYears("^GSPC");
  const lines: string[] = [];
  const cold = await timed(() => figures(rut, spx));
  const warm: number[] = [];
  for (let i = 0; i < 200; i++) warm.push(await timed(() => figures(rut, spx)));
  const p50 = percentile(warm, 50);
  lines.push(
    `percentiles for windows ${WINDOWS.join(", ")} and /history 21 episodes over ${rut.length} sessions: cold ${cold.toFixed(1)} ms, warm p50 ${p50.toFixed(2)} ms, p95 ${percentile(warm, 95).toFixed(2)} ms (target warm < 20 ms) ${verdict(p50 < 20)}`,
  );

  const clock = { now: () => NOW };
  const fake = await startFakeYahoo({ now: clock.now });
  fake.setBars("^RUT", rut);
  fake.setBars("^GSPC", spx);
  const dir = await mkdtemp(join(tmpdir(), "history-bench-"));
  const services = await buildServices(
    readConfig({ YAHOO_BASE_URL: fake.url, STORE_PATH: join(dir, "store.sqlite"), LOG_LEVEL: "silent" }),
    silentLogger,
    { clock },
  );
  const ctx = { ...services, commands: services.commands, requester: { platform: "cli" as const } };
  try {
    const args = history.parse("rotation 21");
    const first = await timed(() => history.run(args, ctx));
    const runs: number[] = [];
    for (let i = 0; i < 100; i++) runs.push(await timed(() => history.run(args, ctx)));
    const run50 = percentile(runs, 50);
    lines.push(
      `/history rotation 21, 2 symbols x ${SESSIONS} sessions: cold (fetched from the fake Yahoo) ${first.toFixed(1)} ms; warm (history cache hit, chart spec built, not drawn) p50 ${run50.toFixed(1)} ms, p95 ${percentile(runs, 95).toFixed(1)} ms (target < 20 ms) ${verdict(run50 < 20)}`,
    );
    const drawn: number[] = [];
    for (let i = 0; i < 30; i++)
      drawn.push(await timed(() => dispatchText("/history rotation 21", { ...ctx })));
    lines.push(
      `/history rotation 21 through the dispatcher, chart drawn locally: warm p50 ${percentile(drawn, 50).toFixed(1)} ms, p95 ${percentile(drawn, 95).toFixed(1)} ms`,
    );
  } finally {
    await services.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
  return lines;
}

if (import.meta.main) {
  for (const line of await benchHistory()) console.log(line);
}
