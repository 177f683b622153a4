/**
 * GIVEN the real Bolt app in Socket Mode and an answer with buttons in a channel
 * WHEN block_actions envelopes arrive THEN the message is updated in place with its chart replaced,
 * CSV is uploaded, stale and over-limit presses get private notes.
 */
import { parse } from "csv-parse/sync";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { encodePress } from "../../../src/core/actions.ts";
import { blocksOf, TEAM_ID } from "../../fakes/slack/fake-slack.ts";
import { postInteractive, signatureHeaders } from "../../fakes/slack/sign.ts";
import { CLOCK, type SlackHarness, startHarness } from "./harness.ts";

type Button = { action_id: string; value: string; text: { text: string }; style?: string };

function buttonsOf(blocks: Record<string, unknown>[]): Button[] {
  return blocks.filter((b) => b.type === "actions").flatMap((b) => (b as { elements: Button[] }).elements);
}

describe("Slack buttons", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({ mode: "socket" });
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => h.slack.idle());

  /** Posts /rotation 1m into `channel` and returns the posted message's ts and buttons. */
  async function postRotation(channel: string) {
    await h.socket?.sendSlashCommand(h.payload("/rotation", "1m", { channel_id: channel }));
    await h.fake.waitFor(
      () => h.fake.callsTo("files.completeUploadExternal").some((c) => c.params.channel_id === channel),
      15_000,
      "the first answer and chart",
    );
    await h.slack.idle();
    const post = h.fake.callsTo("chat.postMessage").find((c) => c.params.channel === channel);
    const message = h.fake.messages.find((m) => m.channel === channel);
    return { ts: message?.ts as string, buttons: buttonsOf(blocksOf(post as never)) };
  }

  function press(
    channel: string,
    ts: string | undefined,
    button: Pick<Button, "action_id" | "value">,
    user = "U0000001",
  ) {
    const responseUrl = h.fake.responseUrl();
    return {
      responseUrl,
      ack: h.socket?.sendInteractive({
        type: "block_actions",
        team: { id: TEAM_ID, domain: "fake" },
        user: { id: user, username: "trader", team_id: TEAM_ID },
        api_app_id: "A0000001",
        token: "legacy-verification-token",
        container: { type: "message", message_ts: ts, channel_id: channel, is_ephemeral: false },
        trigger_id: `${Date.now()}.trigger`,
        channel: { id: channel, name: "markets" },
        ...(ts ? { message: { type: "message", ts, text: "answer", bot_id: "BBOT0001" } } : {}),
        response_url: responseUrl,
        actions: [
          {
            type: "button",
            action_id: button.action_id,
            block_id: "rb-row-0",
            value: button.value,
            text: { type: "plain_text", text: "x" },
            action_ts: `${Date.now() / 1000}`,
          },
        ],
      }),
    };
  }

  it("GIVEN /rotation 1m THEN the answer carries the period switcher (1m selected) and CSV", async () => {
    const { buttons } = await postRotation("C0BTN1");
    expect(buttons.map((b) => b.text.text)).toEqual(["1d", "5d", "1m", "ytd", "1y", "CSV"]);
    expect(buttons.find((b) => b.text.text === "1m")?.style).toBe("primary");
    for (const b of buttons) expect(b.value.length).toBeLessThanOrEqual(100);
  });

  it("GIVEN a press on ytd THEN acked, the message is updated in place with YTD figures and the chart replaced", async () => {
    const { ts, buttons } = await postRotation("C0BTN2");
    const oldFiles = h.fake
      .callsTo("files.completeUploadExternal")
      .filter((c) => c.params.channel_id === "C0BTN2");
    const oldIds = (JSON.parse(String(oldFiles[0]?.params.files)) as { id: string }[]).map((f) => f.id);
    const ytd = buttons.find((b) => b.text.text === "ytd") as Button;
    const { ack } = press("C0BTN2", ts, ytd);
    expect((await ack)?.envelopeId).toMatch(/^env-/);
    await h.fake.waitFor(() => h.fake.callsTo("chat.update").length > 0, 15_000, "chat.update");
    await h.slack.idle();
    const update = h.fake.callsTo("chat.update").find((c) => c.params.ts === ts);
    expect(update?.params.channel).toBe("C0BTN2");
    const blocks = blocksOf(update as never);
    expect(JSON.stringify(blocks)).toContain("Rotation YTD");
    // ^RUT YTD to 16 Jan 2026 from the fixture, the same as typing /rotation ytd.
    expect(buttonsOf(blocks).find((b) => b.text.text === "ytd")?.style).toBe("primary");
    // Only one message in the channel: updated, not a new post.
    expect(h.fake.messages.filter((m) => m.channel === "C0BTN2")).toHaveLength(1);
    expect(h.fake.messages.find((m) => m.ts === ts)?.updates).toBe(1);
    // A new chart uploaded, the old one deleted.
    expect(
      h.fake.callsTo("files.completeUploadExternal").filter((c) => c.params.channel_id === "C0BTN2"),
    ).toHaveLength(2);
    expect(h.fake.deletedFiles).toEqual(expect.arrayContaining(oldIds));
  });

  it("GIVEN the CSV button THEN the tables are uploaded as CSV in the answer's thread, with the Reply's figures", async () => {
    const { ts, buttons } = await postRotation("C0BTN3");
    const before = h.fake.uploads.length;
    const csv = buttons.find((b) => b.text.text === "CSV") as Button;
    press("C0BTN3", ts, csv);
    await h.fake.waitFor(
      () =>
        h.fake
          .callsTo("files.completeUploadExternal")
          .some((c) => c.params.channel_id === "C0BTN3" && c.params.thread_ts === ts),
      15_000,
      "the CSV upload",
    );
    // One file per table: the returns, then the History section's figures.
    const names = h.fake.callsTo("files.getUploadURLExternal").map((c) => c.params.filename);
    expect(names.slice(-2)).toEqual([
      "rotation-1m-2026-01-16-returns.csv",
      "rotation-1m-2026-01-16-history-not-a-forecast.csv",
    ]);
    const texts = h.fake.uploads.slice(before).map((u) => u.bytes.toString("utf8"));
    const content = texts.find((t) => t.includes("return_fraction")) ?? "";
    expect(texts.some((t) => t.includes("percentile_rank_fraction"))).toBe(true);
    expect(content.split("\n")[0]).toContain("as of: 2026-01-16");
    const rows = parse(content, { comment: "#", comment_no_infix: true }) as string[][];
    expect(rows[0]?.[2]).toBe("return_fraction");
    const rut = rows.find((r) => r[0] === "^RUT");
    // Full precision, the figure /rotation 1m computes (checked against its data in the CSV tests).
    expect(Number(rut?.[2])).toBeGreaterThan(-1);
    expect(rut?.[2]).toMatch(/^-?\d+\.\d{6,}/);
  });

  it("GIVEN a button from an answer more than 24 hours old THEN a private note offers a fresh answer, nothing is updated", async () => {
    const updates = h.fake.callsTo("chat.update").length;
    const old = encodePress({
      kind: "rerun",
      command: "rotation",
      text: "ytd",
      issuedAt: CLOCK.now() - 25 * 3_600_000,
    });
    const { responseUrl } = press("C0BTN4", "1700000000.000001", { action_id: "rb:0:3", value: old });
    const id = responseUrl.split("/").at(-1);
    await h.fake.waitFor(() => h.fake.responses.some((r) => r.id === id), 10_000, "the stale note");
    const note = h.fake.responses.find((r) => r.id === id);
    expect(note?.body.response_type).toBe("ephemeral");
    expect(String(note?.body.text)).toContain("25 hours old");
    const fresh = buttonsOf(blocksOf(note as never));
    expect(fresh.map((b) => b.text.text)).toEqual(["Fresh answer"]);
    expect(h.fake.callsTo("chat.update")).toHaveLength(updates);
    // The fresh-answer button posts a new answer in the channel.
    press("C0BTN4", undefined, fresh[0] as Button);
    await h.fake.waitFor(
      () => h.fake.messages.some((m) => m.channel === "C0BTN4"),
      15_000,
      "the fresh answer",
    );
  });

  it("GIVEN 11 presses in a minute by one user THEN the 11th gets a private note; another user still may press", async () => {
    const value = encodePress({ kind: "rerun", command: "rotation", text: "damaged", issuedAt: CLOCK.now() });
    // A value that fails parse(): each press is answered privately at once, without market data.
    const ids: string[] = [];
    for (let i = 0; i < 11; i++)
      ids.push(
        press("C0BTN5", undefined, { action_id: "rb:0:0", value }, "URATE")
          .responseUrl.split("/")
          .at(-1) as string,
      );
    await h.fake.waitFor(
      () => ids.every((id) => h.fake.responses.some((r) => r.id === id)),
      15_000,
      "11 notes",
    );
    const texts = ids.map((id) => String(h.fake.responses.find((r) => r.id === id)?.body.text));
    expect(texts.filter((t) => t.includes("more than 10 button presses"))).toHaveLength(1);
    expect(
      texts
        .filter((t) => !t.includes("more than 10 button presses"))
        .every((t) => /period|understand|Try/i.test(t)),
    ).toBe(true);
    const other = press("C0BTN5", undefined, { action_id: "rb:0:0", value }, "UOTHER")
      .responseUrl.split("/")
      .at(-1);
    await h.fake.waitFor(() => h.fake.responses.some((r) => r.id === other), 10_000, "the other user's note");
    expect(String(h.fake.responses.find((r) => r.id === other)?.body.text)).not.toContain("more than 10");
  });

  it("GIVEN a forged button value THEN a private note, nothing run", async () => {
    const { responseUrl } = press("C0BTN6", undefined, {
      action_id: "rb:0:0",
      value: "r:subscribe:zz:everything",
    });
    const id = responseUrl.split("/").at(-1);
    await h.fake.waitFor(() => h.fake.responses.some((r) => r.id === id), 10_000, "the note");
    expect(String(h.fake.responses.find((r) => r.id === id)?.body.text)).toContain("not one I made");
  });
});

describe("Slack buttons over signed HTTP", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({ mode: "http" });
  });
  afterAll(async () => {
    await h.close();
  });

  it("GIVEN a signed block_actions request THEN 200 at once, then the message is updated in place", async () => {
    const payload = h.payload("/rotation", "1m", { channel_id: "C0HTTPBTN" });
    await fetch(`${h.appUrl}/slack/events`, {
      method: "POST",
      headers: signatureHeaders(new URLSearchParams(payload).toString()),
      body: new URLSearchParams(payload).toString(),
    });
    await h.fake.waitFor(() => h.fake.messages.some((m) => m.channel === "C0HTTPBTN"), 15_000, "the answer");
    await h.slack.idle();
    const post = h.fake.callsTo("chat.postMessage").find((c) => c.params.channel === "C0HTTPBTN");
    const ts = h.fake.messages.find((m) => m.channel === "C0HTTPBTN")?.ts as string;
    const button = buttonsOf(blocksOf(post as never)).find((b) => b.text.text === "5d") as Button;
    const res = await postInteractive(h.appUrl, {
      type: "block_actions",
      team: { id: TEAM_ID, domain: "fake" },
      user: { id: "U0000001", username: "trader", team_id: TEAM_ID },
      api_app_id: "A0000001",
      token: "legacy-verification-token",
      container: { type: "message", message_ts: ts, channel_id: "C0HTTPBTN", is_ephemeral: false },
      trigger_id: "1.trigger",
      channel: { id: "C0HTTPBTN", name: "markets" },
      message: { type: "message", ts, text: "answer" },
      response_url: h.fake.responseUrl(),
      actions: [
        {
          type: "button",
          action_id: button.action_id,
          block_id: "rb-row-0",
          value: button.value,
          action_ts: "1",
        },
      ],
    });
    expect(res.status).toBe(200);
    await h.fake.waitFor(
      () => h.fake.callsTo("chat.update").some((c) => c.params.ts === ts),
      15_000,
      "chat.update",
    );
    const update = h.fake.callsTo("chat.update").find((c) => c.params.ts === ts);
    expect(JSON.stringify(blocksOf(update as never))).toContain("Rotation 5d (5 sessions)");
  });
});
