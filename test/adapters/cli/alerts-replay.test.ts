// `rotation-bot alerts replay` run as a real process over the closes fixture.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const BIN = join(ROOT, "bin/rotation-bot.js");
const CLOSES = join(ROOT, "test/fixtures/closes");

function run(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      {
        cwd,
        env: { PATH: process.env.PATH ?? "", HOME: cwd, STORE_PATH: join(cwd, "store.sqlite") },
        timeout: 60_000,
      },
      (err, stdout, stderr) => {
        const code = err && typeof err.code === "number" ? err.code : err ? 99 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("rotation-bot alerts replay", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "rotation-replay-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prints every firing of one event with its session and figure (--event record RUT)", async () => {
    const r = await run(
      [
        "alerts",
        "replay",
        "--from",
        "2026-01-02",
        "--to",
        "2026-01-31",
        "--data",
        CLOSES,
        "--event",
        "record",
        "RUT",
      ],
      dir,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Alert replay from 2026-01-02 to 2026-01-31");
    expect(r.stdout).toContain("2026-01-13  record ^RUT (Russell 2000): 2,600.00");
    expect(r.stdout).toContain("the previous record was 2,580.00 on 12 Jan 2026");
  });

  it("--json lists the firings as data", async () => {
    const r = await run(
      [
        "alerts",
        "replay",
        "--from",
        "2026-01-02",
        "--to",
        "2026-01-16",
        "--data",
        CLOSES,
        "--event",
        "record RUT",
        "--json",
      ],
      dir,
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const jan13 = out.firings.find((f: { firing: { session: string } }) => f.firing.session === "2026-01-13");
    expect(jan13.firing.data.close).toBe(2600);
    expect(jan13.firing.chart).toBeUndefined();
  });

  it("exits 2 on a bad event, saying what to type", async () => {
    const r = await run(
      [
        "alerts",
        "replay",
        "--from",
        "2026-01-02",
        "--to",
        "2026-01-16",
        "--data",
        CLOSES,
        "--event",
        "recrod RUT",
      ],
      dir,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"recrod" is not an alert I know');
    expect(r.stderr).toContain("Try: /alert add record RUT");
  });
});
