/**
 * /breadth RUT over 2,000 members, as the bot runs it: readConfig + buildServices (Yahoo behind the
 * market-data cache, SQLite store), member lists downloaded from a local holdings server, through
 * the real dispatcher. The fake Yahoo (150 ms on every request) and the holdings server run in a
 * child process, so the time and RSS measured are the bot's alone.
 * - cold: empty store, new Yahoo session, member list not yet downloaded; compared with the floor
 *   ceil(requests / concurrency) x 150 ms over the requests the fake recorded;
 * - warm: the same command again right after (quotes and member list cached);
 * - peak RSS of the bot process during both.
 * Run alone: `node bench/breadth.ts`.
 */
import { type ChildProcess, fork } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemberLists } from "../src/adapters/members/index.ts";
import { YahooMarketData } from "../src/adapters/yahoo/yahoo-market-data.ts";
import { buildServices } from "../src/compose.ts";
import { readConfig } from "../src/config.ts";
import { dispatchText } from "../src/core/dispatch.ts";
import { silentLogger, systemClock } from "../src/core/ports.ts";

const MEMBERS = 2_000;
const LATENCY_MS = 150;
const CONCURRENCY = 4;
const BATCH = 50;
const WARM_TARGET_MS = 100;
/** The first run also pays for loading and compiling the bot's modules; the others are cache-cold only. */
const COLD_RUNS = 4;
const WARM_RUNS = 5;

interface FakeUrls {
  yahoo: string;
  holdings: string;
}

type Counts = { counts: Record<string, number>; maxInFlight: Record<string, number> };

/**
 * The child: fake Yahoo with per-request latency, and a holdings server with MEMBERS members. The
 * fake synthesizes each symbol's year of bars on first request; that is done before timing, so the
 * runs measure the bot, not the fake's first-time arithmetic.
 */
async function runFakes(): Promise<void> {
  const { startFakeYahoo } = await import("../test/fakes/yahoo/server.ts");
  const { isharesFile, startHoldingsServer } = await import("../test/adapters/members/holdings-server.ts");
  const fake = await startFakeYahoo({ synthesize: /^SYN\d+$/ });
  const sectors = [
    "Energy",
    "Financials",
    "Health Care",
    "Industrials",
    "Information Technology",
    "Utilities",
  ];
  const members = Array.from({ length: MEMBERS }, (_, i) => ({
    ticker: `SYN${i + 1}`,
    name: `Synthetic ${i + 1} Inc`,
    sector: sectors[i % sectors.length] as string,
    exchange: i % 2 ? "NYSE" : "NASDAQ",
  }));
  const holdings = await startHoldingsServer(isharesFile("2026-01-12", members));
  const warmUp = new YahooMarketData({
    baseUrl: fake.url,
    concurrency: 8,
    timeoutMs: 30_000,
    retries: 0,
    batchSize: BATCH,
    logger: silentLogger,
    clock: systemClock,
  });
  await warmUp.quotes(members.map((m) => m.ticker));
  // Every request, cookie page and crumb included, waits LATENCY_MS (forPath "" matches them all).
  const reset = () => {
    fake.reset();
    fake.inject({ latencyMs: LATENCY_MS, forPath: "" });
  };
  reset();
  process.on("message", (msg: { op: string }) => {
    if (msg.op === "counts")
      process.send?.({ counts: { ...fake.counts }, maxInFlight: { ...fake.maxInFlight } } satisfies Counts);
    if (msg.op === "reset") {
      reset();
      process.send?.({ reset: true });
    }
    if (msg.op === "stop") void Promise.all([fake.close(), holdings.close()]).then(() => process.exit(0));
  });
  process.send?.({ urls: { yahoo: fake.url, holdings: holdings.url } satisfies FakeUrls });
}

function ask<T>(child: ChildProcess, op: string, key: string): Promise<T> {
  return new Promise((resolve) => {
    const on = (msg: Record<string, unknown>) => {
      if (!(key in msg)) return;
      child.off("message", on);
      resolve(msg as T);
    };
    child.on("message", on);
    child.send({ op });
  });
}

/** Samples RSS every 5 ms while `work` runs. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peak: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  try {
    const value = await work();
    return { value, peak: Math.max(peak, process.memoryUsage().rss) };
  } finally {
    clearInterval(timer);
  }
}

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
const ms = (x: number) => `${Math.round(x)} ms`;
const verdict = (ok: boolean) => (ok ? "OK" : "OVER TARGET");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

/**
 * The same 42 requests from a bare fetch loop (cookie page, crumb, then the quote batches with the
 * same concurrency), parsing each body and nothing else: what the fake and the loopback network
 * cost on their own, next to the theoretical floor.
 */
async function bareClient(urls: FakeUrls): Promise<number> {
  const start = performance.now();
  const page = await fetch(`${urls.yahoo}/finance.yahoo.com/quote/AAPL/`, { redirect: "manual" });
  await page.arrayBuffer();
  const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const crumbRes = await fetch(`${urls.yahoo}/query1.finance.yahoo.com/v1/test/getcrumb`, {
    headers: { cookie },
  });
  const crumb = await crumbRes.text();
  const batches: string[] = [];
  for (let i = 0; i < MEMBERS; i += BATCH)
    batches.push(Array.from({ length: Math.min(BATCH, MEMBERS - i) }, (_, k) => `SYN${i + k + 1}`).join(","));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const symbols = batches[next++] as string;
      const res = await fetch(
        `${urls.yahoo}/query1.finance.yahoo.com/v7/finance/quote?symbols=${symbols}&crumb=${encodeURIComponent(crumb)}`,
        { headers: { cookie } },
      );
      const body = (await res.json()) as { quoteResponse?: { result?: unknown[] } };
      if ((body.quoteResponse?.result?.length ?? 0) === 0)
        throw new Error(`bare client: no quotes (${res.status})`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return performance.now() - start;
}

/** A fresh bot: its own store file, Yahoo session, cache and member lists. */
async function bot(urls: FakeUrls, storePath: string) {
  const config = readConfig({
    LOG_LEVEL: "silent",
    YAHOO_BASE_URL: urls.yahoo,
    STORE_PATH: storePath,
    YAHOO_CONCURRENCY: String(CONCURRENCY),
    YAHOO_BATCH_SIZE: String(BATCH),
  });
  const services = await buildServices(config, silentLogger);
  const members = createMemberLists(
    { urls: { RUT: urls.holdings } },
    { store: services.store, clock: services.clock, logger: silentLogger },
  );
  return {
    /** Time of one /breadth RUT; with `charts`, the two chart PNGs are rendered too. */
    async time(charts = false): Promise<number> {
      const { charts: renderer, ...rest } = services;
      const ctx = {
        ...rest,
        ...(charts ? { charts: renderer } : {}),
        members,
        requester: { platform: "cli" as const },
      };
      const start = performance.now();
      const reply = await dispatchText("/breadth RUT", ctx);
      const took = performance.now() - start;
      const priced = (reply.data as { priced?: number }).priced;
      if (reply.kind !== "answer" || priced !== MEMBERS)
        throw new Error(`bench run failed: ${reply.kind}, priced ${priced}: ${reply.fallback.slice(0, 300)}`);
      return took;
    },
    close: () => services.close(),
  };
}

export async function benchBreadth(): Promise<string[]> {
  const child = fork(new URL(import.meta.url), ["--fakes"], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const { urls } = await new Promise<{ urls: FakeUrls }>((resolve) =>
    child.once("message", (m) => resolve(m as { urls: FakeUrls })),
  );
  const dir = await mkdtemp(join(tmpdir(), "bench-breadth-"));
  try {
    const cold: { total: number; requests: number; quotes: number; maxInFlight: number; peak: number }[] = [];
    let last: Awaited<ReturnType<typeof bot>> | undefined;
    for (let run = 0; run < COLD_RUNS; run++) {
      await last?.close();
      await ask(child, "reset", "reset");
      last = await bot(urls, join(dir, `cold-${run}.sqlite`));
      const s = last;
      const { value: total, peak } = await withPeakRss(() => s.time());
      const { counts, maxInFlight } = await ask<Counts>(child, "counts", "counts");
      cold.push({
        total,
        requests: sum(counts),
        quotes: counts.quote ?? 0,
        maxInFlight: maxInFlight.quote ?? 0,
        peak,
      });
    }
    await ask(child, "reset", "reset");
    const bare = await bareClient(urls);
    const warm = last as Awaited<ReturnType<typeof bot>>;
    await ask(child, "reset", "reset");
    const warmRuns: number[] = [];
    let warmPeak = 0;
    for (let i = 0; i < WARM_RUNS; i++) {
      const { value, peak } = await withPeakRss(() => warm.time());
      warmRuns.push(value);
      warmPeak = Math.max(warmPeak, peak);
    }
    const withCharts = await warm.time(true);
    const { counts: warmCounts } = await ask<Counts>(child, "counts", "counts");
    await warm.close();

    const first = cold[0] as (typeof cold)[number];
    const later = cold.slice(1).map((c) => c.total);
    const floor = Math.ceil(first.requests / CONCURRENCY) * LATENCY_MS;
    const handshake = first.requests - first.quotes;
    const path = Math.ceil(first.quotes / CONCURRENCY) * LATENCY_MS + handshake * LATENCY_MS;
    const target = 1.2 * floor + 100;
    return [
      `breadth: cold /breadth RUT, ${MEMBERS.toLocaleString("en-US")} members, ${LATENCY_MS} ms per request, ` +
        `concurrency ${CONCURRENCY}, batches of ${BATCH}: ${first.requests} requests (${first.quotes} quote + ` +
        `${handshake} cookie/crumb), at most ${first.maxInFlight} quote requests in flight`,
      `breadth: floor ceil(${first.requests} / ${CONCURRENCY}) x ${LATENCY_MS} ms = ${ms(floor)} (the serial cookie ` +
        `and crumb make the true critical path ${ms(path)}); target 1.2 x floor + 100 ms = ${ms(target)}`,
      `breadth: cold (empty store, new Yahoo session, list downloaded): median ${ms(median(later))} ` +
        `[${later.map(ms).join(", ")}] ${verdict(median(later) <= target)}; first run of the process ` +
        `(modules still compiling) ${ms(first.total)}; a bare fetch loop making the same ${first.requests} ` +
        `requests to the same fake takes ${ms(bare)}`,
      `breadth: warm /breadth RUT: median ${ms(median(warmRuns))}, max ${ms(Math.max(...warmRuns))} over ` +
        `${WARM_RUNS} runs, ${sum(warmCounts)} upstream requests (target <= ${WARM_TARGET_MS} ms) ` +
        `${verdict(median(warmRuns) <= WARM_TARGET_MS)}; with both charts rendered to PNG: ${ms(withCharts)}`,
      `breadth: peak RSS of the bot process ${mb(Math.max(...cold.map((c) => c.peak)))} MB cold, ` +
        `${mb(warmPeak)} MB warm`,
    ];
  } finally {
    child.send({ op: "stop" });
    await new Promise((resolve) => child.once("exit", resolve));
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  if (process.argv.includes("--fakes")) await runFakes();
  else for (const line of await benchBreadth()) console.log(line);
}
