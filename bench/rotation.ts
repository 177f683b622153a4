/**
 * Warm /rotation end to end (cache hit, chart included) and the upstream calls made by 100
 * concurrent identical /rotation requests, against the fake Yahoo server on 127.0.0.1.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfig } from "../src/config.ts";
import { buildServices } from "../src/compose.ts";
import { dispatchText } from "../src/core/dispatch.ts";
import { silentLogger } from "../src/core/ports.ts";
import { startFakeYahoo } from "../test/fakes/yahoo/server.ts";
import { HISTORY_SYMBOLS } from "../src/commands/views/rotation-history.ts";
import { rotationHistory } from "../src/core/analytics/history/rotation-history.ts";
import { percentile } from "./stats.ts";

/** Tue 13 Jan 2026, 11:00 New York: the session is open, the case with the shortest cache lifetimes. */
const NOW = Date.parse("2026-01-13T16:00:00Z");
const verdict = (ok: boolean) => (ok ? "OK" : "OVER TARGET");

export async function benchRotation(): Promise<string[]> {
  // A fixed clock, so the figures do not depend on when (weekend, night, session) the bench runs.
  const clock = { now: () => NOW };
  const fake = await startFakeYahoo({ synthesize: /^\^?[A-Z]{1,5}$/, now: clock.now });
  const dir = await mkdtemp(join(tmpdir(), "rotation-bench-"));
  const config = readConfig({
    YAHOO_BASE_URL: fake.url,
    STORE_PATH: join(dir, "store.sqlite"),
    LOG_LEVEL: "silent",
  });
  const services = await buildServices(config, silentLogger, { clock });
  const ask = () => dispatchText("/rotation ytd", { ...services, requester: { platform: "cli" } });
  try {
    // 100 identical requests at once, cold: the cache's single flight should make one call per symbol.
    const replies = await Promise.all(Array.from({ length: 100 }, ask));
    const failed = replies.filter((r) => r.kind !== "answer").length;
    const charts = fake.counts.chart;
    const symbols = new Set(fake.requests.filter((r) => r.kind === "chart").flatMap((r) => r.symbols)).size;
    // One call per symbol for the period, and one more per History symbol for its long window.
    const expected = symbols + HISTORY_SYMBOLS.length;

    const times: number[] = [];
    for (let i = 0; i < 10; i++) await ask();
    for (let i = 0; i < 100; i++) {
      const t = performance.now();
      const reply = await ask();
      times.push(performance.now() - t);
      if (!reply.blocks.some((b) => b.type === "chart" && b.image))
        throw new Error("warm reply has no chart");
    }
    const p50 = percentile(times, 50);
    const history = benchHistoryPart();
    return [
      `/rotation, 100 concurrent identical cold requests: ${charts} upstream chart calls for ${symbols} symbols (target: ${expected}, one per symbol and one per long history)${failed ? `, ${failed} not answered` : ""} ${verdict(charts === expected && failed === 0)}`,
      `/rotation warm (cache hit, chart rendered) over 100 runs: p50 ${p50.toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (target p50 <= 60 ms) ${verdict(p50 <= 60)}`,
      history,
    ];
  } finally {
    await services.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The History section's figures alone (percentile, streak, line) on 2,500 sessions, warm. */
function benchHistoryPart(): string {
  const bars = (seed: number) => {
    let close = 100 + seed;
    const out: { date: string; close: number }[] = [];
    const day = Date.UTC(2016, 0, 4);
    for (let i = 0; i < 2500; i++) {
      close *= 1 + Math.sin(i * (0.37 + seed)) * 0.01;
      out.push({ date: new Date(day + i * 86_400_000).toISOString().slice(0, 10), close });
    }
    return out;
  };
  const series = new Map(
    ["^RUT", "^GSPC", "IWM", "SPY"].map((s, i) => [
      s,
      { symbol: s, source: "bench", fetchedAt: 0, bars: bars(i) },
    ]),
  );
  const end = series.get("^RUT")?.bars.at(-1)?.date as string;
  const times: number[] = [];
  // Every window length the periods use, from 1d to about a year.
  for (const n of [1, 5, 8, 21, 63, 126, 252]) {
    const base = series.get("^RUT")?.bars.at(-1 - n)?.date as string;
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      rotationHistory(series, { baseDate: base, endDate: end });
      times.push(performance.now() - t);
    }
  }
  const p50 = percentile(times.slice(20), 50);
  const p95 = percentile(times.slice(20), 95);
  return `/rotation History figures alone on 2,500 sessions, every period length, warm: p50 ${p50.toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (target < 20 ms) ${verdict(p95 < 20)}`;
}

if (import.meta.main) {
  for (const line of await benchRotation()) console.log(line);
}
