/**
 * GIVEN the real Bolt app in Socket Mode, a workspace with brief subscriptions and alerts in the
 * store, and the latest brief WHEN someone opens the App Home tab (app_home_opened over the
 * socket) THEN views.publish draws it for them: the entries of their channels with their state and
 * last firing, and the brief with its source and as-of; within Slack's view limits; redrawn for
 * recent viewers when a command changes the subscriptions.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AlertStore } from "../../../src/core/alerts/store.ts";
import { saveLatestBrief } from "../../../src/core/brief/latest.ts";
import { silentLogger } from "../../../src/core/ports.ts";
import { makeReply } from "../../../src/core/reply.ts";
import { subscriptionId } from "../../../src/core/subscriptions/model.ts";
import { SubscriptionStore } from "../../../src/core/subscriptions/store.ts";
import { type PublishedView, TEAM_ID } from "../../fakes/slack/fake-slack.ts";
import { appHomeOpened, eventCallback } from "../../fakes/slack/events.ts";
import { CLOCK, type SlackHarness, startHarness } from "./harness.ts";

const brief = (channelId: string, time = "08:30", team = TEAM_ID) => ({
  id: subscriptionId("slack", team, channelId, "brief"),
  platform: "slack" as const,
  workspaceId: team,
  channelId,
  kind: "brief" as const,
  time,
  zone: "America/New_York",
  createdBy: "U0ADMIN",
  createdAt: CLOCK.now(),
  updatedAt: CLOCK.now(),
});

describe("Slack App Home", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({
      mode: "socket",
      before: async (services) => {
        const subs = new SubscriptionStore(services.store, { verifyAfterMs: 0 });
        await subs.save(brief("C0HOME1"));
        await subs.save(brief("C0PAUSED", "09:15"));
        await subs.saveState(subscriptionId("slack", TEAM_ID, "C0PAUSED", "brief"), {
          failures: 3,
          pausedAt: CLOCK.now() - 3_600_000,
          lastError: { code: "not_in_channel", message: "the bot is not a member", at: 0, permanent: true },
        });
        await subs.save(brief("C0SECRET", "07:00"));
        // Another workspace's subscription never shows here.
        await subs.save(brief("C0ELSEWHERE", "08:00", "T0OTHER"));
        const alerts = new AlertStore(services.store, { verifyAfterMs: 0 });
        const channel = { platform: "slack" as const, workspaceId: TEAM_ID, channelId: "C0HOME1" };
        await alerts.update(channel, (c) => ({
          next: {
            ...c,
            nextId: 3,
            alerts: [
              { id: 1, spec: { kind: "record", symbol: "^RUT" }, createdBy: "U0ADMIN", createdAt: 0 },
              { id: 2, spec: { kind: "mcclellan", index: "SPX" }, createdBy: "U0ADMIN", createdAt: 0 },
            ],
          },
          result: undefined,
        }));
        await alerts.saveState("slack:T0000001:C0HOME1", 1, () => ({
          lastFired: { session: "2026-01-15", at: 0, figure: "2,600.00" },
        }));
        await saveLatestBrief(
          services.store,
          {
            session: "2026-01-16",
            now: CLOCK.now() - 2 * 3_600_000,
            reply: makeReply(
              [
                { type: "title", text: "Morning brief: close of Fri 16 Jan 2026" },
                { type: "text", text: "YTD: Broadening." },
                { type: "footer", text: "Source: CSV folder closes · as of close Fri 16 Jan 2026" },
              ],
              {},
            ),
          },
          silentLogger,
        );
      },
    });
    h.fake.memberships.set("U0MEMBER", ["C0HOME1", "C0PAUSED", "C0OTHER"]);
    h.fake.admins.add("U0ADMIN");
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => h.slack.idle());

  const viewsFor = (user: string) => h.fake.views.filter((v) => v.userId === user);
  const textOf = (v: PublishedView | undefined) => JSON.stringify(v?.view.blocks ?? []);

  async function open(user: string, tab: "home" | "messages" = "home"): Promise<PublishedView | undefined> {
    const before = viewsFor(user).length;
    await h.socket?.sendEvent(eventCallback(appHomeOpened(user, tab)) as never);
    if (tab === "messages") return undefined;
    await h.fake.waitFor(() => viewsFor(user).length > before, 10_000, `the Home view for ${user}`);
    return viewsFor(user).at(-1);
  }

  it("GIVEN a member opens the Home THEN their channels' subscriptions and alerts, with state, and the latest brief", async () => {
    const view = await open("U0MEMBER");
    expect(view?.view.type).toBe("home");
    const text = textOf(view);
    expect(text).toContain("<#C0HOME1>* · 08:30 America/New_York · *active*");
    expect(text).toContain("<#C0PAUSED>* · 09:15 America/New_York · *paused*");
    expect(text).toMatch(/PAUSED 1 h 0 min ago after 3 failed posts/);
    expect(text).toMatch(/next post Tue 20 Jan 2026, 08:30 America\/New.York/);
    // Alerts: the channel's state and each alert's last firing.
    expect(text).toContain("<#C0HOME1>* · 2 alerts · *active*");
    expect(text).toContain("#1 record ^RUT (Russell 2000) · last fired 15 Jan 2026 (2,600.00)");
    expect(text).toContain("#2 mcclellan SPX: oscillator changes sign · last fired never");
    // A channel they are not in, and another workspace: not listed, the first one counted.
    expect(text).not.toContain("C0SECRET");
    expect(text).not.toContain("C0ELSEWHERE");
    expect(text).toContain("1 more subscription or alert channel in channels you are not in is not shown");
    // The brief as its message reads, with its source and as-of.
    expect(text).toContain("Morning brief: close of Fri 16 Jan 2026");
    expect(text).toContain("Computed 2 h 0 min ago");
    expect(text).toContain("Source: CSV folder closes · as of close Fri 16 Jan 2026");
    expect(h.fake.callsTo("users.conversations").at(-1)?.params.user).toBe("U0MEMBER");
  });

  it("GIVEN a workspace admin THEN every channel of the workspace is listed", async () => {
    const text = textOf(await open("U0ADMIN"));
    expect(text).toContain("<#C0SECRET>");
    expect(text).not.toContain("C0ELSEWHERE");
    expect(text).not.toContain("not shown");
  });

  it("GIVEN the Messages tab is opened THEN nothing is drawn", async () => {
    const before = h.fake.views.length;
    await open("U0MSGTAB", "messages");
    await open("U0MEMBER");
    expect(viewsFor("U0MSGTAB")).toEqual([]);
    expect(h.fake.views.length).toBe(before + 1);
  });

  it("GIVEN Slack cannot say which channels someone is in THEN nothing is listed, and the view says why", async () => {
    h.fake.fail("users.conversations", "ratelimited", 1);
    const text = textOf(await open("U0UNKNOWN"));
    expect(text).toContain("I could not check which channels you are in");
    expect(text).not.toContain("C0HOME1");
    // The brief is everyone's.
    expect(text).toContain("Morning brief: close of Fri 16 Jan 2026");
  });

  it("GIVEN a viewer AND an admin subscribes one of the viewer's channels THEN the viewer's Home is redrawn with it", async () => {
    await open("U0MEMBER");
    const before = viewsFor("U0MEMBER").length;
    await h.socket?.sendSlashCommand(
      h.payload("/subscribe", "brief 10:45 America/New_York", { channel_id: "C0OTHER", user_id: "U0ADMIN" }),
    );
    await h.fake.waitFor(
      () => viewsFor("U0MEMBER").length > before && textOf(viewsFor("U0MEMBER").at(-1)).includes("C0OTHER"),
      15_000,
      "the redrawn Home",
    );
    expect(textOf(viewsFor("U0MEMBER").at(-1))).toContain("<#C0OTHER>* · 10:45 America/New_York · *active*");
  });

  it("GIVEN 40 subscriptions, many alerts and a long brief THEN the view stays within Slack's limits and says what was cut", async () => {
    const subs = new SubscriptionStore(h.services.store, { verifyAfterMs: 0 });
    const many = Array.from({ length: 40 }, (_, i) => `C0MANY${String(i).padStart(2, "0")}`);
    for (const c of many) await subs.save(brief(c));
    const alerts = new AlertStore(h.services.store, { verifyAfterMs: 0 });
    for (const c of many.slice(0, 20))
      await alerts.update({ platform: "slack", workspaceId: TEAM_ID, channelId: c }, (x) => ({
        next: {
          ...x,
          nextId: 26,
          alerts: Array.from({ length: 25 }, (_, i) => ({
            id: i + 1,
            spec: { kind: "spread" as const, a: "IWM", b: "SPY", sessions: 20, thresholdBp: 500 + i },
            createdBy: "U0ADMIN",
            createdAt: 0,
          })),
        },
        result: undefined,
      }));
    await saveLatestBrief(
      h.services.store,
      {
        session: "2026-01-17",
        now: CLOCK.now(),
        reply: makeReply(
          [
            { type: "title", text: "Morning brief: a long one" },
            ...Array.from({ length: 80 }, (_, i) => ({
              type: "text" as const,
              text: `line ${i} ${"x".repeat(200)}`,
            })),
            { type: "footer", text: "Source: CSV folder closes · as of close Sat 17 Jan 2026" },
          ],
          {},
        ),
      },
      silentLogger,
    );
    // The fake refuses a view over Slack's limits (more than 100 blocks, a text over 3,000).
    const view = await open("U0ADMIN");
    expect(view?.view.blocks.length).toBeLessThanOrEqual(100);
    const text = textOf(view);
    expect(text).toContain("more not listed here: `/subscriptions all` lists every one");
    expect(text).toContain("more channels with alerts");
    expect(text).toContain("Source: CSV folder closes · as of close Sat 17 Jan 2026");
  });
});
