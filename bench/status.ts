/**
 * /status while every source is down: Yahoo stalled (accepts connections, never answers), the
 * holdings publishers and QuickChart gone. Each source is asked once first, so the record holds a
 * failure for each; then /status is timed. Target: every answer within 1 s, since it reads
 * recorded outcomes and gives each part of it 300 ms.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfig } from "../src/config.ts";
import { buildServices } from "../src/compose.ts";
import { dispatchText } from "../src/core/dispatch.ts";
import { silentLogger } from "../src/core/ports.ts";
import { startHoldingsServer } from "../test/adapters/members/holdings-server.ts";
import { startFakeQuickChart } from "../test/fakes/quickchart/server.ts";
import { startFakeYahoo } from "../test/fakes/yahoo/server.ts";
import { percentile } from "./stats.ts";

const RUNS = 50;
const TARGET_MS = 1_000;

export async function benchStatus(): Promise<string[]> {
  const yahoo = await startFakeYahoo();
  yahoo.stall(true);
  const holdings = await startHoldingsServer("x");
  const quickchart = await startFakeQuickChart();
  const holdingsHost = new URL(holdings.url).host;
  const quickchartUrl = quickchart.url.href;
  await Promise.all([holdings.close(), quickchart.close()]);
  const dir = await mkdtemp(join(tmpdir(), "status-bench-"));
  const config = readConfig({
    YAHOO_BASE_URL: yahoo.url,
    YAHOO_TIMEOUT_MS: "1000",
    YAHOO_RETRIES: "0",
    HOLDINGS_URL_RUT: `http://${holdingsHost}/rut.csv`,
    HOLDINGS_URL_SPX: `http://${holdingsHost}/spx.csv`,
    HOLDINGS_URL_NDX: `http://${holdingsHost}/ndx.csv`,
    QUICKCHART_URL: quickchartUrl,
    STORE_PATH: join(dir, "store.sqlite"),
    LOG_LEVEL: "silent",
  });
  const services = await buildServices(config, silentLogger);
  try {
    const ask = (text: string) => dispatchText(text, { ...services, requester: { platform: "cli" } });
    await ask("/quote IWM");
    await ask("/breadth NDX");
    await ask("/breadth RUT");
    const times: number[] = [];
    let failing = 0;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const reply = await ask("/status");
      times.push(performance.now() - t);
      failing = (reply.fallback.match(/FAILING/g) ?? []).length;
    }
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    const max = Math.max(...times);
    return [
      `/status with every source down (${failing} sources shown failing), ${RUNS} runs: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${max.toFixed(1)} ms (target: under ${TARGET_MS} ms) ${max < TARGET_MS ? "OK" : "OVER TARGET"}`,
    ];
  } finally {
    await services.close();
    await yahoo.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  for (const line of await benchStatus()) console.log(line);
}
