/**
 * GIVEN commands that take a while THEN the user sees a private "Working on it…" note, progress
 * updates within response_url's budget of 5, and the note is cleared or replaced by the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands as registry } from "../../../src/commands/index.ts";
import { defineCommand } from "../../../src/core/command.ts";
import { makeReply } from "../../../src/core/reply.ts";
import { postSlashCommand } from "../../fakes/slack/sign.ts";
import { type SlackHarness, startHarness } from "./harness.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Not flagged slow, but takes 400 ms and reports progress ten times. */
const crunch = defineCommand<{ visibility: "public" | "private" }>({
  name: "crunch",
  description: "test: a long computation",
  usage: "[private]",
  examples: ["/crunch"],
  options: [],
  parse: (text) => ({ visibility: text === "private" ? "private" : "public" }),
  async run(args, ctx) {
    for (let i = 1; i <= 10; i++) {
      await sleep(40);
      ctx.progress?.({ message: "crunching members", done: i * 100, total: 1000 });
    }
    return makeReply([{ type: "text", text: "crunched" }], {}, { visibility: args.visibility });
  },
});

describe("interim notes for slow answers", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({ commands: [...registry, crunch], slowAfterMs: 20, progressIntervalMs: 50 });
  });
  afterAll(async () => {
    await h.close();
  });
  const responsesTo = (payload: Record<string, string>) =>
    h.fake.responses.filter((r) => payload.response_url?.endsWith(`/response/${r.id}`));

  it("GIVEN a public answer THEN working note, throttled progress, the post, then the note deleted", async () => {
    const payload = h.payload("/crunch", "", { channel_id: "C0CRUNCH" });
    expect((await postSlashCommand(h.appUrl, payload)).status).toBe(200);
    await h.fake.waitFor(
      () => h.fake.callsTo("chat.postMessage").some((c) => c.params.channel === "C0CRUNCH"),
      5000,
    );
    await h.slack.idle();
    const notes = responsesTo(payload).map((r) => r.body);
    expect(notes.length).toBeLessThanOrEqual(5);
    expect(notes[0]).toMatchObject({ response_type: "ephemeral", text: "Working on /crunch…" });
    const progress = notes.filter((n) => String(n.text).includes("crunching members"));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.every((n) => n.replace_original === true)).toBe(true);
    expect(String(progress[0]?.text)).toMatch(/\(\d{3} of 1,000\)…$/);
    expect(notes.at(-1)).toEqual({ delete_original: true });
  });

  it("GIVEN a private answer THEN it replaces the working note", async () => {
    const payload = h.payload("/crunch", "private");
    expect((await postSlashCommand(h.appUrl, payload)).status).toBe(200);
    await h.fake.waitFor(() => responsesTo(payload).some((r) => String(r.body.text) === "crunched"), 5000);
    await h.slack.idle();
    const notes = responsesTo(payload).map((r) => r.body);
    expect(notes.length).toBeLessThanOrEqual(5);
    expect(notes.at(-1)).toMatchObject({
      response_type: "ephemeral",
      replace_original: true,
      text: "crunched",
    });
  });

  it("GIVEN a fast answer THEN no working note at all", async () => {
    const payload = h.payload("/help");
    await postSlashCommand(h.appUrl, payload);
    await h.fake.waitFor(() => responsesTo(payload).length > 0, 5000);
    await h.slack.idle();
    expect(responsesTo(payload)).toHaveLength(1);
    expect(String(responsesTo(payload)[0]?.body.text)).not.toContain("Working on");
  });
});
