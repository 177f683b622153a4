/**
 * GIVEN the real Bolt app in Socket Mode and a /quote or /breadth answer in a channel
 * WHEN its Refresh or index button is pressed (block_actions) THEN the same message is rewritten
 * in place (chat.update) with the figures the command gives for the new arguments, and its
 * buttons follow (the index shown is highlighted).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createMemberLists } from "../../../src/adapters/members/index.ts";
import { blocksOf, TEAM_ID } from "../../fakes/slack/fake-slack.ts";
import { CLOCK, FIXTURE_DIR, type SlackHarness, startHarness } from "./harness.ts";

type Button = { action_id: string; value: string; text: { text: string }; style?: string };

function buttonsOf(blocks: Record<string, unknown>[]): Button[] {
  return blocks.filter((b) => b.type === "actions").flatMap((b) => (b as { elements: Button[] }).elements);
}

describe("Slack Refresh and index buttons", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({
      mode: "socket",
      // The fixture's RUT and NDX member lists, for /breadth.
      before: async (services) => {
        Object.assign(services, {
          members: createMemberLists(
            { csvDir: FIXTURE_DIR },
            { store: services.store, clock: CLOCK, logger: services.logger },
          ),
        });
      },
    });
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => h.slack.idle());

  /** Posts `/<command> <text>` into `channel`; resolves with the message's ts, blocks and buttons. */
  async function answer(command: string, text: string, channel: string) {
    await h.socket?.sendSlashCommand(h.payload(`/${command}`, text, { channel_id: channel }));
    await h.fake.waitFor(() => h.fake.messages.some((m) => m.channel === channel), 20_000, "the answer");
    await h.slack.idle();
    const post = h.fake.callsTo("chat.postMessage").find((c) => c.params.channel === channel);
    const blocks = blocksOf(post as never);
    const ts = h.fake.messages.find((m) => m.channel === channel)?.ts as string;
    return { ts, blocks, buttons: buttonsOf(blocks) };
  }

  function press(channel: string, ts: string, button: Button) {
    return h.socket?.sendInteractive({
      type: "block_actions",
      team: { id: TEAM_ID, domain: "fake" },
      user: { id: "U0000002", username: "analyst", team_id: TEAM_ID },
      api_app_id: "A0000001",
      token: "legacy-verification-token",
      container: { type: "message", message_ts: ts, channel_id: channel, is_ephemeral: false },
      trigger_id: `${Date.now()}.trigger`,
      channel: { id: channel, name: "markets" },
      message: { type: "message", ts, text: "answer", bot_id: "BBOT0001" },
      response_url: h.fake.responseUrl(),
      actions: [
        {
          type: "button",
          action_id: button.action_id,
          block_id: "rb-row-1",
          value: button.value,
          text: { type: "plain_text", text: button.text.text },
          action_ts: `${Date.now() / 1000}`,
        },
      ],
    });
  }

  async function updated(channel: string, ts: string) {
    await h.fake.waitFor(
      () => h.fake.callsTo("chat.update").some((c) => c.params.channel === channel && c.params.ts === ts),
      20_000,
      "chat.update",
    );
    await h.slack.idle();
    return blocksOf(h.fake.callsTo("chat.update").find((c) => c.params.ts === ts) as never);
  }

  it("GIVEN /quote IWM SPY THEN Refresh rewrites the message with the same figures and keeps its buttons", async () => {
    const first = await answer("quote", "IWM SPY", "C0QREF");
    expect(first.buttons.map((b) => b.text.text)).toEqual(["Refresh", "CSV"]);
    const refresh = first.buttons.find((b) => b.text.text === "Refresh") as Button;
    expect((await press("C0QREF", first.ts, refresh))?.envelopeId).toMatch(/^env-/);
    const blocks = await updated("C0QREF", first.ts);
    // As of the fixture's close, refreshing gives the same table: proof it is /quote IWM SPY again.
    const tableOf = (b: Record<string, unknown>[]) =>
      JSON.stringify(b.filter((x) => x.type !== "actions" && x.type !== "context"));
    expect(tableOf(blocks)).toBe(tableOf(first.blocks));
    expect(JSON.stringify(blocks)).toContain("Quotes: IWM SPY");
    expect(buttonsOf(blocks).map((b) => b.text.text)).toEqual(["Refresh", "CSV"]);
    expect(h.fake.messages.filter((m) => m.channel === "C0QREF")).toHaveLength(1);
    expect(h.fake.messages.find((m) => m.ts === first.ts)?.updates).toBe(1);
  });

  it("GIVEN /breadth RUT THEN the index switcher shows RUT SPX NDX with RUT highlighted, and NDX rewrites the message with NDX breadth", async () => {
    const first = await answer("breadth", "RUT", "C0BRD");
    const switcher = first.buttons.filter((b) => ["RUT", "SPX", "NDX"].includes(b.text.text));
    expect(switcher.map((b) => b.text.text)).toEqual(["RUT", "SPX", "NDX"]);
    expect(switcher.find((b) => b.text.text === "RUT")?.style).toBe("primary");
    expect(switcher.find((b) => b.text.text === "NDX")?.style).toBeUndefined();
    expect(JSON.stringify(first.blocks)).toContain("Russell 2000");

    await press("C0BRD", first.ts, switcher.find((b) => b.text.text === "NDX") as Button);
    const blocks = await updated("C0BRD", first.ts);
    const text = JSON.stringify(blocks);
    expect(text).toContain("Nasdaq-100");
    expect(text).not.toContain("Russell 2000");
    const after = buttonsOf(blocks).filter((b) => ["RUT", "SPX", "NDX"].includes(b.text.text));
    expect(after.find((b) => b.text.text === "NDX")?.style).toBe("primary");
    expect(after.find((b) => b.text.text === "RUT")?.style).toBeUndefined();
    expect(h.fake.messages.filter((m) => m.channel === "C0BRD")).toHaveLength(1);
  });
});
