/**
 * The App Home tab: drawn (views.publish) for a person each time they open it, and drawn again for
 * the few who opened it in the last day when a command changes the workspace's subscriptions or
 * alerts. Each person sees the entries of the channels they are in (workspace admins and owners:
 * all of them), as /subscriptions all is for admins only. Work goes through the answers' queue.
 */
import type { App, webApi } from "@slack/bolt";
import { AlertStore } from "../../core/alerts/store.ts";
import { latestBrief } from "../../core/brief/latest.ts";
import type { Services } from "../../core/dispatch.ts";
import { errorMessage } from "../../core/errors.ts";
import type { Logger } from "../../core/ports.ts";
import { SubscriptionStore } from "../../core/subscriptions/store.ts";
import { homeView } from "./home-view.ts";
import type { WorkQueue } from "./work-queue.ts";

export const HOME_NAMESPACE = "slack-home.v1";
/** People per workspace whose Home is redrawn after a change: the most recent openers. */
export const VIEWERS_KEPT = 20;
/** Someone who has not opened the Home for this long sees the change on their next open. */
export const VIEWER_TTL_MS = 24 * 60 * 60 * 1000;
/** users.conversations pages read at most (1,000 channels each). */
const MEMBERSHIP_PAGES = 5;

interface Viewer {
  user: string;
  at: number;
}

/** Which channels a person may see entries of: all (admins), these, or unknown (Slack did not say). */
type Access = { all: true } | { all: false; channels: Set<string> } | undefined;

export class AppHome {
  private readonly services: Services;
  private readonly logger: Logger;
  private readonly queue: WorkQueue;
  /** Workspaces with a redraw queued and not started: later changes ride along. */
  private readonly pending = new Set<string>();

  constructor(services: Services, logger: Logger, queue: WorkQueue) {
    this.services = services;
    this.logger = logger.child({ component: "slack-home" });
    this.queue = queue;
  }

  register(app: App): void {
    app.event("app_home_opened", async ({ event, body, client, context }) => {
      // The same event comes for the Messages tab, which has nothing to draw.
      if (event.tab !== "home") return;
      const teamId = typeof body.team_id === "string" ? body.team_id : undefined;
      const user = event.user;
      const botUserId = context.botUserId;
      this.queue.push(async () => {
        await this.remember(teamId, user);
        await this.publish(client, teamId, user, botUserId);
      });
    });
  }

  /** A command changed the workspace's subscriptions or alerts: redraw for its recent viewers. */
  changed(teamId: string | undefined, client: webApi.WebClient, botUserId?: string): void {
    const key = teamId ?? "-";
    if (this.pending.has(key)) return;
    this.pending.add(key);
    this.queue.push(async () => {
      this.pending.delete(key);
      const now = this.services.clock.now();
      let viewers: Viewer[] = [];
      try {
        viewers = await this.viewers(teamId, now);
      } catch (err) {
        this.logger.warn({ err: errorMessage(err) }, "App Home viewers not read");
      }
      // One after another: a handful of calls, never a burst against Slack's limits.
      for (const v of viewers) await this.publish(client, teamId, v.user, botUserId);
    });
  }

  /** Draws the Home for one person; failures are logged (the tab keeps its last drawing). */
  async publish(
    client: webApi.WebClient,
    teamId: string | undefined,
    userId: string,
    botUserId?: string,
  ): Promise<void> {
    const log = this.logger.child({ team: teamId });
    try {
      const { store, clock } = this.services;
      const [subscriptions, alerts, brief, access] = await Promise.all([
        new SubscriptionStore(store).inWorkspace("slack", teamId),
        new AlertStore(store).inWorkspace("slack", teamId),
        latestBrief(store),
        accessOf(client, userId, log),
      ]);
      const sees = (channelId: string) =>
        access !== undefined && (access.all || access.channels.has(channelId));
      const shownSubs = subscriptions.filter((s) => sees(s.channelId));
      const shownAlerts = alerts.filter((c) => sees(c.channel.channelId));
      const view = homeView({
        now: clock.now(),
        ...(botUserId ? { botUserId } : {}),
        subscriptions: shownSubs,
        alerts: shownAlerts,
        hidden: access ? subscriptions.length - shownSubs.length + alerts.length - shownAlerts.length : 0,
        membershipKnown: access !== undefined,
        ...(brief ? { brief } : {}),
      });
      await client.views.publish({ user_id: userId, view });
    } catch (err) {
      log.warn({ err: errorMessage(err) }, "App Home not published");
    }
  }

  private async remember(teamId: string | undefined, user: string): Promise<void> {
    const now = this.services.clock.now();
    try {
      const others = (await this.viewers(teamId, now)).filter((v) => v.user !== user);
      // Read-modify-write: two replicas may each drop the other's newest viewer, who then sees
      // changes on their next open. Not worth a lock.
      const kept = [{ user, at: now }, ...others].slice(0, VIEWERS_KEPT);
      await this.services.store.set(HOME_NAMESPACE, viewersKey(teamId), kept, VIEWER_TTL_MS);
    } catch (err) {
      this.logger.warn({ err: errorMessage(err) }, "App Home viewer not remembered");
    }
  }

  private async viewers(teamId: string | undefined, now: number): Promise<Viewer[]> {
    const list = await this.services.store.get<Viewer[]>(HOME_NAMESPACE, viewersKey(teamId));
    return (Array.isArray(list) ? list : []).filter((v) => now - v.at < VIEWER_TTL_MS);
  }
}

const viewersKey = (teamId: string | undefined) => `viewers:${teamId ?? "-"}`;

/** Workspace admins and owners see everything; others the channels users.conversations lists. */
async function accessOf(client: webApi.WebClient, userId: string, log: Logger): Promise<Access> {
  try {
    const { user } = await client.users.info({ user: userId });
    if (user?.is_admin || user?.is_owner || user?.is_primary_owner) return { all: true };
    const channels = new Set<string>();
    let cursor: string | undefined;
    for (let page = 0; page < MEMBERSHIP_PAGES; page++) {
      const res = await client.users.conversations({
        user: userId,
        types: "public_channel,private_channel",
        exclude_archived: true,
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      });
      for (const c of res.channels ?? []) if (c.id) channels.add(c.id);
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return { all: false, channels };
  } catch (err) {
    log.warn({ err: errorMessage(err) }, "could not tell which channels this person is in");
    return undefined;
  }
}
