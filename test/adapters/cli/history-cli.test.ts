// /history through the terminal as a user runs it: the real process against the fake Yahoo, with
// --as-of, --json (every figure, full precision) and --csv (every episode).
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeYahoo, startFakeYahoo } from "../../fakes/yahoo/server.ts";
import { HISTORY_CLOSES, historyBars, historySessions } from "../../fixtures/history/closes.ts";

const BIN = fileURLToPath(new URL("../../../bin/rotation-bot.js", import.meta.url));

function run(args: string[], env: Record<string, string>, cwd: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err && typeof err.code === "number" ? err.code : err ? 99 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("rotation-bot ask /history", () => {
  let dir: string;
  let fake: FakeYahoo;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "history-cli-"));
    fake = await startFakeYahoo();
    for (const symbol of Object.keys(HISTORY_CLOSES)) fake.setBars(symbol, historyBars(symbol));
  });
  afterAll(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("--as-of --json --csv: figures up to that session only, every episode in the CSV", async () => {
    const asOf = historySessions()[300] as string;
    const csvDir = join(dir, "tables");
    const env = { YAHOO_BASE_URL: fake.url, STORE_PATH: join(dir, "s.sqlite") };
    const r = await run(["ask", "/history IWM SPY 21", "--as-of", asOf, "--json", "--csv", csvDir], env, dir);
    expect(r.code).toBe(0);
    const reply = JSON.parse(r.stdout);
    expect(reply.kind).toBe("answer");
    expect(reply.data.asOf).toBe(asOf);
    expect(reply.data.windows).toBe(300 - 21 + 1);
    // Full precision: fractions, not the rounded bp shown.
    expect(Number.isInteger(reply.data.current.spread * 10_000)).toBe(false);
    expect(reply.data.current.spreadBp).toBe(Math.round(reply.data.current.spread * 10_000));
    const files = (await readdir(csvDir)).sort();
    expect(files).toEqual([
      `history-iwm-spy-21-${asOf}-episodes-latest-first.csv`,
      `history-iwm-spy-21-${asOf}-what-followed-over-complete-follow-ons-only.csv`,
    ]);
    const episodes = (await readFile(join(csvDir, files[0] as string), "utf8")).trim().split("\n");
    expect(episodes[0]).toMatch(/^# \/history IWM SPY 21: Episodes/);
    expect(episodes[1]).toMatch(
      /^episode_date,spread_fraction,previous_spread_fraction,next21_spread_fraction/,
    );
    expect(episodes.length - 2).toBe(reply.data.episodes.length);

    const bad = await run(["ask", "/history IWM", "--as-of", asOf], env, dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("/history IWM SPY 21");
  });
});
