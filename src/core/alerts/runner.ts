/**
 * After each close (in the breadth tick, once the day's breadth is recorded), every alert of every
 * channel is evaluated on the session, from one data gathering for all of them (one history per
 * symbol, one breadth run per member list), and each firing is posted in its channel under a claim
 * on (channel, alert, session, occurrence): however many runs or replicas overlap, it is posted
 * once. A firing found while its session is still the latest (before the next open) is posted,
 * late with a note when the run comes late; sessions the bot missed entirely are listed in
 * /alert list. A channel gets at most `maxPerSession` posts a session, then one summary line; a
 * channel whose posts keep failing is paused as a brief subscription is.
 */
import type { CommandContext } from "../command.ts";
import type { Services } from "../dispatch.ts";
import { errorMessage } from "../errors.ts";
import { nextTradingDay, sessionTimes } from "../market/calendar.ts";
import type { Logger } from "../ports.ts";
import { breadthSessionDue, DEFAULT_BREADTH_DELAY_MS } from "../schedule/breadth-job.ts";
import type { Claims } from "../schedule/claims.ts";
import { DEFAULT_PACING, type Pacing, paced, type Sleep } from "../schedule/pacer.ts";
import type { Posters } from "../schedule/poster.ts";
import { cappedPosts, type Ready } from "./cap.ts";
import { type AlertData, gatherAlertData } from "./data.ts";
import { evaluate, type Firing } from "./evaluate.ts";
import { failureSentence } from "./failure.ts";
import { hasSession, type Owed, owedAlerts, withMissed } from "./owed.ts";
import { type AlertPost, AlertPoster, type PostWhen, targetOf } from "./post.ts";
import { type AlertRunRecord, type AlertState, AlertStore } from "./store.ts";

export { owedAlerts } from "./owed.ts";

export interface AlertPolicy {
  /** Posts a channel gets for one session before the rest go into one summary line. */
  maxPerSession: number;
  pauseAfterFailures: number;
  transientAttempts: number;
  /** A firing posted later than this after its due time carries a note. */
  lateNoteAfterMs: number;
  /** Sessions missed while down that are still evaluated (and listed) at most. */
  backlogSessions: number;
}

export const DEFAULT_ALERT_POLICY: AlertPolicy = {
  maxPerSession: 10,
  pauseAfterFailures: 3,
  transientAttempts: 3,
  lateNoteAfterMs: 15 * 60_000,
  backlogSessions: 10,
};

export interface AlertRunnerOptions {
  services: Services;
  posters: Posters;
  claims: Claims;
  owner: string;
  policy?: Partial<AlertPolicy>;
  pacing?: Partial<Pacing>;
  leaseMs?: number;
  postTimeoutMs?: number;
  /** After the close, when the evaluation is due (with the breadth record). */
  delayMs?: number;
  /** Level crossings are watched live during the session: leave them out after the close. */
  liveCrossings?: boolean;
  sleep?: Sleep;
}

export interface AlertRunReport {
  session: string;
  /** Alerts evaluated this run. */
  evaluated: number;
  fired: number;
  posted: number;
  late: number;
  capped: number;
  missed: number;
  failed: number;
  retrying: number;
  paused: number;
  elsewhere: number;
  /** Alerts whose data for the session is not in yet (tried again next run). */
  waiting: number;
  requests: AlertData["requests"];
}

export class AlertRunner {
  private readonly o: AlertRunnerOptions;
  private readonly policy: AlertPolicy;
  private readonly pacing: Pacing;
  private readonly alerts: AlertStore;
  private readonly log: Logger;
  private readonly poster: AlertPoster;
  private inFlight: Promise<AlertRunReport | undefined> | undefined;

  constructor(options: AlertRunnerOptions) {
    this.o = options;
    this.policy = { ...DEFAULT_ALERT_POLICY, ...options.policy };
    this.pacing = { ...DEFAULT_PACING, ...options.pacing };
    this.alerts = new AlertStore(options.services.store);
    this.log = options.services.logger.child({ component: "alerts" });
    this.poster = new AlertPoster({
      services: options.services,
      posters: options.posters,
      claims: options.claims,
      owner: options.owner,
      pauseAfterFailures: this.policy.pauseAfterFailures,
      transientAttempts: this.policy.transientAttempts,
      log: this.log,
      ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
      ...(options.postTimeoutMs !== undefined ? { postTimeoutMs: options.postTimeoutMs } : {}),
    });
  }

  context(): CommandContext {
    return { ...this.o.services, requester: { platform: "schedule" } };
  }

  /** One end-of-day run at `now`; undefined when another run of this runner is under way. */
  async runEndOfDay(now = this.o.services.clock.now()): Promise<AlertRunReport | undefined> {
    if (this.inFlight) return undefined;
    this.inFlight = this.run(now);
    try {
      const report = await this.inFlight;
      if (report && report.evaluated + report.waiting > 0)
        await this.record({
          at: this.o.services.clock.now(),
          session: report.session,
          evaluated: report.evaluated,
          fired: report.fired,
          posted: report.posted,
          failed: report.failed,
          waiting: report.waiting,
        });
      return report;
    } catch (err) {
      const at = this.o.services.clock.now();
      await this.record({ at, evaluated: 0, fired: 0, posted: 0, failed: 0, error: failureSentence(err) });
      throw err;
    } finally {
      this.inFlight = undefined;
    }
  }

  /** Keeps how the run went for /status; a store failure here is only logged. */
  private async record(run: AlertRunRecord): Promise<void> {
    try {
      await this.alerts.saveRun("close", run);
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, "could not record the alert run");
    }
  }

  private async run(now: number): Promise<AlertRunReport> {
    this.poster.newRun();
    const delay = this.o.delayMs ?? DEFAULT_BREADTH_DELAY_MS;
    const session = breadthSessionDue(now, delay);
    const dueAt = sessionTimes(session).close + delay;
    const report: AlertRunReport = {
      session,
      ...{ evaluated: 0, fired: 0, posted: 0, late: 0, capped: 0, missed: 0 },
      ...{ failed: 0, retrying: 0, paused: 0, elsewhere: 0, waiting: 0 },
      requests: { histories: 0, memberLists: 0 },
    };
    const owed = owedAlerts(await this.alerts.all(), session, dueAt, this.policy.backlogSessions).filter(
      (o) => !(this.o.liveCrossings && o.spec.kind === "cross"),
    );
    if (owed.length === 0) return report;
    // Past the next open, the session's firings are news no more: listed, not posted.
    const stale = now >= sessionTimes(nextTradingDay(session)).open;
    const from = owed.reduce((f, o) => (o.backlogFrom && o.backlogFrom < f ? o.backlogFrom : f), session);
    const data = await gatherAlertData(
      owed.map((o) => o.spec),
      from,
      session,
      this.context(),
    );
    report.requests = data.requests;
    const ready: Ready[] = [];
    for (const o of owed) {
      if (!hasSession(o.spec, data, session)) {
        report.waiting++;
        continue;
      }
      report.evaluated++;
      // Missed sessions and this one in one pass, so a level's side carries through them.
      const e = evaluate(o.spec, data, o.backlogFrom ?? session, session, o.state.level);
      const missed = e.firings.filter((f) => f.session < session);
      const current = e.firings.filter((f) => f.session === session);
      let state: AlertState = { ...o.state, ...(e.level ? { level: e.level } : {}) };
      if (missed.length > 0) state = withMissed(state, missed);
      report.missed += missed.length;
      report.fired += current.length;
      if (stale) {
        report.missed += current.length;
        if (current.length > 0) state = withMissed(state, current);
        ready.push({ owed: o, firings: [], state });
      } else ready.push({ owed: o, firings: current, state });
    }
    const late = now - dueAt > this.policy.lateNoteAfterMs;
    const { posts: items, capped: cappedCount } = cappedPosts(ready, session, {
      late,
      source: data.source,
      maxPerSession: this.policy.maxPerSession,
    });
    report.capped += cappedCount;
    const settled = new Set<Owed>(ready.map((r) => r.owed));
    await paced(
      items,
      (i) => targetOf(i.channel),
      this.pacing,
      (i) => this.deliver(i, { session, dueAt, now }, report, settled),
      this.o.sleep,
    );
    // State after the posts (each post saved its lastFired as it went); unsettled alerts are
    // evaluated again by a later run.
    const capped = new Map<Owed, Firing>();
    for (const i of items) if (i.ok && i.summary) for (const f of i.fired) capped.set(f.owed, f.firing);
    await this.alerts.updateStates(
      ready
        .filter((r) => settled.has(r.owed))
        .map((r) => ({
          key: r.owed.channel.key,
          id: r.owed.id,
          change: (current: AlertState): AlertState => {
            const c = capped.get(r.owed);
            const { level: _l, missed: _m, ...rest } = current;
            return {
              ...rest,
              ...(r.state.level ? { level: r.state.level } : {}),
              ...(r.state.missed ? { missed: r.state.missed } : {}),
              ...(c ? { capped: { session, figure: c.figure } } : {}),
              evaluated: session,
            };
          },
        })),
    );
    this.log.info({ ...report }, "alerts evaluated");
    return report;
  }

  private async deliver(
    item: AlertPost,
    when: PostWhen,
    report: AlertRunReport,
    settled: Set<Owed>,
  ): Promise<void> {
    const result = await this.poster.deliver(item, when);
    if (result === "elsewhere") report.elsewhere++;
    else if (result === "retrying") {
      report.retrying++;
      for (const f of item.fired) settled.delete(f.owed);
    } else if (result === "failed" || result === "paused") {
      report.failed++;
      if (result === "paused") report.paused++;
    } else if (result === "posted") {
      report.posted++;
      if (item.late) report.late++;
    }
  }
}
