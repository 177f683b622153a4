/**
 * GIVEN the real Bolt app in Socket Mode, connected to the fake Socket Mode server
 * WHEN slash command envelopes arrive THEN each is acked on the socket and answered like over HTTP.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { blocksOf } from "../../fakes/slack/fake-slack.ts";
import { APP_TOKEN, BOT_TOKEN, type SlackHarness, startHarness } from "./harness.ts";

describe("Slack app in Socket Mode", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({ mode: "socket" });
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => h.slack.idle());

  it("opened the link with the app token, not the bot token", () => {
    const open = h.fake.callsTo("apps.connections.open");
    expect(open).toHaveLength(1);
    expect(open[0]?.token).toBe(APP_TOKEN);
  });

  it("GIVEN /help THEN the envelope is acked and the answer comes privately", async () => {
    const payload = h.payload("/help");
    const ack = await h.socket?.sendSlashCommand(payload);
    expect(ack?.envelopeId).toMatch(/^env-/);
    await h.fake.waitFor(() => h.fake.responses.length > 0, 5000, "the /help answer");
    const answer = h.fake.responses.at(-1);
    expect(answer?.body.response_type).toBe("ephemeral");
    expect(JSON.stringify(blocksOf(answer as never))).toContain("rotation-bot commands");
  });

  it("GIVEN /rotation-status (Slack keeps /status for itself) THEN the status answer comes privately", async () => {
    const before = h.fake.responses.length;
    await h.socket?.sendSlashCommand(h.payload("/rotation-status"));
    await h.fake.waitFor(() => h.fake.responses.length > before, 5000, "the status answer");
    const answer = h.fake.responses.at(-1);
    expect(answer?.body.response_type).toBe("ephemeral");
    // The status command answered (this harness keeps no status record), not "unknown command".
    expect(JSON.stringify(blocksOf(answer as never))).toContain("without a status record");
  });

  it("GIVEN /rotation ytd THEN acked before the answer, then Block Kit and the chart in the channel", async () => {
    const payload = h.payload("/rotation", "ytd", { channel_id: "C0SOCKET" });
    const ack = await h.socket?.sendSlashCommand(payload);
    expect(ack?.payload).toEqual({});
    expect(h.fake.callsTo("chat.postMessage").some((c) => c.params.channel === "C0SOCKET")).toBe(false);
    await h.fake.waitFor(
      () => h.fake.callsTo("files.completeUploadExternal").some((c) => c.params.channel_id === "C0SOCKET"),
      15_000,
      "the chart upload",
    );
    const post = h.fake.callsTo("chat.postMessage").find((c) => c.params.channel === "C0SOCKET");
    expect(post?.token).toBe(BOT_TOKEN);
    expect(blocksOf(post as never)[0]?.type).toBe("header");
    expect(h.fake.uploads.length).toBeGreaterThan(0);
  });

  it("GIVEN the same envelope delivered twice THEN both are acked and only one answer is posted", async () => {
    const payload = h.payload("/rotation", "1m", { channel_id: "C0REDELIVER" });
    await h.socket?.sendSlashCommand(payload, "env-same");
    const again = await h.socket?.sendSlashCommand(payload, "env-same");
    expect(again?.envelopeId).toBe("env-same");
    await h.fake.waitFor(
      () => h.fake.callsTo("chat.postMessage").some((c) => c.params.channel === "C0REDELIVER"),
      15_000,
    );
    await h.slack.idle();
    expect(h.fake.callsTo("chat.postMessage").filter((c) => c.params.channel === "C0REDELIVER")).toHaveLength(
      1,
    );
  });
});
