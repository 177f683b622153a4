// The terminal adapter run as a real process, as a user runs it.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeYahoo, startFakeYahoo } from "../../fakes/yahoo/server.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const BIN = join(ROOT, "bin/rotation-bot.js");
const CLOSES = join(ROOT, "test/fixtures/closes");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string>, cwd: string): Promise<Run> {
  return new Promise((resolve) => {
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

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("rotation-bot ask", () => {
  let dir: string;
  let fake: FakeYahoo;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "rotation-cli-"));
    fake = await startFakeYahoo({ synthesize: /^\^?[A-Z]{1,5}$/ });
  });
  afterAll(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("answers /rotation ytd from a data folder as of a date, with --json, exit 0", async () => {
    const r = await run(
      ["ask", "/rotation 1m", "--data", CLOSES, "--as-of", "2026-01-13", "--json"],
      {},
      dir,
    );
    expect(r.code).toBe(0);
    const reply = JSON.parse(r.stdout);
    expect(reply.kind).toBe("answer");
    expect(reply.data.asOf).toBe("2026-01-13");
    expect(reply.data.returns["^RUT"].endClose).toBe(2600);
    const chart = reply.blocks.find((b: { type: string }) => b.type === "chart");
    // Figures included, image bytes left out: their size and the file written instead.
    expect(chart.image.bytes).toBeGreaterThan(1000);
    expect(chart.image.png).toBeUndefined();
    expect(chart.file).toMatch(/out\/rotation-1m-2026-01-13\.png$/);
    const png = await readFile(chart.file);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
  });

  it("prints the text answer and names the chart written to --out", async () => {
    const out = join(dir, "charts");
    const r = await run(
      ["ask", "/rotation ytd", "--data", CLOSES, "--as-of", "2026-01-13", "--out", out],
      {},
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Russell 2000 (^RUT)       +4.00%");
    expect(r.stdout).toContain("+250 bp");
    expect(r.stdout).toContain(`Chart: ${join(out, "rotation-ytd-2026-01-13.png")}`);
    expect(await readdir(out)).toEqual(["rotation-ytd-2026-01-13.png"]);
  });

  it("GIVEN --csv DIR THEN writes one CSV per table, names it, and the figures are unrounded", async () => {
    const csvDir = join(dir, "tables");
    const r = await run(
      ["ask", "/compare IWM SPY 1m", "--data", CLOSES, "--as-of", "2026-01-13", "--csv", csvDir],
      {},
      dir,
    );
    expect(r.code).toBe(0);
    const files = (await readdir(csvDir)).sort();
    expect(files).toEqual([
      "compare-iwm-spy-1m-2026-01-13-returns.csv",
      "compare-iwm-spy-1m-2026-01-13-spreads-row-minus-column-in-bp.csv",
    ]);
    for (const f of files) expect(r.stderr).toContain(join(csvDir, f));
    const returns = await readFile(join(csvDir, files[0] as string), "utf8");
    expect(returns.split("\n")[0]).toContain("as of: 2026-01-13");
    // IWM 260 / 248.7 - 1, written at full precision.
    expect(returns).toContain(`IWM,${260 / 248.7 - 1},`);
  });

  it("talks to Yahoo Finance (here the fake) for /quote", async () => {
    const r = await run(
      ["ask", "/quote IWM SPY SOUN"],
      { YAHOO_BASE_URL: fake.url, STORE_PATH: join(dir, "store.sqlite") },
      dir,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/IWM\s+[\d,.]+/);
    expect(r.stdout).toContain("Source: Yahoo Finance");
    expect(r.stdout).toContain("3 of 3 priced");
    expect(fake.counts.quote).toBeGreaterThan(0);
  });

  it("exits 2 with a private-style explanation on a user error", async () => {
    const r = await run(["ask", "/rotation 7q", "--data", CLOSES], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain('"7q" is not a period I know.');
    expect(r.stderr).toContain("Try: /rotation ytd");
  });

  it("exits 1 with one line when Yahoo cannot be reached", async () => {
    const port = await closedPort();
    const r = await run(
      ["ask", "/rotation ytd"],
      { YAHOO_BASE_URL: `http://127.0.0.1:${port}`, STORE_PATH: join(dir, "offline.sqlite") },
      dir,
    );
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split("\n");
    expect(lines.at(-1)).toBe(
      "Market data unavailable: cannot reach Yahoo Finance right now, and nothing usable is cached. Try again in a few minutes.",
    );
    // Retrying for more than two seconds says so first, one line per new attempt, never a step back.
    const waits = lines.slice(0, -1);
    for (const line of waits) expect(line).toMatch(/^waiting for Yahoo Finance, attempt [1-4] of 4$/);
    expect([...waits].sort()).toEqual(waits);
  });

  it("explains bad arguments and configuration, naming the variable", async () => {
    const bad = await run(["ask", "/rotation", "--as-of", "13/01/2026"], {}, dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--as-of takes a date written YYYY-MM-DD");
    const env = await run(["ask", "/rotation"], { YAHOO_CONCURRENCY: "many" }, dir);
    expect(env.code).toBe(2);
    expect(env.stderr).toContain("YAHOO_CONCURRENCY");
  });

  it("opens a prompt that answers lines until exit", async () => {
    const child = execFile(process.execPath, [BIN, "--data", CLOSES, "--as-of", "2026-01-13"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", HOME: dir },
    });
    let stdout = "";
    child.stdout?.on("data", (d) => {
      stdout += d;
    });
    child.stdin?.write("/quote IWM\n/rotaton\nexit\n");
    const code = await new Promise<number | null>((r) => child.on("close", r));
    expect(code).toBe(0);
    expect(stdout).toContain("Type /rotation ytd");
    expect(stdout).toContain("close Tue 13 Jan 2026");
    expect(stdout).toContain("Did you mean /rotation?");
  });

  it("GIVEN --data naming no folder THEN exits 2 saying so, instead of 'not found' for every symbol", async () => {
    const r = await run(["ask", "/rotation ytd", "--data", join(dir, "no-such-folder")], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no-such-folder: no such folder");
    expect(r.stdout).toBe("");
  });

  it("answers every piped line when the input ends without exit, and exits 0", async () => {
    const child = execFile(process.execPath, [BIN, "--data", CLOSES, "--as-of", "2026-01-13"], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", HOME: dir },
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d) => {
      stdout += d;
    });
    child.stderr?.on("data", (d) => {
      stderr += d;
    });
    // The input ends while the first answer is still being worked out.
    child.stdin?.end("/quote IWM\n\n/help quote\n/rotation 7q\n");
    const code = await new Promise<number | null>((r) => child.on("close", r));
    expect(stderr).not.toContain("ERR_USE_AFTER_CLOSE");
    expect(code).toBe(0);
    expect(stdout).toContain("close Tue 13 Jan 2026");
    expect(stdout).toContain("/quote IWM SPY SOUN");
    expect(stdout).toContain('"7q" is not a period I know.');
  });
});
