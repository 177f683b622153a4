/**
 * One scheduled run: find the posts owed now, compute and render the brief once, and post it to
 * every owed channel, each under a claim on (subscription, session) so that however many runs or
 * replicas overlap, a channel gets one post per session. Missed posts are logged and remembered,
 * a failing channel is retried or paused without holding up the others. The embedded (croner)
 * and distributed (BullMQ) schedulers both just call `runBriefs` every minute.
 */
import type { CommandContext } from "../command.ts";
import { dispatch, type Services } from "../dispatch.ts";
import { errorMessage } from "../errors.ts";
import type { ScheduledPostOutcome } from "../metrics.ts";
import type { Logger } from "../ports.ts";
import type { Reply } from "../reply.ts";
import type { Subscription } from "../subscriptions/model.ts";
import { SubscriptionStore } from "../subscriptions/store.ts";
import { CLAIM_KEEP_MS, type Claims } from "./claims.ts";
import {
  afterFailure,
  afterMissed,
  afterSuccess,
  DEFAULT_POLICY,
  type DeliveryPolicy,
  type Owed,
  owedPosts,
} from "./delivery.ts";
import { DEFAULT_PACING, type Pacing, paced, type Sleep } from "./pacer.ts";
import {
  describePostError,
  type PostIdentity,
  type PostOutcome,
  type Posters,
  type PostTarget,
} from "./poster.ts";
import { type BriefRunReport, emptyReport, lateReply, withTimeout } from "./run-parts.ts";

export type { BriefRunReport } from "./run-parts.ts";
export { lateReply } from "./run-parts.ts";

export interface RunnerOptions {
  services: Services;
  posters: Posters;
  claims: Claims;
  /** This process's name in claims (unique per process). */
  owner: string;
  policy?: Partial<DeliveryPolicy>;
  pacing?: Partial<Pacing>;
  /** How long a claim protects a post in progress before another run may take it over. */
  leaseMs?: number;
  /** A post taking longer than this counts as a transient failure. */
  postTimeoutMs?: number;
  /** After a brief that could not be computed, wait this long before computing it again. */
  briefRetryMs?: number;
  sleep?: Sleep;
}

export const DEFAULT_LEASE_MS = 10 * 60_000;
const DEFAULT_POST_TIMEOUT_MS = 120_000;
const DEFAULT_BRIEF_RETRY_MS = 5 * 60_000;

export class ScheduleRunner {
  private readonly o: RunnerOptions;
  private readonly policy: DeliveryPolicy;
  private readonly pacing: Pacing;
  private readonly subs: SubscriptionStore;
  private readonly log: Logger;
  private briefFailedAt: number | undefined;
  /** Why the last brief could not be computed, while it still cannot (cleared by a success). */
  private briefFailure: string | undefined;
  private inFlight: Promise<BriefRunReport> | undefined;

  constructor(options: RunnerOptions) {
    this.o = options;
    this.policy = {
      ...DEFAULT_POLICY,
      ...options.policy,
      catchUp: { ...DEFAULT_POLICY.catchUp, ...options.policy?.catchUp },
    };
    this.pacing = { ...DEFAULT_PACING, ...options.pacing };
    this.subs = new SubscriptionStore(options.services.store);
    this.log = options.services.logger.child({ component: "schedule" });
  }

  /** The context scheduled work runs commands in. */
  context(): CommandContext {
    return { ...this.o.services, requester: { platform: "schedule" } };
  }

  /**
   * One run at `now`. While a run of this runner is still posting (a long list at the platforms'
   * pace), another call returns at once with `busy` set: the run under way serves what is owed.
   */
  async runBriefs(now = this.o.services.clock.now()): Promise<BriefRunReport> {
    if (this.inFlight) return { ...emptyReport(now), busy: true };
    this.inFlight = this.run(now);
    try {
      return await this.inFlight;
    } finally {
      this.inFlight = undefined;
    }
  }

  private async run(now: number): Promise<BriefRunReport> {
    const report = emptyReport(now);
    const { owed, missed } = owedPosts(await this.subs.all(), now, this.policy);
    for (const m of missed) await this.recordMissed(m.sub, m.slot, now, report);
    report.owed = owed.length;
    if (owed.length === 0) return report;
    // Posts another run holds or has settled need no brief from this one.
    const open = await this.o.claims.available(owed.map((o) => claimKey(o.sub, o.slot.session)));
    const todo = owed.filter((_, i) => open[i]);
    report.elsewhere = owed.length - todo.length;
    if (todo.length === 0) return report;
    if (
      this.briefFailedAt !== undefined &&
      now - this.briefFailedAt < (this.o.briefRetryMs ?? DEFAULT_BRIEF_RETRY_MS)
    )
      return { ...report, briefError: "waiting before computing the brief again" };
    const started = performance.now();
    const brief = await dispatch("brief", "", this.context());
    report.computeMs = performance.now() - started;
    if (brief.kind !== "answer") {
      this.briefFailedAt = now;
      report.briefError = brief.fallback.slice(0, 300);
      this.briefFailure = report.briefError;
      this.log.error({ owed: todo.length, reply: report.briefError }, "brief not computed; will retry");
      return report;
    }
    this.briefFailedAt = undefined;
    this.briefFailure = undefined;
    const postStarted = performance.now();
    await paced(
      todo,
      (o) => targetOf(o.sub),
      this.pacing,
      (o) => this.deliver(o, brief, now, report),
      this.o.sleep,
    );
    report.postMs = performance.now() - postStarted;
    this.log.info(
      { ...report, computeMs: Math.round(report.computeMs), postMs: Math.round(report.postMs) },
      "brief run",
    );
    return report;
  }

  private async recordMissed(sub: Subscription, slot: Owed["slot"], now: number, report: BriefRunReport) {
    const key = claimKey(sub, slot.session);
    if (!(await this.o.claims.acquire(key, this.o.owner, this.leaseMs()))) return;
    report.missed++;
    this.o.services.metrics?.post({ kind: "brief", platform: sub.platform, outcome: "missed" });
    // Past the window because the brief kept failing, or because no run came (the bot was down).
    const reason = this.briefFailure && `the brief could not be computed (${this.briefFailure})`;
    this.log.warn(
      {
        subscription: sub.id,
        session: slot.session,
        dueAt: new Date(slot.at).toISOString(),
        lateMin: Math.round((now - slot.at) / 60_000),
        ...(reason ? { reason } : {}),
      },
      reason
        ? "brief missed: it could not be computed within the catch-up window; skipped"
        : "brief missed: the bot was not running within the catch-up window; skipped",
    );
    await this.writeState(sub.id, (state) => afterMissed(state, slot, now, reason));
    await this.o.claims.complete(key, this.o.owner, CLAIM_KEEP_MS);
  }

  private async deliver(o: Owed, brief: Reply, now: number, report: BriefRunReport): Promise<void> {
    const key = claimKey(o.sub, o.slot.session);
    const log = this.log.child({ subscription: o.sub.id, session: o.slot.session });
    try {
      if (!(await this.o.claims.acquire(key, this.o.owner, this.leaseMs()))) {
        report.elsewhere++;
        return;
      }
      const poster = this.o.posters[o.sub.platform];
      const reply = o.late ? lateReply(brief, o) : brief;
      const lateSeconds = (this.o.services.clock.now() - o.slot.at) / 1000;
      const count = (result: ScheduledPostOutcome) =>
        this.o.services.metrics?.post({
          kind: "brief",
          platform: o.sub.platform,
          outcome: result,
          lateSeconds,
        });
      let outcome: PostOutcome | undefined;
      try {
        if (!poster) throw new Error(`no ${o.sub.platform} connection in this process`);
        const identity: PostIdentity = {
          subscriptionId: o.sub.id,
          session: o.slot.session,
          dueAt: o.slot.at,
          repeat: !(await this.firstAttempt(key)),
        };
        outcome = await withTimeout(
          poster.post(targetOf(o.sub), reply, identity),
          this.o.postTimeoutMs ?? DEFAULT_POST_TIMEOUT_MS,
        );
      } catch (err) {
        const e = describePostError(err);
        let outcome: ReturnType<typeof afterFailure> | undefined;
        await this.writeState(o.sub.id, (state) => {
          outcome = afterFailure(state, o.slot, e, now, this.policy);
          return outcome.state;
        });
        if (outcome?.retry) {
          report.retrying++;
          count("retrying");
          log.warn({ code: e.code, err: e.message }, "brief post failed; a later run will retry");
          await this.o.claims.release(key, this.o.owner);
          return;
        }
        report.failed++;
        count("failed");
        if (outcome?.paused) {
          report.paused++;
          log.error({ code: e.code, err: e.message }, "brief post failed again: subscription paused");
        } else log.warn({ code: e.code, err: e.message, permanent: e.permanent }, "brief post failed");
        await this.o.claims.complete(key, this.o.owner, CLAIM_KEEP_MS);
        return;
      }
      count(outcome?.alreadyPosted ? "already_posted" : "sent");
      if (outcome?.alreadyPosted) {
        report.found++;
        log.info({}, "brief already in the channel from an earlier attempt; not posted again");
      } else report.posted++;
      if (o.late) report.late++;
      await this.writeState(o.sub.id, (state) => afterSuccess(state, o.slot, now));
      await this.o.claims.complete(key, this.o.owner, CLAIM_KEEP_MS);
    } catch (err) {
      // The store failed around the post: the claim's lease protects against a second post.
      log.error({ err: errorMessage(err) }, "brief delivery bookkeeping failed");
    }
  }

  /**
   * Whether this is the first attempt at a post, remembered across processes and restarts. Any
   * later attempt (the lease of a process that died while posting ran out, a timed-out post is
   * retried) may follow a message that did reach the platform, so the poster is told to check.
   */
  private async firstAttempt(key: string): Promise<boolean> {
    try {
      return await this.o.services.store.setIfAbsent(ATTEMPTS_NAMESPACE, key, this.o.owner, CLAIM_KEEP_MS);
    } catch {
      // Unknown: looking costs one read, a duplicate costs a second message.
      return false;
    }
  }

  /** Re-reads the state just before writing it, so a /subscribe in between is not undone. */
  private async writeState(id: string, change: (s: Subscription["state"]) => Subscription["state"]) {
    const current = await this.subs.get(id);
    if (!current) return;
    await this.subs.saveState(id, change(current.state));
  }

  private leaseMs(): number {
    return this.o.leaseMs ?? DEFAULT_LEASE_MS;
  }
}

/** Posts attempted at least once (key: the claim key). */
export const ATTEMPTS_NAMESPACE = "schedule-attempts.v1";

export function claimKey(sub: Pick<Subscription, "id">, session: string): string {
  return `brief:${sub.id}:${session}`;
}

function targetOf(sub: Subscription): PostTarget {
  return {
    platform: sub.platform,
    channelId: sub.channelId,
    ...(sub.workspaceId ? { workspaceId: sub.workspaceId } : {}),
  };
}
