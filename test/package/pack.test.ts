/**
 * The package as a user installs it: `npm pack` (which builds the JavaScript in prepack), then
 * `npm install -g` of the tarball into a temporary prefix with production dependencies only, from
 * the local npm cache where it can (no network but the registry). The installed `rotation-bot`
 * answers `ask "/rotation ytd"` from a copy of the fixture closes, chart included (the font ships
 * in the dependencies), and `rotation-bot start` (the container's command) serves Discord against
 * the fake, answers /health and /ready, and exits 0 on SIGTERM. Slow: packing and installing take
 * a minute or more.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeDiscord } from "../fakes/discord/fake-discord.ts";
import { freePort } from "../helpers/free-port.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLOSES = join(ROOT, "test/fixtures/closes");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      cmd,
      args,
      { cwd, env, timeout: 600_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 99) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("npm pack, npm install -g of the tarball", { timeout: 900_000 }, () => {
  let dir: string;
  let prefix: string;
  let bin: string;
  let tarball: string;
  let packedTop: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "pack-"));
    const packed = await run(npm, ["pack", "--json", "--pack-destination", dir], ROOT);
    expect(packed.code, packed.stderr).toBe(0);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    tarball = join(dir, info?.filename ?? "");
    packedTop = [...new Set((info?.files ?? []).map((f) => f.path.split("/")[0] ?? ""))].sort();
    prefix = join(dir, "global");
    // No install scripts: nothing of ours needs one, and better-sqlite3 (a dependency of
    // @keyv/sqlite we never load: the store uses node:sqlite) would otherwise try to build.
    const installed = await run(
      npm,
      [
        "install",
        "-g",
        "--prefix",
        prefix,
        "--omit=dev",
        "--prefer-offline",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
        tarball,
      ],
      dir,
    );
    expect(installed.code, installed.stderr).toBe(0);
    bin = join(prefix, "bin", "rotation-bot");
  }, 900_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("packs only the launcher, the build, the README, .env.example and the licence", () => {
    expect(packedTop).toEqual([".env.example", "LICENSE", "README.md", "bin", "dist", "package.json"]);
  });

  it("ships the build, not the sources", async () => {
    const pkg = join(prefix, "lib", "node_modules", "rotation-bot");
    expect((await stat(join(pkg, "dist", "bin.js"))).isFile()).toBe(true);
    await expect(stat(join(pkg, "src"))).rejects.toThrow();
    const dev = await readdir(join(prefix, "lib", "node_modules", "rotation-bot", "node_modules")).catch(
      () => [],
    );
    expect(dev).not.toContain("vitest");
  });

  it('answers `rotation-bot ask "/rotation ytd" --data <closes> --as-of 2026-01-13`, chart included', async () => {
    const work = join(dir, "work");
    await mkdir(work);
    await cp(CLOSES, join(work, "closes"), { recursive: true });
    const r = await run(bin, ["ask", "/rotation ytd", "--data", "closes", "--as-of", "2026-01-13"], work, {
      PATH: process.env.PATH ?? "",
      HOME: work,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("Rotation YTD, to 13 Jan 2026");
    expect(r.stdout).toContain("Russell 2000 - S&P 500              +250 bp");
    const png = await stat(join(work, "out", "rotation-ytd-2026-01-13.png"));
    expect(png.size).toBeGreaterThan(5_000);
  });

  it("runs `rotation-bot start` (the container's command): /health and /ready answer, SIGTERM exits 0", async () => {
    const discord = await FakeDiscord.start();
    const metricsPort = await freePort();
    const work = join(dir, "serve");
    await mkdir(work);
    let child: ChildProcess | undefined;
    let output = "";
    try {
      child = spawn(bin, ["start"], {
        cwd: work,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: work,
          DISCORD_TOKEN: discord.token,
          DISCORD_APPLICATION_ID: discord.applicationId,
          DISCORD_API_URL: discord.apiUrl,
          MARKET_DATA: `csv:${CLOSES}`,
          STORE_PATH: join(work, "data", "store.sqlite"),
          METRICS_PORT: String(metricsPort),
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout?.on("data", (b: Buffer) => {
        output += b.toString();
      });
      child.stderr?.on("data", (b: Buffer) => {
        output += b.toString();
      });
      const exited = new Promise<number | null>((resolve) => child?.once("exit", (code) => resolve(code)));
      const base = `http://127.0.0.1:${metricsPort}`;
      const deadline = Date.now() + 90_000;
      let ready = 0;
      while (ready !== 200 && Date.now() < deadline && child.exitCode === null) {
        ready = await fetch(`${base}/ready`).then(
          (r) => r.status,
          () => 0,
        );
        if (ready !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ready, output).toBe(200);
      expect((await fetch(`${base}/health`)).status).toBe(200);
      expect(await fetch(`${base}/metrics`).then((r) => r.text())).toContain(
        'rotation_bot_chat_connected{platform="discord"} 1',
      );
      child.kill("SIGTERM");
      expect(await exited, output).toBe(0);
    } finally {
      if (child && child.exitCode === null) child.kill("SIGKILL");
      await discord.close();
    }
  });
});
