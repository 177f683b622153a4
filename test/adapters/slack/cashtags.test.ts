/**
 * GIVEN the real Bolt app (Socket Mode, and HTTP events) WHEN ordinary channel messages with
 * cashtags arrive (message.channels events) THEN a channel whose manager ran /settings cashtags on
 * gets one compact quote in the message's thread; other channels, bots, the bot itself and
 * redeliveries get none, and someone who does not manage the channel is refused privately.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { channelMessage, eventCallback, messageTs, postEvent } from "../../fakes/slack/events.ts";
import { BOT_USER_ID } from "../../fakes/slack/fake-slack.ts";
import { signatureHeaders } from "../../fakes/slack/sign.ts";
import { type SlackHarness, startHarness } from "./harness.ts";

const ADMIN = "U0ADMIN1";

/** How many deliveries were turned away as already answered. */
function answeredBefore(h: SlackHarness): number {
  return h.logger.lines.filter((l) => l.msg === "cashtags already answered for this message").length;
}

/** The thread replies the bot posted to message `ts`. */
function repliesTo(h: SlackHarness, channel: string, ts: string) {
  return h.fake
    .callsTo("chat.postMessage")
    .filter((c) => c.params.channel === channel && c.params.thread_ts === ts);
}

async function turnOn(
  h: SlackHarness,
  channel: string,
  send: (payload: Record<string, string>) => Promise<unknown>,
) {
  await send(h.payload("/settings", "cashtags on", { channel_id: channel, user_id: ADMIN }));
  await h.fake.waitFor(
    () => h.fake.callsTo("chat.postMessage").some((c) => c.params.channel === channel),
    15_000,
    "the settings announcement",
  );
  await h.slack.idle();
}

describe("Slack cashtags over Socket Mode", () => {
  let h: SlackHarness;
  const send = (event: Record<string, unknown>, retryAttempt = 0, eventId?: string) =>
    h.socket?.sendEvent({ ...eventCallback(event, eventId) }, { retryAttempt });
  beforeAll(async () => {
    h = await startHarness({ mode: "socket", config: { cashtags: true } });
    h.fake.admins.add(ADMIN);
    const slash = (p: Record<string, string>) => h.socket?.sendSlashCommand(p) as Promise<unknown>;
    await turnOn(h, "C0CASH1", slash);
    await turnOn(h, "G0CASH2", slash);
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => h.slack.idle());

  /** Messages sent before an answered marker have been handled once it is answered and all is idle. */
  async function settle(): Promise<void> {
    const marker = channelMessage({ text: "$IWM", channel: "C0CASH1" });
    await send(marker);
    await h.fake.waitFor(() => repliesTo(h, "C0CASH1", marker.ts as string).length > 0, 15_000, "the marker");
    await h.slack.idle();
  }

  it("announces the change in the channel, with what it does", () => {
    const post = h.fake.callsTo("chat.postMessage").find((c) => c.params.channel === "C0CASH1");
    expect(String(post?.params.text)).toContain("Cashtags: on");
  });

  it("GIVEN cashtags on THEN $IWM $SPY gets one compact quote in the message's thread", async () => {
    const message = channelMessage({ text: "is $IWM catching up with $SPY?", channel: "C0CASH1" });
    const ack = await send(message);
    expect(ack?.envelopeId).toMatch(/^env-/);
    await h.fake.waitFor(() => repliesTo(h, "C0CASH1", message.ts as string).length > 0, 15_000, "the reply");
    await h.slack.idle();
    const replies = repliesTo(h, "C0CASH1", message.ts as string);
    expect(replies).toHaveLength(1);
    const text = String(replies[0]?.params.blocks);
    expect(text).toMatch(/IWM \d[\d,]*\.\d+ · /);
    expect(text).toMatch(/SPY \d[\d,]*\.\d+ · /);
    expect(text).toContain("2 of 2 priced");
    expect(text).not.toContain("<!");
  });

  it("GIVEN a message in a thread of a private channel THEN the reply goes to that thread", async () => {
    const parent = messageTs();
    const message = channelMessage({ text: "$QQQ?", channel: "G0CASH2", thread_ts: parent });
    await send(message);
    await h.fake.waitFor(() => repliesTo(h, "G0CASH2", parent).length > 0, 15_000, "the reply in the thread");
    expect(repliesTo(h, "G0CASH2", message.ts as string)).toHaveLength(0);
  });

  it("GIVEN seven cashtags THEN five are quoted and a note names the rest", async () => {
    const message = channelMessage({ text: "$IWM $SPY $QQQ $RSP $RUT $SPX $NDX", channel: "C0CASH1" });
    await send(message);
    await h.fake.waitFor(() => repliesTo(h, "C0CASH1", message.ts as string).length > 0, 15_000, "the reply");
    const text = String(repliesTo(h, "C0CASH1", message.ts as string)[0]?.params.text);
    expect(text).toContain("That message has 7 cashtags; I quote the first 5.");
    expect(text).toContain("5 of 5 priced");
  });

  it("GIVEN a redelivered event (retry_attempt 1, same event) THEN still one reply", async () => {
    const message = channelMessage({ text: "$RSP", channel: "C0CASH1" });
    const body = eventCallback(message);
    const repeats = answeredBefore(h);
    await h.socket?.sendEvent({ ...body });
    await h.socket?.sendEvent({ ...body }, { retryAttempt: 1 });
    // The copy that came second is turned away through the store, whichever ran first.
    await h.fake.waitFor(() => answeredBefore(h) > repeats, 15_000, "the repeat turned away");
    await h.slack.idle();
    expect(repliesTo(h, "C0CASH1", message.ts as string)).toHaveLength(1);
  });

  it("GIVEN cashtags off, a bot's message, the bot's own, an edit or an amount THEN no reply", async () => {
    const quiet = [
      channelMessage({ text: "$IWM $SPY", channel: "C0OFF3" }),
      channelMessage({ text: "$IWM", channel: "C0CASH1", bot_id: "B0OTHER", subtype: "bot_message" }),
      channelMessage({ text: "$IWM", channel: "C0CASH1", user: BOT_USER_ID, bot_id: "BBOT0001" }),
      channelMessage({ text: "$IWM", channel: "C0CASH1", subtype: "message_changed" }),
      channelMessage({ text: "that cost $100", channel: "C0CASH1" }),
    ];
    for (const m of quiet) await send(m);
    await settle();
    for (const m of quiet) expect(repliesTo(h, m.channel as string, m.ts as string)).toHaveLength(0);
    expect(h.fake.callsTo("chat.postMessage").some((c) => c.params.channel === "C0OFF3")).toBe(false);
  });

  it("GIVEN someone who does not manage the channel THEN /settings is refused privately and changes nothing", async () => {
    const payload = h.payload("/settings", "cashtags off", { channel_id: "C0CASH1", user_id: "U0NOBODY" });
    await h.socket?.sendSlashCommand(payload);
    const id = payload.response_url?.split("/").at(-1);
    await h.fake.waitFor(() => h.fake.responses.some((r) => r.id === id), 15_000, "the refusal");
    const refusal = h.fake.responses.find((r) => r.id === id);
    expect(refusal?.body.response_type).toBe("ephemeral");
    expect(String(refusal?.body.text)).toContain("Only people who manage this channel can use /settings");
    // Still on.
    await settle();
  });
});

describe("Slack cashtags over signed HTTP events", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({ mode: "http", config: { cashtags: true } });
    h.fake.admins.add(ADMIN);
    await turnOn(h, "C0HTTPC", async (p) => {
      const body = new URLSearchParams(p).toString();
      await fetch(`${h.appUrl}/slack/events`, { method: "POST", headers: signatureHeaders(body), body });
    });
  });
  afterAll(async () => {
    await h.close();
  });

  it("GIVEN an event and Slack's retry of it (X-Slack-Retry-Num) THEN 200 to both and one reply in thread", async () => {
    const message = channelMessage({ text: "$IWM", channel: "C0HTTPC" });
    const body = eventCallback(message);
    const repeats = answeredBefore(h);
    expect((await postEvent(h.appUrl, body)).status).toBe(200);
    expect((await postEvent(h.appUrl, body, 1)).status).toBe(200);
    await h.fake.waitFor(() => repliesTo(h, "C0HTTPC", message.ts as string).length > 0, 15_000, "the reply");
    await h.fake.waitFor(() => answeredBefore(h) > repeats, 15_000, "the retry turned away");
    await h.slack.idle();
    expect(repliesTo(h, "C0HTTPC", message.ts as string)).toHaveLength(1);
  });
});

describe("Slack without SLACK_CASHTAGS", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({ mode: "socket" });
    h.fake.admins.add(ADMIN);
  });
  afterAll(async () => {
    await h.close();
  });

  it("answers no channel message, and /settings cashtags on says what the operator must change", async () => {
    await turnOn(h, "C0DEAF", (p) => h.socket?.sendSlashCommand(p) as Promise<unknown>);
    const announcement = h.fake.callsTo("chat.postMessage").find((c) => c.params.channel === "C0DEAF");
    expect(String(announcement?.params.text)).toContain("SLACK_CASHTAGS=true");
    const message = channelMessage({ text: "$IWM", channel: "C0DEAF" });
    await h.socket?.sendEvent({ ...eventCallback(message) });
    // A command sent after the message is answered once the message has been passed over.
    await h.socket?.sendSlashCommand(h.payload("/settings", "", { channel_id: "C0DEAF", user_id: ADMIN }));
    await h.fake.waitFor(() => h.fake.responses.length > 0, 15_000, "the settings");
    await h.slack.idle();
    expect(repliesTo(h, "C0DEAF", message.ts as string)).toHaveLength(0);
  });
});
