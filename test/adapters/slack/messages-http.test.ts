/**
 * GIVEN the real Bolt app in HTTP mode WHEN Slack POSTs signed event_callback requests (and retries
 * them with X-Slack-Retry-Num) THEN each is acknowledged with 200 and the message answered once.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BOT_USER_ID } from "../../fakes/slack/fake-slack.ts";
import { appMention, eventCallback, postEvent } from "../../fakes/slack/events.ts";
import { signatureHeaders } from "../../fakes/slack/sign.ts";
import { type SlackHarness, startHarness } from "./harness.ts";

describe("Slack mentions over HTTP", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    // A "Working on it" note for every answer that is not instant.
    h = await startHarness({ mode: "http", slowAfterMs: 0 });
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => h.slack.idle());

  const postsIn = (channel: string) =>
    h.fake.callsTo("chat.postMessage").filter((c) => c.params.channel === channel);

  it("GIVEN Slack's url_verification THEN the challenge is echoed (the events URL can be saved)", async () => {
    const raw = JSON.stringify({ token: "t", challenge: "challenge-7", type: "url_verification" });
    const res = await fetch(`${h.appUrl}/slack/events`, {
      method: "POST",
      headers: { ...signatureHeaders(raw), "content-type": "application/json" },
      body: raw,
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("challenge-7");
  });

  it("GIVEN a mention and Slack's two retries of it THEN three 200s and one answer in the thread", async () => {
    const body = eventCallback(
      appMention({ text: `<@${BOT_USER_ID}> rotation ytd`, channel: "C0HTTPRETRY" }),
    );
    expect((await postEvent(h.appUrl, body)).status).toBe(200);
    expect((await postEvent(h.appUrl, body, 1)).status).toBe(200);
    expect((await postEvent(h.appUrl, body, 2)).status).toBe(200);
    await h.fake.waitFor(() => postsIn("C0HTTPRETRY").length > 0, 15_000, "the answer");
    await h.slack.idle();
    expect(postsIn("C0HTTPRETRY")).toHaveLength(1);
    expect(postsIn("C0HTTPRETRY")[0]?.params.thread_ts).toBe(body.event.ts);
    // Without a response_url, the note while it worked went to the person alone, once.
    const notes = h.fake.callsTo("chat.postEphemeral").filter((c) => c.params.channel === "C0HTTPRETRY");
    expect(notes.map((n) => [n.params.user, n.params.text])).toEqual([["U0000001", "Working on /rotation…"]]);
    expect(h.logger.lines.some((l) => l.msg === "repeated delivery ignored" && l.obj.retry === 2)).toBe(true);
  });

  it("GIVEN an event with a bad signature THEN 401 and nothing is answered", async () => {
    const body = eventCallback(appMention({ text: `<@${BOT_USER_ID}> rotation ytd`, channel: "C0HTTPBAD" }));
    const raw = JSON.stringify(body);
    const res = await fetch(`${h.appUrl}/slack/events`, {
      method: "POST",
      headers: { ...signatureHeaders(raw, "not-the-secret"), "content-type": "application/json" },
      body: raw,
    });
    expect(res.status).toBe(401);
    await h.slack.idle();
    expect(postsIn("C0HTTPBAD")).toEqual([]);
  });
});
