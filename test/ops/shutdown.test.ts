/**
 * Graceful shutdown of the real process: `node src/main.ts` in Slack HTTP mode against the fake
 * Slack, market data from a slow fake Yahoo. SIGTERM arrives while /rotation is being answered:
 * /ready turns 503 at once, new Slack requests get 503 once the drain delay is over, the answer
 * under way is still posted, and the process exits 0.
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

async function until<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const status = (url: string) => fetch(url).then((r) => r.status);

describe("SIGTERM in the middle of an answer", () => {
  let dir: string;
  let slack: FakeSlack;
  let yahoo: FakeYahoo;
  let child: ChildProcess | undefined;
  let output = "";
  let exitCode: number | null = null;
  let readyAfterSignal = 0;
  let slackAfterDrain = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "shutdown-"));
    slack = await new FakeSlack().start();
    // Every Yahoo request takes 1.5 s: /rotation (seven series) is still under way when the signal comes.
    yahoo = await startFakeYahoo({ synthesize: /^\^?[A-Z]{1,5}$/, latencyMs: 1500 });
    const [slackPort, metricsPort] = [await freePort(), await freePort()];
    const app = `http://127.0.0.1:${slackPort}`;
    const ops = `http://127.0.0.1:${metricsPort}`;
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
        SHUTDOWN_DRAIN_MS: "1000",
        SHUTDOWN_GRACE_MS: "60000",
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
    await until("/ready", 90_000, async () => ((await status(`${ops}/ready`)) === 200 ? true : undefined));

    const ack = await postSlashCommand(
      app,
      slashPayload({
        command: "/rotation",
        text: "ytd",
        channel_id: "C0TERM",
        response_url: slack.responseUrl(),
      }),
    );
    expect(ack.status).toBe(200);
    await until("a Yahoo chart request", 30_000, async () =>
      yahoo.requests.some((r) => r.kind === "chart") ? true : undefined,
    );
    child.kill("SIGTERM");
    readyAfterSignal = await until("/ready to turn 503", 10_000, async () => {
      const s = await status(`${ops}/ready`);
      return s === 503 ? s : undefined;
    });
    // During the drain delay requests are still taken; after it, Slack gets 503 (and retries elsewhere).
    slackAfterDrain = await until("Slack requests refused", 20_000, async () => {
      const r = await postSlashCommand(
        app,
        slashPayload({ command: "/help", response_url: slack.responseUrl() }),
      );
      return r.status === 503 ? r.status : undefined;
    });
    await exited;
  });

  afterAll(async () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await slack?.stop();
    await yahoo?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("reports not ready at once, then refuses Slack requests with 503", () => {
    expect(readyAfterSignal).toBe(503);
    expect(slackAfterDrain).toBe(503);
  });

  it("posts the answer that was under way, chart and all", () => {
    const posted = slack
      .callsTo("files.completeUploadExternal")
      .filter((c) => c.params.channel_id === "C0TERM");
    expect(posted, output).toHaveLength(1);
  });

  it("exits 0 after closing everything", () => {
    expect(exitCode, output).toBe(0);
    expect(output).toContain("shutdown complete");
    expect(output).not.toMatch(/"level":(50|60)/);
  });
});
