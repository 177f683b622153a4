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

export async function benchRotation(): Promise<string[]> {
  const fake = await startFakeYahoo({ synthesize: /^\^?[A-Z]{1,5}$/ });
  const dir = await mkdtemp(join(tmpdir(), "rotation-bench-"));
  const config = readConfig({
    YAHOO_BASE_URL: fake.url,
    STORE_PATH: join(dir, "store.sqlite"),
    LOG_LEVEL: "silent",
  });
  const services = await buildServices(config, silentLogger);
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
    return [
      `/rotation, 100 concurrent identical cold requests: ${charts} upstream chart calls for ${symbols} symbols (target: one per symbol)${failed ? `, ${failed} not answered` : ""}`,
      `/rotation warm (cache hit, chart rendered) over 100 runs: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (target p50 <= 60 ms)`,
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
