// A store that cannot be opened, met as a user meets it: the real CLI and `npm start` as processes.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const BIN = join(ROOT, "bin/rotation-bot.js");
const MAIN = join(ROOT, "src/main.ts");
const CLOSES = join(ROOT, "test/fixtures/closes");
/** Root may write anywhere: the permission case then runs as the unprivileged "nobody". */
const AS_NOBODY = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(
  script: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
  user = {},
): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script, ...args],
      { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env }, timeout: 60_000, ...user },
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

const sha256 = async (file: string) =>
  createHash("sha256")
    .update(await readFile(file))
    .digest("hex");

describe("a store that cannot be opened", { timeout: 150_000 }, () => {
  let dir: string;
  let garbage: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "rotation-store-open-"));
    await chmod(dir, 0o755);
    garbage = join(dir, "garbage.sqlite");
    // Deterministic bytes that are not a SQLite header.
    await writeFile(garbage, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 131 + 7) % 256)));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("GIVEN STORE_PATH names a file that is not a database THEN one line says so, exit 1, the file untouched", async () => {
    const before = await sha256(garbage);
    const r = await run(BIN, ["ask", "/quote IWM"], { STORE_PATH: garbage }, dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      `rotation-bot: cannot open the SQLite store at ${garbage}: is not a SQLite database`,
    ]);
    expect(r.stdout).toBe("");
    expect(await sha256(garbage)).toBe(before);
    // Not even a -wal or -journal beside it.
    expect((await readdir(dir)).filter((f) => f.startsWith("garbage"))).toEqual(["garbage.sqlite"]);
  });

  it("GIVEN --data and a bad store THEN it answers from the folder, says the store is not used, the file untouched", async () => {
    const before = await sha256(garbage);
    const r = await run(
      BIN,
      ["ask", "/rotation 1m", "--data", CLOSES, "--as-of", "2026-01-13", "--json"],
      { STORE_PATH: garbage },
      dir,
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).kind).toBe("answer");
    expect(r.stderr.trim().split("\n")).toEqual([
      `rotation-bot: cannot open the SQLite store at ${garbage}: is not a SQLite database; answering from the data folder without it (nothing is kept after this run)`,
    ]);
    expect(await sha256(garbage)).toBe(before);
  });

  it("GIVEN --data, a bad store and breadth history THEN the answer never claims the sessions were stored", async () => {
    const r = await run(
      BIN,
      ["ask", "/breadth RUT history 5", "--data", CLOSES, "--as-of", "2026-01-13"],
      { STORE_PATH: garbage },
      dir,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("for this run only");
    expect(r.stdout).not.toContain("now stored");
  });

  it("GIVEN REDIS_URL to a closed port THEN one line names the Redis store and 'connection refused', exit 1", async () => {
    const port = await closedPort();
    const r = await run(
      BIN,
      ["ask", "/quote IWM"],
      { REDIS_URL: `redis://:pw-not-shown@127.0.0.1:${port}` },
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      `rotation-bot: cannot open the Redis store at redis://127.0.0.1:${port}: connection refused`,
    ]);
  });

  it("GIVEN a folder the bot may not write THEN one line says 'permission denied', exit 1", async () => {
    const locked = join(dir, "locked");
    await mkdir(locked);
    await chmod(locked, 0o555);
    const file = join(locked, "bot.sqlite");
    const r = await run(BIN, ["ask", "/quote IWM"], { STORE_PATH: file }, dir, AS_NOBODY);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      `rotation-bot: cannot open the SQLite store at ${file}: permission denied`,
    ]);
  });

  it("GIVEN a path under a regular file THEN one line says a part of it is a file, exit 1", async () => {
    const file = join(garbage, "bot.sqlite");
    const r = await run(BIN, ["ask", "/quote IWM"], { STORE_PATH: file }, dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(
      `rotation-bot: cannot open the SQLite store at ${file}: a part of the path is a file, not a folder`,
    );
  });

  it("GIVEN npm start with chat tokens and a bad store THEN one line names the store and the reason, exit 1", async () => {
    const before = await sha256(garbage);
    const port = await closedPort();
    const r = await run(
      MAIN,
      [],
      {
        STORE_PATH: garbage,
        SLACK_BOT_TOKEN: "xoxb-test",
        SLACK_APP_TOKEN: "xapp-test",
        SLACK_API_URL: `http://127.0.0.1:${port}/api/`,
      },
      dir,
    );
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      `rotation-bot: cannot open the SQLite store at ${garbage}: is not a SQLite database`,
    ]);
    expect(await sha256(garbage)).toBe(before);
  });
});
