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
import { nextTradingDay, previousTradingDay, sessionTimes } from "../market/calendar.ts";
import { formatShortDate } from "../market/time.ts";
import type { Logger } from "../ports.ts";
import { renderCharts } from "../dispatch.ts";
import type { ChartImage, Reply } from "../reply.ts";
import { breadthSessionDue, DEFAULT_BREADTH_DELAY_MS } from "../schedule/breadth-job.ts";
import { CLAIM_KEEP_MS, type Claims } from "../schedule/claims.ts";
import { DEFAULT_PACING, type Pacing, paced, type Sleep } from "../schedule/pacer.ts";
import { describePostError, type Posters, type PostTarget } from "../schedule/poster.ts";
import { withTimeout } from "../schedule/run-parts.ts";
import { type AlertData, barsOf, gatherAlertData } from "./data.ts";
import { evaluate, type Firing } from "./evaluate.ts";
import { capReply, firingReply } from "./render.ts";
import { type AlertSpec, specKey } from "./spec.ts";
import { type AlertState, AlertStore, type ChannelWithAlerts } from "./store.ts";

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

interface Owed {
  channel: ChannelWithAlerts;
  id: number;
  spec: AlertSpec;
  state: AlertState;
  /** The first missed session to evaluate (as missed), when the bot skipped sessions. */
  backlogFrom?: string;
}

interface Item {
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

interface Ready {
  owed: Owed;
  /** Firings of the session to post. */
  firings: Firing[];
  state: AlertState;
}

const DEFAULT_LEASE_MS = 10 * 60_000;
const DEFAULT_POST_TIMEOUT_MS = 120_000;

export class AlertRunner {
  private readonly o: AlertRunnerOptions;
  private readonly policy: AlertPolicy;
  private readonly pacing: Pacing;
  private readonly alerts: AlertStore;
  private readonly log: Logger;
  private inFlight: Promise<AlertRunReport | undefined> | undefined;
  /** Charts drawn this run, by firing: posted to every channel with that alert. */
  private charts = new Map<string, Promise<ChartImage | undefined>>();

  constructor(options: AlertRunnerOptions) {
    this.o = options;
    this.policy = { ...DEFAULT_ALERT_POLICY, ...options.policy };
    this.pacing = { ...DEFAULT_PACING, ...options.pacing };
    this.alerts = new AlertStore(options.services.store);
    this.log = options.services.logger.child({ component: "alerts" });
  }

  context(): CommandContext {
    return { ...this.o.services, requester: { platform: "schedule" } };
  }

  /** One end-of-day run at `now`; undefined when another run of this runner is under way. */
  async runEndOfDay(now = this.o.services.clock.now()): Promise<AlertRunReport | undefined> {
    if (this.inFlight) return undefined;
    this.inFlight = this.run(now);
    try {
      return await this.inFlight;
    } finally {
      this.inFlight = undefined;
    }
  }

  private async run(now: number): Promise<AlertRunReport> {
    this.charts = new Map();
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
    const items = this.items(ready, session, late, data.source, report);
    const settled = new Set<Owed>(ready.map((r) => r.owed));
    await paced(
      items,
      (i) => targetOf(i.channel),
      this.pacing,
      (i) => this.deliver(i, session, now, report, settled),
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

  /** The posts of this run: each channel's firings in alert order, the cap's summary after them. */
  private items(
    ready: readonly Ready[],
    session: string,
    late: boolean,
    source: string,
    report: AlertRunReport,
  ): Item[] {
    const byChannel = new Map<ChannelWithAlerts, { owed: Owed; firing: Firing }[]>();
    for (const r of ready)
      for (const firing of r.firings)
        byChannel.set(r.owed.channel, [...(byChannel.get(r.owed.channel) ?? []), { owed: r.owed, firing }]);
    const items: Item[] = [];
    for (const [channel, fired] of byChannel) {
      fired.sort((a, b) => a.owed.id - b.owed.id);
      const before = channel.delivery.posted?.session === session ? channel.delivery.posted.count : 0;
      const room = Math.max(0, this.policy.maxPerSession - before);
      const note = late
        ? `Posted late: this alert fired on the ${formatShortDate(session)} close, when the bot was not running.`
        : undefined;
      for (const f of fired.slice(0, room))
        items.push({
          channel,
          claim: `alert:${channel.key}:${f.owed.id}:${session}:${f.firing.occurrence}`,
          reply: firingReply(f.firing, {
            id: f.owed.id,
            spec: f.owed.spec,
            source,
            ...(note ? { note } : {}),
          }),
          chartKey: `${specKey(f.owed.spec)}|${f.firing.session}|${f.firing.occurrence}`,
          fired: [f],
          late,
        });
      const rest = fired.slice(room);
      if (rest.length > 0) {
        report.capped += rest.length;
        items.push({
          channel,
          claim: `alert-cap:${channel.key}:${session}`,
          reply: capReply(
            session,
            this.policy.maxPerSession,
            rest.map((f) => ({ id: f.owed.id, spec: f.owed.spec, figure: f.firing.figure })),
          ),
          fired: rest,
          late,
          summary: true,
        });
      }
    }
    return items;
  }

  /** Draws the post's chart (once per firing however many channels get it); a failure leaves a note. */
  private async drawChart(item: Item): Promise<void> {
    const renderer = this.o.services.charts;
    const at = item.reply.blocks.findIndex((b) => b.type === "chart");
    const block = item.reply.blocks[at];
    if (!renderer || !block || block.type !== "chart" || !item.chartKey) return;
    let image = this.charts.get(item.chartKey);
    if (!image) {
      const probe = { ...item.reply, blocks: [block] };
      image = renderCharts(probe, renderer, this.log).then(() => {
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

  private async deliver(
    item: Item,
    session: string,
    now: number,
    report: AlertRunReport,
    settled: Set<Owed>,
  ): Promise<void> {
    const log = this.log.child({ channel: item.channel.key, claim: item.claim });
    const leaseMs = this.o.leaseMs ?? DEFAULT_LEASE_MS;
    try {
      if (!(await this.o.claims.acquire(item.claim, this.o.owner, leaseMs))) {
        report.elsewhere++;
        return;
      }
      await this.drawChart(item);
      const poster = this.o.posters[item.channel.channel.platform];
      try {
        if (!poster) throw new Error(`no ${item.channel.channel.platform} connection in this process`);
        await withTimeout(
          poster.post(targetOf(item.channel), item.reply),
          this.o.postTimeoutMs ?? DEFAULT_POST_TIMEOUT_MS,
        );
      } catch (err) {
        const e = describePostError(err);
        const delivery = await this.alerts.saveDelivery(item.channel.key, (d) => {
          const attempts = d.lastFailedSession === session ? d.failures : d.failures + 1;
          const paused = !e.permanent ? false : attempts >= this.policy.pauseAfterFailures;
          return {
            ...d,
            failures: attempts,
            lastFailedSession: session,
            lastError: { code: e.code, message: e.message.slice(0, 300), at: now, permanent: e.permanent },
            ...(paused ? { pausedAt: now } : {}),
          };
        });
        if (!e.permanent && delivery.failures < this.policy.transientAttempts) {
          report.retrying++;
          for (const f of item.fired) settled.delete(f.owed);
          log.warn({ code: e.code, err: e.message }, "alert post failed; a later run will retry");
          await this.o.claims.release(item.claim, this.o.owner);
          return;
        }
        report.failed++;
        if (delivery.pausedAt === now) report.paused++;
        log.warn({ code: e.code, err: e.message, permanent: e.permanent }, "alert post failed");
        await this.o.claims.complete(item.claim, this.o.owner, CLAIM_KEEP_MS);
        return;
      }
      item.ok = true;
      report.posted++;
      const one = item.summary ? undefined : item.fired[0];
      if (one)
        await this.alerts.saveState(item.channel.key, one.owed.id, (s) => ({
          ...s,
          lastFired: { session, at: now, figure: one.firing.figure, ...(item.late ? { late: true } : {}) },
        }));
      if (item.late) report.late++;
      await this.alerts.saveDelivery(item.channel.key, (d) => {
        const { lastError: _e, lastFailedSession: _f, ...rest } = d;
        const count = d.posted?.session === session ? d.posted.count + 1 : 1;
        return { ...rest, failures: 0, posted: { session, count } };
      });
      await this.o.claims.complete(item.claim, this.o.owner, CLAIM_KEEP_MS);
    } catch (err) {
      // The store failed around the post: the claim's lease protects against a second post.
      log.error({ err: errorMessage(err) }, "alert delivery bookkeeping failed");
    }
  }
}

/** Alerts owed an evaluation of `session`: not evaluated for it yet, added before it was due. */
export function owedAlerts(
  channels: readonly ChannelWithAlerts[],
  session: string,
  dueAt: number,
  backlogSessions: number,
): Owed[] {
  const out: Owed[] = [];
  const previous = previousTradingDay(session);
  for (const channel of channels) {
    if (channel.delivery.pausedAt !== undefined) continue;
    for (const a of channel.alerts) {
      const state = channel.states.get(a.id) ?? {};
      if (a.createdAt > dueAt) continue;
      if (state.evaluated !== undefined && state.evaluated >= session) continue;
      let backlogFrom: string | undefined;
      if (state.evaluated !== undefined && state.evaluated < previous) {
        backlogFrom = nextTradingDay(state.evaluated);
        let floor = previous;
        for (let k = 1; k < backlogSessions; k++) floor = previousTradingDay(floor);
        if (backlogFrom < floor) backlogFrom = floor;
      }
      out.push({ channel, id: a.id, spec: a.spec, state, ...(backlogFrom ? { backlogFrom } : {}) });
    }
  }
  return out;
}

/** Whether the data for `spec` includes the session (else it is not in yet: try again later). */
function hasSession(spec: AlertSpec, data: AlertData, session: string): boolean {
  const has = (symbol: string) => barsOf(data, symbol).some((b) => b.date === session);
  switch (spec.kind) {
    case "record":
    case "cross":
      return has(spec.symbol) || !data.series.has(spec.symbol);
    case "line":
    case "spread":
      return (has(spec.a) && has(spec.b)) || !data.series.has(spec.a) || !data.series.has(spec.b);
    default: {
      const run = data.breadth.get(spec.index);
      if (!run) return true;
      return run.records[run.dates.indexOf(session)] !== undefined;
    }
  }
}

function withMissed(state: AlertState, firings: readonly Firing[]): AlertState {
  const missed = [...(state.missed ?? []), ...firings.map((f) => ({ session: f.session, figure: f.figure }))];
  return { ...state, missed: missed.slice(-3) };
}

function targetOf(c: ChannelWithAlerts): PostTarget {
  return {
    platform: c.channel.platform,
    channelId: c.channel.channelId,
    ...(c.channel.workspaceId ? { workspaceId: c.channel.workspaceId } : {}),
  };
}
