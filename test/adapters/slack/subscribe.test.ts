/**
 * /subscribe on the real Slack app (Bolt, HTTP mode) against the fake Slack: workspace admins
 * and the channel's creator may subscribe a channel (the creator only while
 * SUBSCRIBE_ALLOW_CHANNEL_CREATOR is on); anyone else is refused privately and nothing is stored.
 */
import { afterEach, describe, expect, it } from "vitest";
import { SubscriptionStore } from "../../../src/core/subscriptions/store.ts";
import { postSlashCommand } from "../../fakes/slack/sign.ts";
import { type SlackHarness, startHarness } from "./harness.ts";

const CHANNEL = "C0SUBS01";

async function subscribeAs(
  h: SlackHarness,
  userId: string,
  command = "/subscribe",
  text = "brief 08:30 America/New_York",
): Promise<"posted" | string> {
  const payload = h.payload(command, text, { user_id: userId, channel_id: CHANNEL });
  const posts = h.fake.callsTo("chat.postMessage").length;
  await postSlashCommand(h.appUrl, payload);
  const mine = () => h.fake.responses.find((r) => payload.response_url?.endsWith(`/response/${r.id}`));
  await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage").length > posts || mine() !== undefined);
  await h.slack.idle();
  return h.fake.callsTo("chat.postMessage").length > posts ? "posted" : String(mine()?.body.text);
}

describe("who may subscribe a Slack channel", () => {
  let h: SlackHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("GIVEN a workspace admin or the channel's creator THEN subscribed; anyone else THEN refused", async () => {
    h = await startHarness();
    h.fake.admins.add("U0ADMIN");
    h.fake.channelCreators.set(CHANNEL, "U0CREATOR");
    expect(await subscribeAs(h, "U0MEMBER")).toContain("Only people who manage this channel");
    expect(await new SubscriptionStore(h.services.store).all()).toEqual([]);
    expect(await subscribeAs(h, "U0CREATOR")).toBe("posted");
    expect(await subscribeAs(h, "U0ADMIN")).toBe("posted");
    const subs = await new SubscriptionStore(h.services.store).all();
    expect(subs.map((s) => [s.platform, s.workspaceId, s.channelId, s.time, s.createdBy])).toEqual([
      ["slack", "T0000001", CHANNEL, "08:30", "U0CREATOR"],
    ]);
    const text = String(h.fake.callsTo("chat.postMessage").at(-1)?.params.text);
    expect(text).toContain(
      "Changed: this channel now gets the morning brief every NYSE trading day at 08:30",
    );
    expect(h.fake.callsTo("conversations.info").at(-1)?.params.channel).toBe(CHANNEL);
    // The whole workspace's list is for workspace admins; the creator manages only the channel.
    expect(await subscribeAs(h, "U0CREATOR", "/subscriptions", "all")).toContain("Only people who manage");
    expect(await subscribeAs(h, "U0ADMIN", "/subscriptions", "all")).toContain(
      `channel ${CHANNEL}: morning brief`,
    );
    // Anyone sees what the channel gets (Slack's rendering guards the zone's underscore).
    expect(await subscribeAs(h, "U0MEMBER", "/subscriptions", "")).toMatch(
      /morning brief at 08:30 America\/New.York; next post Tue 20 Jan 2026/,
    );
  });

  it("GIVEN SUBSCRIBE_ALLOW_CHANNEL_CREATOR off THEN the creator is refused and Slack is not asked", async () => {
    h = await startHarness({ allowChannelCreator: false });
    h.fake.channelCreators.set(CHANNEL, "U0CREATOR");
    expect(await subscribeAs(h, "U0CREATOR")).toContain("Only people who manage this channel");
    expect(h.fake.callsTo("conversations.info")).toHaveLength(0);
  });
});
