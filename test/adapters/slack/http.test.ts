/**
 * GIVEN the real Bolt app in HTTP mode, its Web API pointed at the fake Slack
 * WHEN signed slash commands arrive THEN they are acknowledged at once and answered in the right place.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { postReply } from "../../../src/adapters/slack/index.ts";
import { makeReply } from "../../../src/core/reply.ts";
import { blocksOf } from "../../fakes/slack/fake-slack.ts";
import { postSlashCommand, SIGNING_SECRET } from "../../fakes/slack/sign.ts";
import { BOT_TOKEN, type SlackHarness, startHarness } from "./harness.ts";

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe("Slack app over HTTP", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({ mode: "http" });
  });
  afterAll(async () => {
    await h.close();
  });
  // Each test's answers are finished before the next one injects failures.
  afterEach(() => h.slack.idle());

  const posts = () => h.fake.callsTo("chat.postMessage");
  const responsesTo = (payload: Record<string, string>) =>
    h.fake.responses.filter((r) => payload.response_url?.endsWith(`/response/${r.id}`));

  it("GIVEN a signed /help THEN acks with 200 and answers privately through response_url", async () => {
    const before = posts().length;
    const payload = h.payload("/help");
    const res = await postSlashCommand(h.appUrl, payload);
    expect(res.status).toBe(200);
    await h.fake.waitFor(() => responsesTo(payload).length > 0, 5000, "the /help answer");
    const [answer] = responsesTo(payload);
    expect(answer?.body.response_type).toBe("ephemeral");
    const blocks = blocksOf(answer as never);
    expect(blocks[0]).toMatchObject({
      type: "header",
      text: { type: "plain_text", text: "rotation-bot commands" },
    });
    expect(JSON.stringify(blocks)).toContain("/rotation [period]");
    expect(String(answer?.body.text)).toContain("rotation-bot commands");
    await h.slack.idle();
    expect(posts().length).toBe(before);
  });

  // Ack latency itself is measured by bench/slack.ts; here: the ack comes before any answer.
  it("GIVEN a signed /rotation ytd THEN acks before answering, then posts Block Kit and the chart PNG in the same channel", async () => {
    const payload = h.payload("/rotation", "ytd", { channel_id: "C0ROTATE" });
    const res = await postSlashCommand(h.appUrl, payload);
    expect(res.status).toBe(200);
    expect(posts().some((c) => c.params.channel === "C0ROTATE")).toBe(false);
    await h.fake.waitFor(
      () => h.fake.callsTo("files.completeUploadExternal").length > 0,
      15_000,
      "the chart",
    );
    await h.slack.idle();

    // /rotation is slow: the user saw a private "Working on it" first.
    expect(responsesTo(payload)[0]?.body).toMatchObject({ response_type: "ephemeral" });
    expect(String(responsesTo(payload)[0]?.body.text)).toContain("Working on /rotation");

    const post = posts().find((c) => c.params.channel === "C0ROTATE");
    expect(post?.token).toBe(BOT_TOKEN);
    expect(String(post?.params.text)).toMatch(/\S/);
    const blocks = blocksOf(post as never);
    expect(blocks[0]?.type).toBe("header");
    // The footer (source, as-of) closes the answer; only its buttons come after it.
    expect(blocks.filter((b) => b.type !== "actions").at(-1)?.type).toBe("context");
    expect(blocks.at(-1)?.type).toBe("actions");
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(blocks)).toMatch(/\+313 bp/);

    const [urlCall] = h.fake.callsTo("files.getUploadURLExternal");
    expect(urlCall?.params.filename).toMatch(/\.png$/);
    const upload = h.fake.uploads.at(-1);
    expect(upload?.bytes.subarray(0, 4).equals(PNG_MAGIC)).toBe(true);
    expect(Number(urlCall?.params.length)).toBe(upload?.bytes.length);
    const complete = h.fake.callsTo("files.completeUploadExternal").at(-1);
    expect(complete?.params.channel_id).toBe("C0ROTATE");
    expect(JSON.parse(String(complete?.params.files))[0].id).toBe(upload?.fileId);
  });

  it("GIVEN a bad signature THEN 401 and nothing is posted or answered", async () => {
    const calls = h.fake.calls.length;
    const payload = h.payload("/help");
    const res = await postSlashCommand(h.appUrl, payload, { secret: "not-the-secret" });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.fake.calls.length).toBe(calls);
    expect(responsesTo(payload)).toEqual([]);
  });

  it("GIVEN a timestamp older than 5 minutes THEN 401, even with a valid signature for it", async () => {
    const payload = h.payload("/help");
    const stale = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await postSlashCommand(h.appUrl, payload, { secret: SIGNING_SECRET, timestamp: stale });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 200));
    expect(responsesTo(payload)).toEqual([]);
  });

  it("GIVEN a retried delivery (same trigger_id, x-slack-retry-num) THEN acked but never posted twice", async () => {
    const payload = h.payload("/rotation", "1m", { channel_id: "C0RETRY" });
    expect((await postSlashCommand(h.appUrl, payload)).status).toBe(200);
    const retry = await postSlashCommand(h.appUrl, payload, {
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(retry.status).toBe(200);
    await h.fake.waitFor(() => posts().some((c) => c.params.channel === "C0RETRY"), 15_000, "the post");
    await h.slack.idle();
    expect(posts().filter((c) => c.params.channel === "C0RETRY")).toHaveLength(1);
    // The retry headers reached the handler: the dropped copy is logged as retry 1.
    const ignored = h.logger.lines.find((l) => l.msg === "repeated delivery ignored");
    expect(ignored?.obj).toMatchObject({ channel: "C0RETRY", retry: 1 });
  });

  it("serves /health alongside the events endpoint", async () => {
    const res = await fetch(`${h.appUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("ok");
  });

  it("GIVEN the bot is not in the channel THEN the user privately gets what to do and the answer", async () => {
    h.fake.fail("chat.postMessage", "not_in_channel", 1);
    const uploads = h.fake.callsTo("files.getUploadURLExternal").length;
    const payload = h.payload("/rotation", "ytd", { channel_id: "C0NOTMEMBER" });
    expect((await postSlashCommand(h.appUrl, payload)).status).toBe(200);
    await h.fake.waitFor(() => responsesTo(payload).length >= 2, 15_000, "the private answer");
    await h.slack.idle();
    const last = responsesTo(payload).at(-1);
    expect(last?.body.response_type).toBe("ephemeral");
    const shown = JSON.stringify(blocksOf(last as never));
    expect(shown).toContain("/invite <@UBOT0001>");
    expect(shown).toContain("+313 bp");
    expect(h.fake.callsTo("files.getUploadURLExternal").length).toBe(uploads);
  });

  it("GIVEN a user error (/rotation 7q) THEN an ephemeral says what to type and nothing reaches the channel", async () => {
    const before = posts().length;
    const payload = h.payload("/rotation", "7q");
    expect((await postSlashCommand(h.appUrl, payload)).status).toBe(200);
    await h.fake.waitFor(() => responsesTo(payload).some((r) => String(r.body.text).includes("Try:")), 5000);
    await h.slack.idle();
    const answer = responsesTo(payload).find((r) => String(r.body.text).includes("Try:"));
    expect(answer?.body.response_type).toBe("ephemeral");
    expect(String(answer?.body.text)).toContain("/rotation ytd");
    expect(posts().length).toBe(before);
  });

  it("GIVEN a command from a thread THEN the answer and the chart go into that thread", async () => {
    const payload = h.payload("/rotation", "5d", { channel_id: "C0THREAD", thread_ts: "1699999999.000100" });
    expect((await postSlashCommand(h.appUrl, payload)).status).toBe(200);
    await h.fake.waitFor(
      () => h.fake.callsTo("files.completeUploadExternal").some((c) => c.params.channel_id === "C0THREAD"),
      15_000,
    );
    const post = posts().find((c) => c.params.channel === "C0THREAD");
    expect(post?.params.thread_ts).toBe("1699999999.000100");
    const complete = h.fake
      .callsTo("files.completeUploadExternal")
      .find((c) => c.params.channel_id === "C0THREAD");
    expect(complete?.params.thread_ts).toBe("1699999999.000100");
  });

  it("GIVEN Slack rejects the blocks THEN the text version is posted instead", async () => {
    h.fake.fail("chat.postMessage", "invalid_blocks", 1);
    const payload = h.payload("/rotation", "ytd", { channel_id: "C0TEXTONLY" });
    expect((await postSlashCommand(h.appUrl, payload)).status).toBe(200);
    await h.fake.waitFor(() => posts().filter((c) => c.params.channel === "C0TEXTONLY").length === 2, 15_000);
    const [first, second] = posts().filter((c) => c.params.channel === "C0TEXTONLY");
    expect(first?.params.blocks).toBeDefined();
    expect(second?.params.blocks).toBeUndefined();
    expect(String(second?.params.text)).toContain("+313 bp");
  });

  it("GIVEN the chart cannot be shared THEN the message stays and the user is told why, privately", async () => {
    h.fake.fail("files.completeUploadExternal", "missing_scope", 1, { needed: "files:write" });
    const payload = h.payload("/rotation", "ytd", { channel_id: "C0NOFILES" });
    expect((await postSlashCommand(h.appUrl, payload)).status).toBe(200);
    await h.fake.waitFor(
      () => responsesTo(payload).some((r) => String(r.body.text).includes("chart")),
      15_000,
    );
    expect(posts().some((c) => c.params.channel === "C0NOFILES")).toBe(true);
    const note = responsesTo(payload).find((r) => String(r.body.text).includes("chart"));
    expect(note?.body.response_type).toBe("ephemeral");
    expect(String(note?.body.text)).toMatch(/could not be shared.*files:write.*reinstall/);
  });

  it("GIVEN hostile text THEN the private answer cannot mention anyone", async () => {
    const payload = h.payload("/help", "<!channel> *x*");
    expect((await postSlashCommand(h.appUrl, payload)).status).toBe(200);
    await h.fake.waitFor(() => responsesTo(payload).length > 0, 5000);
    const shown = JSON.stringify(responsesTo(payload)[0]?.body);
    expect(shown).not.toContain("<!channel>");
    expect(shown).not.toContain("<!");
  });

  it("postReply through clientFor() posts a scheduled Reply with the bot token, and reports refusals", async () => {
    const client = await h.slack.clientFor();
    const reply = makeReply(
      [
        { type: "title", text: "Morning brief" },
        { type: "footer", text: "as of" },
      ],
      {},
    );
    const ok = await postReply(client, { channel: "C0BRIEF", threadTs: "1.2" }, reply);
    expect(ok).toMatchObject({ ok: true, files: [] });
    const post = posts().find((c) => c.params.channel === "C0BRIEF");
    expect(post?.token).toBe(BOT_TOKEN);
    expect(post?.params.thread_ts).toBe("1.2");
    h.fake.fail("chat.postMessage", "is_archived", 1);
    const refused = await postReply(client, { channel: "C0GONE" }, reply);
    expect(refused).toMatchObject({ ok: false, failure: { code: "is_archived" } });
    expect(refused.ok ? "" : refused.failure.advice).toMatch(/archived/);
  });

  it("never writes a token or the signing secret to the logs", async () => {
    await h.slack.idle();
    const text = h.logger.text();
    expect(text).not.toContain(BOT_TOKEN);
    expect(text).not.toContain(SIGNING_SECRET);
  });
});
