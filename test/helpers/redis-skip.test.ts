// Where redis-server is missing, the Redis suites say why they are skipped, visibly.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { REDIS_SKIP_REASON } from "./redis.ts";

const HELPER = fileURLToPath(new URL("./redis.ts", import.meta.url));

describe("Redis tests without redis-server", () => {
  it("GIVEN no redis-server binary THEN startRedis answers undefined and prints the reason on stderr", async () => {
    const script = `const { startRedis } = await import(${JSON.stringify(HELPER)}); const r = await startRedis(); await startRedis(); process.stdout.write(String(r));`;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) =>
      execFile(
        process.execPath,
        ["--input-type=module", "-e", script],
        { env: { PATH: process.env.PATH ?? "", REDIS_SERVER: "redis-server-not-installed-here" } },
        (err, out, errOut) => (err ? reject(err) : resolve({ stdout: out, stderr: errOut })),
      ),
    );
    expect(stdout).toBe("undefined");
    // Once, however many suites ask.
    expect(stderr.trim()).toBe(`Redis tests skipped: ${REDIS_SKIP_REASON}`);
  });
});
