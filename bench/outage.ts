/**
 * Time to an honest answer against a stalled source: a fake Yahoo that accepts connections and
 * never answers, with the default retries (3) and per-request time-out (10 s). Target: every
 * command answers within its deadline (COMMAND_DEADLINE_MS, 15 s by default), whatever the retries.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readConfig } from "../src/config.ts";
import { buildServices } from "../src/compose.ts";
import { dispatchText } from "../src/core/dispatch.ts";
import { silentLogger } from "../src/core/ports.ts";
import { startFakeYahoo } from "../test/fakes/yahoo/server.ts";

const NOW = Date.parse("2026-01-13T16:00:00Z");
const verdict = (ok: boolean) => (ok ? "OK" : "OVER TARGET");

export async function benchOutage(): Promise<string[]> {
  const clock = { now: () => NOW };
  const fake = await startFakeYahoo({ synthesize: /^\^?[A-Z]{1,5}$/, now: clock.now });
  fake.stall(true);
  const dir = await mkdtemp(join(tmpdir(), "outage-bench-"));
  const members = join(dir, "RUT.csv");
  const tickers = Array.from(
    { length: 120 },
    (_, i) => `S${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + Math.floor(i / 26))}`,
  );
  await writeFile(
    members,
    `Ticker,Name,Sector\n${tickers.map((t) => `${t},${t} Inc,Industrials`).join("\n")}\n`,
  );
  const deadlineMs = 15_000;
  // Breadth normally runs under the long deadline; it is held to the short one here, so one run
  // of the bench shows the retries of 120 members fitting inside 15 s too.
  const config = readConfig({
    YAHOO_BASE_URL: fake.url,
    STORE_PATH: join(dir, "store.sqlite"),
    LOG_LEVEL: "silent",
    COMMAND_DEADLINE_MS: String(deadlineMs),
    COMMAND_DEADLINE_LONG_MS: String(deadlineMs),
    MEMBERS_FILE_RUT: members,
  });
  const services = await buildServices(config, silentLogger, { clock });
  const lines: string[] = [];
  try {
    for (const text of ["/rotation ytd", "/quote IWM SPY", "/breadth RUT"]) {
      const t = performance.now();
      const reply = await dispatchText(text, { ...services, requester: { platform: "cli" } });
      const ms = performance.now() - t;
      const honest = reply.kind === "outage" && /did not answer within/.test(reply.fallback);
      lines.push(
        `${text} against a stalled Yahoo (retries 3, time-out 10 s): ${(ms / 1000).toFixed(2)} s to "${reply.fallback.slice(0, 70)}…" (target: an honest outage within ${deadlineMs / 1000} s) ${verdict(honest && ms <= deadlineMs)}`,
      );
    }
    return lines;
  } finally {
    await services.close();
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) {
  for (const line of await benchOutage()) console.log(line);
}
