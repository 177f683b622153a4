/**
 * GIVEN the real Bolt app in Socket Mode, connected to the fake Socket Mode server
 * WHEN events_api envelopes bring mentions and direct messages THEN each command is answered once,
 * in the mention's thread or in the DM; bots, the bot itself and edits are ignored; bad input gets
 * a private note that says what to type.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ApiCall, BOT_USER_ID, blocksOf } from "../../fakes/slack/fake-slack.ts";
import { appMention, directMessage, eventCallback, messageTs } from "../../fakes/slack/events.ts";
import { type SlackHarness, startHarness } from "./harness.ts";

describe("Slack mentions and direct messages", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    // No "Working on it" notes here (see the HTTP test): every ephemeral call is an answer.
    h = await startHarness({ mode: "socket", slowAfterMs: 60_000 });
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => h.slack.idle());

  const postsIn = (channel: string) =>
    h.fake.callsTo("chat.postMessage").filter((c) => c.params.channel === channel);
  const ephemeralsIn = (channel: string) =>
    h.fake.callsTo("chat.postEphemeral").filter((c) => c.params.channel === channel);
  const send = (event: Record<string, unknown>, eventId?: string, retryAttempt?: number) =>
    h.socket?.sendEvent(eventCallback(event, eventId) as never, retryAttempt ? { retryAttempt } : {});

  /** Sends a DM that is answered, then waits until every answer is done: what came before is settled. */
  async function settle(): Promise<void> {
    const channel = `D0SETTLE${messageTs().replace(".", "")}`;
    await send(directMessage({ text: "help", channel }));
    await h.fake.waitFor(() => postsIn(channel).length > 0, 10_000, "the settling answer");
    await h.slack.idle();
  }

  it("GIVEN '@rotation-bot rotation ytd' in a channel THEN the answer and its chart go in a thread under the message", async () => {
    const mention = appMention({ text: `<@${BOT_USER_ID}> rotation ytd`, channel: "C0MENTION" });
    const ack = await send(mention);
    expect(ack?.envelopeId).toMatch(/^env-/);
    await h.fake.waitFor(
      () => h.fake.callsTo("files.completeUploadExternal").some((c) => c.params.channel_id === "C0MENTION"),
      15_000,
      "the chart in the thread",
    );
    const [post] = postsIn("C0MENTION");
    expect(post?.params.thread_ts).toBe(mention.ts);
    const blocks = JSON.stringify(blocksOf(post as never));
    // The same figures as /rotation ytd (see the HTTP test): RUT-SPX +313 bp YTD on the fixture.
    expect(blocks).toContain("Rotation YTD");
    expect(blocks).toMatch(/\+313 bp/);
    const upload = h.fake
      .callsTo("files.completeUploadExternal")
      .find((c) => c.params.channel_id === "C0MENTION");
    expect(upload?.params.thread_ts).toBe(mention.ts);
  });

  it("GIVEN a mention inside a thread, slash typed and a colon after the name THEN the answer goes in that thread", async () => {
    const thread = "1768600000.000100";
    await send(
      appMention({ text: `<@${BOT_USER_ID}>: /rotation 1m`, channel: "C0THREAD", thread_ts: thread }),
    );
    await h.fake.waitFor(() => postsIn("C0THREAD").length > 0, 15_000, "the thread answer");
    const [post] = postsIn("C0THREAD");
    expect(post?.params.thread_ts).toBe(thread);
    expect(JSON.stringify(blocksOf(post as never))).toMatch(/Rotation 1m.*\+701 bp/);
  });

  it("GIVEN a direct message 'rotation 1m' THEN it is answered in the DM, not in a thread", async () => {
    await send(directMessage({ text: "rotation 1m", channel: "D0DIRECT" }));
    await h.fake.waitFor(() => postsIn("D0DIRECT").length > 0, 15_000, "the DM answer");
    const [post] = postsIn("D0DIRECT");
    expect(post?.params.thread_ts).toBeUndefined();
    expect(JSON.stringify(blocksOf(post as never))).toMatch(/Rotation 1m.*\+701 bp/);
  });

  it("GIVEN 'rotation-status' (the name Slack registers for /status) in a DM THEN it is /status", async () => {
    await send(directMessage({ text: "rotation-status", channel: "D0STATUS" }));
    await h.fake.waitFor(() => postsIn("D0STATUS").length > 0, 10_000, "the status answer");
    const text = JSON.stringify(blocksOf(postsIn("D0STATUS")[0] as never));
    expect(text).not.toContain("is not a command I know");
    expect(text).toMatch(/[Ss]tatus/);
  });

  it("GIVEN 'help' in a DM THEN the private answer is simply posted in the DM", async () => {
    await send(directMessage({ text: "help", channel: "D0HELP" }));
    await h.fake.waitFor(() => postsIn("D0HELP").length > 0, 10_000, "the help answer");
    expect(JSON.stringify(blocksOf(postsIn("D0HELP")[0] as never))).toContain("rotation-bot commands");
    expect(ephemeralsIn("D0HELP")).toEqual([]);
  });

  it("GIVEN the same event retried (retry_attempt 1, 2) and the same message under another event id THEN it is answered once", async () => {
    const mention = appMention({ text: `<@${BOT_USER_ID}> rotation 5d`, channel: "C0RETRY" });
    await send(mention, "EvRETRY0001");
    await send(mention, "EvRETRY0001", 1);
    await send(mention, "EvRETRY0001", 2);
    // The same message again, as another event (e.g. a message event as well as app_mention).
    await send(mention, "EvRETRY0002");
    await h.fake.waitFor(() => postsIn("C0RETRY").length > 0, 15_000, "the answer");
    await settle();
    expect(postsIn("C0RETRY")).toHaveLength(1);
    expect(h.logger.lines.filter((l) => l.msg === "repeated delivery ignored").length).toBeGreaterThanOrEqual(
      3,
    );
  });

  it("GIVEN messages from bots, from the bot itself, edits and deletions THEN none is answered", async () => {
    await send(
      directMessage({ text: "rotation ytd", channel: "D0IGNORE", bot_id: "BOTHER01", user: "UOTHERBOT" }),
    );
    await send(
      directMessage({ text: "rotation ytd", channel: "D0IGNORE", subtype: "bot_message", bot_id: "B1" }),
    );
    // The bot's own answers come back as message.im events too.
    await send(directMessage({ text: "rotation ytd", channel: "D0IGNORE", user: BOT_USER_ID }));
    await send({
      ...directMessage({ text: "rotation ytd", channel: "D0IGNORE" }),
      subtype: "message_changed",
    });
    await send({ ...directMessage({ text: "", channel: "D0IGNORE" }), subtype: "message_deleted" });
    await send({
      ...directMessage({ text: "rotation ytd", channel: "D0IGNORE" }),
      edited: { user: "U1", ts: "1.2" },
    });
    await send(
      appMention({ text: `<@${BOT_USER_ID}> rotation ytd`, channel: "C0IGNORE", bot_id: "BOTHER01" }),
    );
    // A message in a channel (not a DM, no mention) is not for this listener.
    await send({ ...directMessage({ text: "rotation ytd", channel: "C0IGNORE" }), channel_type: "channel" });
    await settle();
    expect(postsIn("D0IGNORE")).toEqual([]);
    expect(postsIn("C0IGNORE")).toEqual([]);
    expect(ephemeralsIn("D0IGNORE")).toEqual([]);
    expect(ephemeralsIn("C0IGNORE")).toEqual([]);
  });

  it("GIVEN a mention with a bad period THEN only the person sees what to type (ephemeral), nothing in the channel", async () => {
    await send(
      appMention({ text: `<@${BOT_USER_ID}> rotation someday`, channel: "C0BAD", user: "UBADINPUT" }),
    );
    await h.fake.waitFor(() => ephemeralsIn("C0BAD").length > 0, 10_000, "the private note");
    const [note] = ephemeralsIn("C0BAD") as [ApiCall];
    expect(note.params.user).toBe("UBADINPUT");
    expect(String(note.params.text)).toMatch(/Try: \/rotation/);
    await settle();
    expect(postsIn("C0BAD")).toEqual([]);
  });

  it("GIVEN only the mention, or an unknown word THEN the private note says what to type", async () => {
    await send(appMention({ text: `<@${BOT_USER_ID}>`, channel: "C0EMPTY" }));
    await send(appMention({ text: `<@${BOT_USER_ID}> rotatoin ytd`, channel: "C0EMPTY" }));
    await h.fake.waitFor(() => ephemeralsIn("C0EMPTY").length >= 2, 10_000, "the private notes");
    const texts = ephemeralsIn("C0EMPTY").map((c) => String(c.params.text));
    expect(
      texts.some((t) => t.includes("Mention me with a command, for example: @rotation-bot rotation ytd")),
    ).toBe(true);
    expect(texts.some((t) => t.includes("Did you mean /rotation?"))).toBe(true);
  });

  it("GIVEN Slack refuses the ephemeral note THEN the note is a reply in the thread instead", async () => {
    h.fake.fail("chat.postEphemeral", "user_not_in_channel", 1);
    const mention = appMention({ text: `<@${BOT_USER_ID}> rotation someday`, channel: "C0NOEPH" });
    await send(mention);
    await h.fake.waitFor(() => postsIn("C0NOEPH").length > 0, 10_000, "the thread note");
    const [post] = postsIn("C0NOEPH");
    expect(post?.params.thread_ts).toBe(mention.ts);
    expect(String(post?.params.text)).toMatch(/Try: \/rotation/);
  });

  it("GIVEN <!channel>, <!here> and another user's mention in the text THEN none of them is echoed", async () => {
    await send(
      appMention({
        text: `<@${BOT_USER_ID}> <!channel> <!here|here> rotation <@U0OTHER> <!everyone> nope`,
        channel: "C0PING",
      }),
    );
    await h.fake.waitFor(() => ephemeralsIn("C0PING").length > 0, 10_000, "the private note");
    await settle();
    const all = JSON.stringify([...ephemeralsIn("C0PING"), ...postsIn("C0PING")].map((c) => c.params));
    expect(all).not.toMatch(/<!|<@|@channel|@here|@everyone/);
  });
});
