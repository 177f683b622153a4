/**
 * A second signal during shutdown: `node src/main.ts` in Slack HTTP mode against the fake Slack,
 * a slow fake Yahoo so /rotation is still being computed. SIGTERM starts the graceful shutdown
 * (a long grace period); SIGINT while it waits for the answer exits at once with 130 (128 + SIGINT),
 * not 0 after the answer.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSlack } from "../fakes/slack/fake-slack.ts";
import { postSlashCommand, SIGNING_SECRET, slashPayload } from "../fakes/slack/sign.ts";
import { type FakeYahoo, startFakeYahoo } from "../fakes/yahoo/server.ts";
import { freePort } from "../helpers/free-port.ts";

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));

async function until(what: string, ms: number, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await Promise.resolve(check()).catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("a second signal while shutting down", () => {
  let dir: string;
  let slack: FakeSlack;
  let yahoo: FakeYahoo;
  let child: ChildProcess | undefined;
  let output = "";
  let exitCode: number | null = null;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "second-signal-"));
    slack = await new FakeSlack().start();
    // Every Yahoo request takes 5 s: the answer is far from done when the second signal comes.
    yahoo = await startFakeYahoo({ synthesize: /^\^?[A-Z]{1,5}$/, latencyMs: 5000 });
    const [slackPort, metricsPort] = [await freePort(), await freePort()];
    child = spawn(process.execPath, [MAIN], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? "",
        SLACK_BOT_TOKEN: "xoxb-1111-2222-fakebottoken",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_MODE: "http",
        SLACK_PORT: String(slackPort),
        SLACK_API_URL: slack.apiUrl,
        YAHOO_BASE_URL: yahoo.url,
        STORE_PATH: join(dir, "store.sqlite"),
        SCHEDULER: "off",
        METRICS_PORT: String(metricsPort),
        SHUTDOWN_GRACE_MS: "120000",
        LOG_LEVEL: "info",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (b: Buffer) => {
      output += b.toString();
    });
    child.stderr?.on("data", (b: Buffer) => {
      output += b.toString();
    });
    const exited = new Promise<void>((resolve) =>
      child?.once("exit", (code) => {
        exitCode = code;
        resolve();
      }),
    );
    await until("/ready", 90_000, async () => (await fetch(`http://127.0.0.1:${metricsPort}/ready`)).ok);
    const ack = await postSlashCommand(
      `http://127.0.0.1:${slackPort}`,
      slashPayload({
        command: "/rotation",
        text: "ytd",
        channel_id: "C0TWICE",
        response_url: slack.responseUrl(),
      }),
    );
    expect(ack.status).toBe(200);
    await until("a Yahoo chart request", 30_000, () => yahoo.requests.some((r) => r.kind === "chart"));
    child.kill("SIGTERM");
    await until("the grace period", 20_000, () => output.includes("finishing answers under way"));
    child.kill("SIGINT");
    await exited;
  }, 180_000);

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await slack?.stop();
    await yahoo?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("exits at once with 130, without waiting for the answer under way", () => {
    expect(exitCode, output).toBe(130);
    expect(output).toContain("second signal: exiting at once");
    expect(output).not.toContain("shutdown complete");
  });
});
