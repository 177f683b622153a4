/**
 * GIVEN a real Bolt App on the HTTP receiver as we configure it (Bolt's HTTPReceiver), its Web API
 * pointed at the fake Slack
 * WHEN requests reach the events endpoint THEN only correctly signed, fresh ones reach a listener,
 * retry headers reach the context, acks are the responses, an unacknowledged request gets a 404,
 * and the health route answers.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, LogLevel, ReceiverMultipleAckError } from "@slack/bolt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BoltLogger } from "../../../src/adapters/slack/bolt-logger.ts";
import { httpReceiver } from "../../../src/adapters/slack/http-receiver.ts";
import { FakeSlack } from "../../fakes/slack/fake-slack.ts";
import { SIGNING_SECRET, signatureHeaders, slashPayload } from "../../fakes/slack/sign.ts";
import { recordingLogger } from "../store/recording-logger.ts";
import { BOT_TOKEN } from "./harness.ts";

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

/** Resolves once `check` holds (polled), or rejects after 5 s. */
async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 5) {
    if (waited > 5000) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

type Seen = { kind: string; body: Record<string, unknown>; retryNum?: number; retryReason?: string };

describe("the Slack HTTP receiver", () => {
  const fake = new FakeSlack();
  const logger = recordingLogger();
  const seen: Seen[] = [];
  const ackErrors: unknown[] = [];
  let app: App;
  let url: string;

  beforeAll(async () => {
    await fake.start();
    const boltLogger = new BoltLogger(logger, LogLevel.INFO);
    const receiver = httpReceiver({
      signingSecret: SIGNING_SECRET,
      logger: boltLogger,
      port: 0,
      bodyLimit: 64 * 1024,
      unhandledRequestTimeoutMillis: 50,
    });
    app = new App({
      receiver,
      token: BOT_TOKEN,
      logger: boltLogger,
      clientOptions: { slackApiUrl: fake.apiUrl },
      deferInitialization: true,
    });
    app.command("/echo", async ({ ack, body, context }) => {
      seen.push({
        kind: "command",
        body,
        ...(context.retryNum !== undefined ? { retryNum: context.retryNum } : {}),
        ...(context.retryReason !== undefined ? { retryReason: context.retryReason } : {}),
      });
      await ack({ response_type: "ephemeral", text: `got ${body.text}` });
    });
    app.command("/twice", async ({ ack }) => {
      await ack();
      await ack().catch((err: unknown) => ackErrors.push(err));
    });
    app.command("/silent", async () => {});
    app.event("app_mention", async ({ body }) => {
      seen.push({ kind: "event", body: body as unknown as Record<string, unknown> });
    });
    app.action("pick", async ({ ack, body }) => {
      seen.push({ kind: "action", body: body as unknown as Record<string, unknown> });
      await ack();
    });
    await app.init();
    const server = (await app.start(0)) as Server;
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await app.stop();
    await fake.stop();
  });
  beforeEach(() => {
    seen.length = 0;
  });

  const post = async (
    body: string,
    options: {
      contentType?: string;
      secret?: string;
      timestamp?: number;
      headers?: Record<string, string>;
      unsigned?: boolean;
      path?: string;
    } = {},
  ) => {
    const signed = options.unsigned ? {} : signatureHeaders(body, options.secret, options.timestamp);
    const res = await fetch(`${url}${options.path ?? "/slack/events"}`, {
      method: "POST",
      headers: { ...signed, "content-type": options.contentType ?? FORM, ...options.headers },
      body,
    });
    return { status: res.status, text: await res.text(), type: res.headers.get("content-type") };
  };
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const command = (command: string, text = "") =>
    form(slashPayload({ command, text, response_url: fake.responseUrl() }));

  it("GIVEN a signed slash command THEN the listener gets the form fields and its ack is the response", async () => {
    const res = await post(command("/echo", "hi there & more"));
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/application\/json/);
    expect(JSON.parse(res.text)).toEqual({ response_type: "ephemeral", text: "got hi there & more" });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.body).toMatchObject({ command: "/echo", text: "hi there & more", team_id: "T0000001" });
    expect(seen[0]?.retryNum).toBeUndefined();
    expect(seen[0]?.retryReason).toBeUndefined();
  });

  it("GIVEN Slack's retry headers THEN retryNum and retryReason reach the listener's context", async () => {
    const res = await post(command("/echo"), {
      headers: { "x-slack-retry-num": "2", "x-slack-retry-reason": "http_timeout" },
    });
    expect(res.status).toBe(200);
    expect(seen[0]).toMatchObject({ retryNum: 2, retryReason: "http_timeout" });
  });

  it("GIVEN a bad signature THEN 401 and no listener runs", async () => {
    expect((await post(command("/echo"), { secret: "not-the-secret" })).status).toBe(401);
    expect(seen).toEqual([]);
    expect(logger.text()).toContain("signature mismatch");
  });

  it("GIVEN a body changed after signing THEN 401", async () => {
    const body = command("/echo", "original");
    const headers = signatureHeaders(body);
    const res = await fetch(`${url}/slack/events`, {
      method: "POST",
      headers,
      body: body.replace("original", "tampered"),
    });
    expect(res.status).toBe(401);
    expect(seen).toEqual([]);
  });

  it("GIVEN a timestamp more than 5 minutes old THEN 401, even correctly signed for it", async () => {
    // Bolt rejects stale requests (replays); a timestamp ahead of the clock still needs Slack's
    // signature, so Bolt lets it through, as Slack's own SDKs do.
    const now = Math.floor(Date.now() / 1000);
    expect((await post(command("/echo"), { timestamp: now - 6 * 60 })).status).toBe(401);
    expect((await post(command("/echo"), { timestamp: now - 60 * 60 })).status).toBe(401);
    expect(seen).toEqual([]);
    // Within the window is fine.
    expect((await post(command("/echo"), { timestamp: now - 4 * 60 })).status).toBe(200);
  });

  it("GIVEN missing or malformed signature headers THEN 401", async () => {
    const body = command("/echo");
    expect((await post(body, { unsigned: true })).status).toBe(401);
    const good = signatureHeaders(body);
    const variants: Record<string, string>[] = [
      { "x-slack-signature": `${good["x-slack-signature"]}00` },
      { "x-slack-signature": `${good["x-slack-signature"]}zz` },
      { "x-slack-signature": (good["x-slack-signature"] ?? "").replace("v0=", "v1=") },
      { "x-slack-signature": (good["x-slack-signature"] ?? "").slice(0, 40) },
      { "x-slack-request-timestamp": "soon" },
    ];
    for (const headers of variants) {
      expect((await post(body, { headers })).status, JSON.stringify(headers)).toBe(401);
    }
    expect(seen).toEqual([]);
  });

  it("GIVEN a signed JSON Events API body THEN acked at once and the event listener gets it", async () => {
    const body = JSON.stringify({
      type: "event_callback",
      team_id: "T0000001",
      api_app_id: "A0000001",
      event: { type: "app_mention", user: "U0000001", text: "<@UBOT0001> hi", channel: "C1", ts: "1.2" },
      event_id: "Ev1",
      event_time: 1,
    });
    const res = await post(body, { contentType: JSON_TYPE });
    expect(res.status).toBe(200);
    await until(() => seen.length > 0);
    expect(seen.find((s) => s.kind === "event")?.body).toMatchObject({ event: { type: "app_mention" } });
  });

  it("GIVEN a form body carrying an interactive `payload` THEN the payload JSON is the body", async () => {
    const payload = {
      type: "block_actions",
      team: { id: "T0000001", domain: "fake" },
      user: { id: "U0000001", team_id: "T0000001" },
      api_app_id: "A0000001",
      actions: [{ action_id: "pick", block_id: "b", type: "button", value: "v", action_ts: "1.2" }],
      response_url: fake.responseUrl(),
      trigger_id: "1.2.3",
    };
    const res = await post(form({ payload: JSON.stringify(payload) }));
    expect(res.status).toBe(200);
    expect(seen[0]).toMatchObject({ kind: "action", body: { type: "block_actions" } });
  });

  it("GIVEN a signed url_verification THEN the challenge is echoed; unsigned THEN 401", async () => {
    const body = JSON.stringify({ type: "url_verification", token: "t", challenge: "c-123" });
    const res = await post(body, { contentType: JSON_TYPE });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ challenge: "c-123" });
    expect((await post(body, { contentType: JSON_TYPE, unsigned: true })).status).toBe(401);
  });

  it("GIVEN Slack's unsigned ssl_check THEN 200 and nothing else is read", async () => {
    const res = await post(form({ ssl_check: "1", command: "/echo", text: "smuggled" }), { unsigned: true });
    expect(res.status).toBe(200);
    expect(res.text).toBe("");
    expect(seen).toEqual([]);
  });

  it("GIVEN a signed body that is not JSON THEN 400", async () => {
    expect((await post("{not json", { contentType: JSON_TYPE })).status).toBe(400);
    expect((await post(form({ payload: "{nope" }))).status).toBe(400);
    expect(seen).toEqual([]);
  });

  it("GIVEN a body over the limit THEN 413", async () => {
    const res = await post(form({ command: "/echo", text: "x".repeat(70 * 1024) }));
    expect(res.status).toBe(413);
    expect(seen).toEqual([]);
  });

  it("GIVEN a listener that never acks THEN Bolt's 404 once the ack time is up", async () => {
    expect((await post(command("/silent"))).status).toBe(404);
    expect(logger.text()).toContain("not acknowledged");
  });

  it("GIVEN a second ack() THEN it fails and the first response stands", async () => {
    const res = await post(command("/twice"));
    expect(res.status).toBe(200);
    await until(() => ackErrors.length > 0);
    expect(ackErrors[0]).toBeInstanceOf(ReceiverMultipleAckError);
  });

  it("serves other routes through Bolt's receiver: custom routes, and 404 for the rest", async () => {
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(await health.text()).toBe("ok");
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
    expect((await fetch(`${url}/slack/events`)).status).toBe(404);
    expect((await post(command("/echo"), { path: "/elsewhere" })).status).toBe(404);
    expect(seen).toEqual([]);
  });

  it("refuses to start without a signing secret", () => {
    const boltLogger = new BoltLogger(recordingLogger(), LogLevel.INFO);
    expect(() => httpReceiver({ signingSecret: "", logger: boltLogger, port: 0 })).toThrow(/signing secret/);
  });
});
