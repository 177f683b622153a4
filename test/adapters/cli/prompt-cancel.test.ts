// The interactive prompt run as a real process: Ctrl-C (SIGINT) while a command waits on a
// stalled Yahoo cancels that command and keeps the prompt; Ctrl-D when idle leaves with a newline.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type FakeYahoo, startFakeYahoo } from "../../fakes/yahoo/server.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const BIN = join(ROOT, "bin/rotation-bot.js");

describe("the prompt and Ctrl-C", () => {
  let dir: string;
  let fake: FakeYahoo;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "rotation-prompt-"));
    fake = await startFakeYahoo({ synthesize: /^\^?[A-Z]{1,5}$/ });
    fake.stall(true);
  });
  afterAll(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });

  function start(args: string[]) {
    const child = execFile(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: dir,
        YAHOO_BASE_URL: fake.url,
        STORE_PATH: join(dir, "store.sqlite"),
        // Long enough that only Ctrl-C can end the wait in this test.
        COMMAND_DEADLINE_MS: "120000",
      },
    });
    const out = { stdout: "", stderr: "" };
    child.stdout?.on("data", (d) => {
      out.stdout += d;
    });
    child.stderr?.on("data", (d) => {
      out.stderr += d;
    });
    const closed = new Promise<number | null>((r) => child.on("close", r));
    return { child, out, closed };
  }

  it("GIVEN a command hanging on a stalled source WHEN Ctrl-C THEN it is cancelled and the prompt answers the next line", async () => {
    const { child, out, closed } = start([]);
    child.stdin?.write("/quote IWM\n");
    await vi.waitFor(() => expect(fake.requests.length).toBeGreaterThan(0), { timeout: 20_000 });
    const before = fake.requests.length;
    child.kill("SIGINT");
    await vi.waitFor(() => expect(out.stdout).toContain("Cancelled."), { timeout: 10_000 });
    // The request in flight was closed, not left hanging.
    await vi.waitFor(() => expect(fake.abandoned).toBeGreaterThanOrEqual(before), { timeout: 10_000 });
    child.stdin?.write("/help quote\n");
    await vi.waitFor(() => expect(out.stdout).toContain("/quote IWM SPY SOUN"), { timeout: 20_000 });
    // Ctrl-D when idle: leaves with a newline, exit 0.
    child.stdin?.end();
    expect(await closed).toBe(0);
    expect(out.stdout.endsWith("\n")).toBe(true);
  });

  it("GIVEN an idle prompt WHEN Ctrl-C THEN it exits 0 with a newline", async () => {
    const { child, out, closed } = start([]);
    await vi.waitFor(() => expect(out.stdout).toContain("> "), { timeout: 20_000 });
    child.kill("SIGINT");
    expect(await closed).toBe(0);
    expect(out.stdout.endsWith("> \n")).toBe(true);
  });

  it("GIVEN ask waiting on a stalled source WHEN Ctrl-C THEN it stops at once with exit 130", async () => {
    const seen = fake.requests.length;
    const { child, out, closed } = start(["ask", "/rotation ytd"]);
    await vi.waitFor(() => expect(fake.requests.length).toBeGreaterThan(seen), { timeout: 20_000 });
    child.kill("SIGINT");
    expect(await closed).toBe(130);
    expect(out.stderr).toContain("Cancelled.");
  });
});
