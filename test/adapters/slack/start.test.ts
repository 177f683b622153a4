// Starting the Slack app: where HTTP mode listens (SLACK_HOST), and why a start failed, told apart.
import { request } from "node:http";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSlack } from "../../../src/adapters/slack/index.ts";
import type { SlackConfig } from "../../../src/config.ts";
import type { Services } from "../../../src/core/dispatch.ts";
import { FakeSlack } from "../../fakes/slack/fake-slack.ts";
import { SIGNING_SECRET } from "../../fakes/slack/sign.ts";
import { recordingLogger } from "../store/recording-logger.ts";
import { APP_TOKEN, BOT_TOKEN, testServices } from "./harness.ts";

/** GET /health on host:port: the status, or the network error's code. */
function health(host: string, port: number): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: "/health", timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? "error"));
    req.end();
  });
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

let fake: FakeSlack;
let services: Services;
beforeAll(async () => {
  fake = await new FakeSlack().start();
  services = await testServices(recordingLogger());
});
afterAll(async () => {
  await fake.stop();
  await services.store.close();
});

const http = (extra: Partial<SlackConfig> = {}): SlackConfig => ({
  mode: "http",
  port: 0,
  apiUrl: fake.apiUrl,
  botToken: BOT_TOKEN,
  signingSecret: SIGNING_SECRET,
  ...extra,
});

describe("Slack HTTP mode's address", () => {
  it("GIVEN SLACK_HOST=127.0.0.2 THEN it answers there and nowhere else on the machine", async () => {
    const slack = await startSlack(http({ host: "127.0.0.2" }), services);
    try {
      expect(await health("127.0.0.2", slack.port ?? 0)).toBe(200);
      expect(await health("127.0.0.1", slack.port ?? 0)).toBe("ECONNREFUSED");
    } finally {
      await slack.stop();
    }
  });

  it("GIVEN no SLACK_HOST THEN every interface, as before", async () => {
    const slack = await startSlack(http(), services);
    try {
      expect(await health("127.0.0.1", slack.port ?? 0)).toBe(200);
      expect(await health("127.0.0.2", slack.port ?? 0)).toBe(200);
    } finally {
      await slack.stop();
    }
  });
});

describe("Slack start failures", () => {
  it("GIVEN Slack refuses the token THEN it says the token was not accepted", async () => {
    fake.fail("auth.test", "invalid_auth", 1);
    const err = await startSlack(http(), services).catch((e: unknown) => e as Error);
    expect((err as Error).message).toMatch(/^Slack did not accept SLACK_BOT_TOKEN \(invalid_auth\)/);
  });

  it("GIVEN the Slack API cannot be reached THEN it says so, and does not blame the token", async () => {
    const port = await closedPort();
    const config: SlackConfig = {
      mode: "socket",
      port: 0,
      apiUrl: `http://127.0.0.1:${port}/api/`,
      botToken: BOT_TOKEN,
      appToken: APP_TOKEN,
    };
    const err = await startSlack(config, services, { retries: 0 }).catch((e: unknown) => e as Error);
    const message = (err as Error).message;
    expect(message).toBe(
      `could not reach the Slack API at 127.0.0.1:${port} to check SLACK_BOT_TOKEN (connection refused): check the network, a proxy, or SLACK_API_URL`,
    );
    expect(message).not.toContain("did not accept");
    expect(message).not.toContain(BOT_TOKEN);
  });
});
