// Redis going away and coming back, as a running bot meets it: a few JSON lines, no stack dumps.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { REDIS_SKIP_REASON, startRedis } from "../../helpers/redis.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const CHILD = join(ROOT, "test/adapters/redis/outage-process.ts");
const CLOSES = join(ROOT, "test/fixtures/closes");

const redis = await startRedis();
afterAll(async () => {
  await redis?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await sleep(50);
}

describe.skipIf(!redis)(`a Redis outage in the log${redis ? "" : ` - skipped: ${REDIS_SKIP_REASON}`}`, () => {
  it("GIVEN Redis killed for a few seconds, then back THEN lost / retrying / back lines only, no stack dumps", async () => {
    const handle = redis as NonNullable<typeof redis>;
    let stdout = "";
    let stderr = "";
    const child: ChildProcess = spawn(process.execPath, [CHILD], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", REDIS_URL: handle.url, DATA_DIR: CLOSES },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d) => {
      stdout += String(d);
    });
    child.stderr?.on("data", (d) => {
      stderr += String(d);
    });
    const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
    try {
      await until(() => stderr.includes("ready") || child.exitCode !== null, 20_000);
      expect(stderr).toContain("ready");

      await handle.kill();
      // Long enough for dozens of reconnect attempts per connection.
      await sleep(4_000);
      await handle.restart();
      const backLines = () => stdout.split("\n").filter((l) => l.includes('"state":"back"')).length;
      // Reconnect back-off reaches 5 s, and a machine busy with other tests adds to it: wait long.
      await until(() => backLines() >= 3, 45_000);
    } finally {
      child.kill("SIGTERM");
      await exited;
    }

    const lines = stdout.split("\n").filter((l) => l.trim() !== "");
    // Every line is one JSON object.
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const outage = parsed.filter((l) => typeof l.state === "string");
    const states = (connection: string) =>
      outage.filter((l) => l.connection === connection).map((l) => l.state);
    for (const connection of ["store", "scheduler", "scheduler-worker"])
      expect(states(connection)).toEqual(["lost", "retrying", "back"]);
    const retrying = outage.find((l) => l.state === "retrying" && l.connection === "store");
    expect(retrying).toMatchObject({ everyMs: expect.any(Number), upToMs: 5_000 });
    // A small, bounded number of lines for the whole outage, whatever its length.
    const warnings = parsed.filter((l) => Number(l.level) >= 40);
    expect(warnings.length).toBeLessThanOrEqual(12);
    // Nothing but the ready line on stderr: no "[ioredis] Unhandled error event" stacks.
    expect(stderr.trim()).toBe("ready");
  }, 90_000);
});
