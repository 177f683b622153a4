/**
 * GIVEN the real Bolt app in Socket Mode WHEN the link drops and Slack stays unreachable for longer
 * than the Web API's own retries (apps.connections.open answering 503) THEN the app keeps trying,
 * reconnects once Slack is back, and answers commands again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blocksOf } from "../../fakes/slack/fake-slack.ts";
import { type SlackHarness, startHarness } from "./harness.ts";

describe("Slack Socket Mode reconnects", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({ mode: "socket" });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("GIVEN a dropped link and 4 failed reconnect calls THEN it reconnects and answers /help", async () => {
    const socket = h.socket;
    if (!socket) throw new Error("socket harness expected");
    await socket.waitForConnection(1);
    // More failures than the Web API's retries (2): before the fix the client gave up for good.
    h.fake.failHttp("apps.connections.open", 503, 4);
    const opens = h.fake.callsTo("apps.connections.open").length;
    socket.dropClient();
    // The client waits 5 s before its first attempt, then backs off between failures.
    await socket.waitForConnection(2, 30_000);
    expect(h.fake.callsTo("apps.connections.open").length).toBe(opens + 5);

    const payload = h.payload("/help");
    await socket.sendSlashCommand(payload);
    await h.fake.waitFor(
      () => h.fake.responses.some((r) => payload.response_url?.endsWith(`/response/${r.id}`)),
      5000,
      "the /help answer after the reconnect",
    );
    const answer = h.fake.responses.find((r) => payload.response_url?.endsWith(`/response/${r.id}`));
    expect(JSON.stringify(blocksOf(answer as never))).toContain("rotation-bot commands");
  }, 40_000);
});
