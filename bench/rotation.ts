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
    return [
      `/rotation, 100 concurrent identical cold requests: ${charts} upstream chart calls for ${symbols} symbols (target: one per symbol)${failed ? `, ${failed} not answered` : ""} ${verdict(charts === symbols && failed === 0)}`,
      `/rotation warm (cache hit, chart rendered) over 100 runs: p50 ${p50.toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (target p50 <= 60 ms) ${verdict(p50 <= 60)}`,
    ];
  } finally {
    await services.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  for (const line of await benchRotation()) console.log(line);
}
