/**
 * Claiming and posting one alert post: the claim on (channel, alert, session, occurrence) makes it
 * happen once however many runs or replicas try; the chart is drawn once per firing however many
 * channels get it; a refusal is counted against the channel (paused after repeated failures) and
 * the claim given back when a later run may retry.
 */
import type { Services } from "../dispatch.ts";
import { renderCharts } from "../dispatch.ts";
import { errorMessage } from "../errors.ts";
import type { ScheduledPostOutcome } from "../metrics.ts";
import type { Logger } from "../ports.ts";
import type { ChartImage, Reply } from "../reply.ts";
import { CLAIM_KEEP_MS, type Claims } from "../schedule/claims.ts";
import { describePostError, type Posters, type PostIdentity, type PostTarget } from "../schedule/poster.ts";
import { withTimeout } from "../schedule/run-parts.ts";
import { ATTEMPTS_NAMESPACE } from "../schedule/runner.ts";
import type { Firing } from "./evaluate.ts";
import type { Owed } from "./owed.ts";
import { AlertStore, type ChannelWithAlerts } from "./store.ts";

export interface AlertPost {
  channel: ChannelWithAlerts;
  claim: string;
  reply: Reply;
  /** Names the chart: the same firing in many channels is drawn once. */
  chartKey?: string;
  /** The firings this post carries (one, or those of the summary line). */
  fired: { owed: Owed; firing: Firing }[];
  late: boolean;
  /** The cap's summary line. */
  summary?: boolean;
  /** Set once posted. */
  ok?: boolean;
}

export type PostResult =
  | "posted"
  /** Another run or replica holds or has settled the claim. */
  | "elsewhere"
  /** Refused for now: the claim is given back for a later run. */
  | "retrying"
  | "failed"
  /** Failed, and this failure paused the channel. */
  | "paused"
  /** The store failed around the post: the claim's lease protects against a second post. */
  | "error";

export interface AlertPosterOptions {
  services: Services;
  posters: Posters;
  claims: Claims;
  owner: string;
  pauseAfterFailures: number;
  transientAttempts: number;
  leaseMs?: number;
  postTimeoutMs?: number;
  log: Logger;
}

/** When and how a post is made. */
export interface PostWhen {
  session: string;
  /** When the post was due (the after-close run's time, a live crossing's quote time). */
  dueAt: number;
  now: number;
  /**
   * Live crossings: this post's attempt, one per poll; it is retried up to the policy's attempts,
   * and a last refusal counts toward pausing the channel as a permanent one does.
   */
  attempt?: number;
}

const METRIC_OUTCOME: Partial<Record<PostResult, ScheduledPostOutcome>> = {
  posted: "sent",
  retrying: "retrying",
  failed: "failed",
  paused: "failed",
};

const DEFAULT_LEASE_MS = 10 * 60_000;
const DEFAULT_POST_TIMEOUT_MS = 120_000;

export class AlertPoster {
  private readonly o: AlertPosterOptions;
  private readonly alerts: AlertStore;
  /** Charts drawn, by firing: posted to every channel with that alert. */
  private charts = new Map<string, Promise<ChartImage | undefined>>();

  constructor(options: AlertPosterOptions) {
    this.o = options;
    this.alerts = new AlertStore(options.services.store);
  }

  /** Forgets the charts drawn (each run draws its own). */
  newRun(): void {
    this.charts = new Map();
  }

  async deliver(item: AlertPost, when: PostWhen): Promise<PostResult> {
    const result = await this.attempt(item, when);
    // Only attempts this process made; a bookkeeping error leaves unknown whether it reached the channel.
    const outcome = METRIC_OUTCOME[result];
    if (outcome)
      this.o.services.metrics?.post({
        kind: "alert",
        platform: item.channel.channel.platform,
        outcome,
        lateSeconds: (when.now - when.dueAt) / 1000,
      });
    return result;
  }

  private async attempt(item: AlertPost, when: PostWhen): Promise<PostResult> {
    const { session, now, attempt } = when;
    const log = this.o.log.child({ channel: item.channel.key, claim: item.claim });
    const leaseMs = this.o.leaseMs ?? DEFAULT_LEASE_MS;
    try {
      if (!(await this.o.claims.acquire(item.claim, this.o.owner, leaseMs))) return "elsewhere";
      await this.drawChart(item);
      const poster = this.o.posters[item.channel.channel.platform];
      try {
        if (!poster) throw new Error(`no ${item.channel.channel.platform} connection in this process`);
        // Marks the message (Discord nonce, Slack metadata) so a repeat can be recognised.
        const identity: PostIdentity = {
          subscriptionId: item.claim,
          session,
          dueAt: when.dueAt,
          repeat: !(await this.firstAttempt(item.claim)),
          kind: "alert",
        };
        await withTimeout(
          poster.post(targetOf(item.channel), item.reply, identity),
          this.o.postTimeoutMs ?? DEFAULT_POST_TIMEOUT_MS,
        );
      } catch (err) {
        const e = describePostError(err);
        const last = e.permanent || (attempt !== undefined && attempt >= this.o.transientAttempts);
        const delivery = await this.alerts.saveDelivery(item.channel.key, (d) => {
          const attempts = d.lastFailedSession === session ? d.failures : d.failures + 1;
          const paused = last && attempts >= this.o.pauseAfterFailures;
          return {
            ...d,
            failures: attempts,
            lastFailedSession: session,
            lastError: { code: e.code, message: e.message.slice(0, 300), at: now, permanent: e.permanent },
            ...(paused ? { pausedAt: now } : {}),
          };
        });
        const retry = attempt === undefined ? delivery.failures < this.o.transientAttempts : !last;
        if (!e.permanent && retry) {
          log.warn({ code: e.code, err: e.message }, "alert post failed; a later run will retry");
          await this.o.claims.release(item.claim, this.o.owner);
          return "retrying";
        }
        log.warn({ code: e.code, err: e.message, permanent: e.permanent }, "alert post failed");
        await this.o.claims.complete(item.claim, this.o.owner, CLAIM_KEEP_MS);
        return delivery.pausedAt === now ? "paused" : "failed";
      }
      item.ok = true;
      const one = item.summary ? undefined : item.fired[0];
      if (one)
        await this.alerts.saveState(item.channel.key, one.owed.id, (s) => ({
          ...s,
          lastFired: { session, at: now, figure: one.firing.figure, ...(item.late ? { late: true } : {}) },
        }));
      await this.alerts.saveDelivery(item.channel.key, (d) => {
        const { lastError: _e, lastFailedSession: _f, ...rest } = d;
        const count = d.posted?.session === session ? d.posted.count + 1 : 1;
        return { ...rest, failures: 0, posted: { session, count } };
      });
      await this.o.claims.complete(item.claim, this.o.owner, CLAIM_KEEP_MS);
      return "posted";
    } catch (err) {
      log.error({ err: errorMessage(err) }, "alert delivery bookkeeping failed");
      return "error";
    }
  }

  /**
   * Whether this is the first attempt at a post, remembered across processes and restarts (as the
   * brief's posts are): any later attempt may follow a message that did reach the platform.
   */
  private async firstAttempt(key: string): Promise<boolean> {
    try {
      return await this.o.services.store.setIfAbsent(ATTEMPTS_NAMESPACE, key, this.o.owner, CLAIM_KEEP_MS);
    } catch {
      return false;
    }
  }

  /** Draws the post's chart (once per firing however many channels get it); a failure leaves a note. */
  private async drawChart(item: AlertPost): Promise<void> {
    const renderer = this.o.services.charts;
    const at = item.reply.blocks.findIndex((b) => b.type === "chart");
    const block = item.reply.blocks[at];
    if (!renderer || !block || block.type !== "chart" || !item.chartKey) return;
    let image = this.charts.get(item.chartKey);
    if (!image) {
      const probe = { ...item.reply, blocks: [block] };
      image = renderCharts(probe, renderer, this.o.log).then(() => {
        const drawn = probe.blocks[0];
        return drawn?.type === "chart" ? drawn.image : undefined;
      });
      this.charts.set(item.chartKey, image);
    }
    const drawn = await image;
    item.reply.blocks[at] = drawn
      ? { ...block, image: drawn }
      : { type: "text", text: `(Chart unavailable: ${renderer.name} failed to draw it.)` };
  }
}

export function targetOf(c: ChannelWithAlerts): PostTarget {
  return {
    platform: c.channel.platform,
    channelId: c.channel.channelId,
    ...(c.channel.workspaceId ? { workspaceId: c.channel.workspaceId } : {}),
  };
}
