/**
 * GIVEN a response_url (5 messages at most) THEN notes keep two uses for the answer, progress is
 * throttled, and a dropped connection is retried once while a refusal is not.
 */
import { describe, expect, it } from "vitest";
import { InterimNote, type RespondMessage, ResponseChannel } from "../../../src/adapters/slack/interim.ts";
import { silentLogger } from "../../../src/core/ports.ts";

function recorder(failures: Error[] = []) {
  const sent: RespondMessage[] = [];
  const respond = async (m: RespondMessage) => {
    const failure = failures.shift();
    if (failure) throw failure;
    sent.push(m);
  };
  return { sent, channel: new ResponseChannel(respond, silentLogger) };
}

describe("ResponseChannel and InterimNote", () => {
  it("GIVEN endless progress THEN at most 3 notes, leaving 2 of the 5 uses for the answer", async () => {
    let now = 0;
    const { sent, channel } = recorder();
    const note = new InterimNote(channel, "/breadth", { intervalMs: 10, now: () => now });
    note.show();
    for (let i = 0; i < 50; i++) {
      now += 11;
      note.progress({ message: "pricing members", done: i, total: 50 });
    }
    await note.close();
    expect(sent).toHaveLength(3);
    expect(channel.remaining).toBe(2);
    expect(sent[0]?.text).toBe("Working on /breadth…");
    expect(sent[1]).toMatchObject({
      replace_original: true,
      text: "Working on /breadth: pricing members (0 of 50)…",
    });
  });

  it("GIVEN progress faster than the interval THEN it is skipped", async () => {
    let now = 0;
    const { sent, channel } = recorder();
    const note = new InterimNote(channel, "/x", { intervalMs: 1000, now: () => now });
    note.show();
    now += 10;
    note.progress({ message: "a" });
    await note.close();
    expect(sent).toHaveLength(1);
  });

  it("GIVEN what the command waits for THEN the note says it, at once or once the interval has passed", async () => {
    const first = recorder();
    const quiet = new InterimNote(first.channel, "/quote", { intervalMs: 30 });
    quiet.progress({ message: "waiting for Yahoo Finance, attempt 2 of 3" });
    await quiet.close();
    expect(first.sent.map((m) => m.text)).toEqual([
      "Working on /quote: waiting for Yahoo Finance, attempt 2 of 3…",
    ]);

    const second = recorder();
    const shown = new InterimNote(second.channel, "/rotation", { intervalMs: 30 });
    shown.show();
    // Too soon after "Working on": held, and shown when the interval has passed.
    shown.progress({ message: "waiting for Yahoo Finance, attempt 2 of 3" });
    await new Promise((r) => setTimeout(r, 80));
    await shown.close();
    expect(second.sent.map((m) => m.text)).toEqual([
      "Working on /rotation…",
      "Working on /rotation: waiting for Yahoo Finance, attempt 2 of 3…",
    ]);
  });

  it("GIVEN a dropped connection THEN one retry delivers the message", async () => {
    const { sent, channel } = recorder([new TypeError("fetch failed")]);
    expect(await channel.send({ text: "answer" })).toBe(true);
    expect(sent).toEqual([{ text: "answer" }]);
  });

  it("GIVEN Slack refuses (e.g. an expired URL) THEN no retry, and false", async () => {
    const { sent, channel } = recorder([new Error("Failed to respond to the response_url: 404")]);
    expect(await channel.send({ text: "answer" })).toBe(false);
    expect(sent).toEqual([]);
  });

  it("GIVEN the budget is spent THEN nothing more is sent", async () => {
    const { sent, channel } = recorder();
    for (let i = 0; i < 7; i++) await channel.send({ text: `m${i}` });
    expect(sent).toHaveLength(5);
  });
});
