/**
 * Level crossings from live quotes during NYSE hours: every poll, one batched quote request for
 * every symbol any channel's `cross` alert watches, each alert's hysteresis state stepped with
 * its symbol's price, and each crossing posted once under a claim on (channel, alert, session,
 * crossing number), with a small chart of the symbol's closes and the live price. A post refused
 * for now is tried again at the next polls (up to the policy's attempts); failures count toward
 * pausing the channel as the after-close posts' do. Outside the session nothing is requested. The
 * state (side, last direction, crossings this session, a post owed a retry) lives in the store, so
 * a restart or another replica carries on from it.
 */
import { type LevelState, stepLevel } from "../analytics/events.ts";
import type { CommandContext } from "../command.ts";
import type { Services } from "../dispatch.ts";
import { errorMessage } from "../errors.ts";
import { num } from "../format.ts";
import { marketState } from "../market/calendar.ts";
import { nyDate } from "../market/time.ts";
import type { Logger } from "../ports.ts";
import { blocksToText } from "../reply.ts";
import type { Claims } from "../schedule/claims.ts";
import type { Posters } from "../schedule/poster.ts";
import { failureSentence } from "./failure.ts";
import { type Closes, type CrossSpec, closesForCharts, crossChart, crossFiring } from "./live-firing.ts";
import { withMissed } from "./owed.ts";
import { AlertPoster } from "./post.ts";
import { firingReply } from "./render.ts";
import { specKey } from "./spec.ts";
import { type AlertState, AlertStore, type ChannelWithAlerts, type PendingCrossing } from "./store.ts";

export interface IntradayOptions {
  services: Services;
  posters: Posters;
  claims: Claims;
  owner: string;
  leaseMs?: number;
  postTimeoutMs?: number;
  /** Posts a channel gets for one session (shared with the after-close alerts). */
  maxPerSession?: number;
  /** Failed sessions in a row before a channel is paused. */
  pauseAfterFailures?: number;
  /** Attempts at one crossing's post (one per poll) before it counts as failed. */
  transientAttempts?: number;
}

export interface PollReport {
  /** False outside NYSE hours: nothing was requested. */
  open: boolean;
  symbols: number;
  /** Quote requests made (one batch per poll). */
  requests: number;
  fired: number;
  posted: number;
  elsewhere: number;
  /** Posts refused for now, tried again at the next poll. */
  retrying: number;
  failed: number;
  paused: number;
  /** Crossings left out because the channel reached its cap for the session. */
  capped: number;
  /** Level alerts watched this poll. */
  watched: number;
}

/** A poll that requested nothing. */
export function emptyPollReport(): PollReport {
  return {
    open: false,
    ...{ symbols: 0, requests: 0, fired: 0, posted: 0, elsewhere: 0 },
    ...{ retrying: 0, failed: 0, paused: 0, capped: 0, watched: 0 },
  };
}

interface Watched {
  channel: ChannelWithAlerts;
  id: number;
  spec: CrossSpec;
  state: AlertState;
}

export class IntradayPoller {
  private readonly o: IntradayOptions;
  private readonly alerts: AlertStore;
  private readonly log: Logger;
  private readonly poster: AlertPoster;
  private inFlight = false;
  /** Posts made this poll per channel, on top of the stored count, for the cap. */
  private postedNow = new Map<string, number>();

  constructor(options: IntradayOptions) {
    this.o = options;
    this.alerts = new AlertStore(options.services.store);
    this.log = options.services.logger.child({ component: "alerts-intraday" });
    this.poster = new AlertPoster({
      services: options.services,
      posters: options.posters,
      claims: options.claims,
      owner: options.owner,
      pauseAfterFailures: options.pauseAfterFailures ?? 3,
      transientAttempts: options.transientAttempts ?? 3,
      log: this.log,
      ...(options.leaseMs !== undefined ? { leaseMs: options.leaseMs } : {}),
      ...(options.postTimeoutMs !== undefined ? { postTimeoutMs: options.postTimeoutMs } : {}),
    });
  }

  context(): CommandContext {
    return { ...this.o.services, requester: { platform: "schedule" } };
  }

  async poll(now = this.o.services.clock.now()): Promise<PollReport> {
    const report = emptyPollReport();
    if (marketState(now) !== "open" || this.inFlight) return report;
    report.open = true;
    this.inFlight = true;
    try {
      this.poster.newRun();
      this.postedNow = new Map();
      const channels = (await this.alerts.all()).filter((c) => c.delivery.pausedAt === undefined);
      const watched: Watched[] = [];
      for (const channel of channels)
        for (const a of channel.alerts)
          if (a.spec.kind === "cross")
            watched.push({ channel, id: a.id, spec: a.spec, state: channel.states.get(a.id) ?? {} });
      report.watched = watched.length;
      const symbols = [...new Set(watched.map((w) => w.spec.symbol))];
      report.symbols = symbols.length;
      if (symbols.length === 0) return report;
      report.requests = 1;
      const quotes = await this.o.services.market.quotes(symbols);
      const prices = new Map(quotes.quotes.map((q) => [q.symbol, q]));
      const session = nyDate(now);
      // Each alert's crossings to post this poll: one owed a retry, and a new one.
      const work: { w: Watched; state: AlertState; due: PendingCrossing[] }[] = [];
      for (const w of watched) {
        let state = w.state;
        const due: PendingCrossing[] = [];
        if (state.pending && state.pending.session !== session) {
          // A crossing is news only in its session: one still owed is listed, not posted.
          const { pending, ...rest } = state;
          state = withMissed(rest, [{ session: pending.session, figure: num(pending.price) }]);
        }
        if (state.pending) due.push(state.pending);
        const q = prices.get(w.spec.symbol);
        if (q) {
          const step = stepLevel(state.level ?? {}, q.price, w.spec.level, w.spec.band);
          if (step.fired) {
            report.fired++;
            const n = (state.intraday?.session === session ? state.intraday.count : 0) + 1;
            state = { ...state, intraday: { session, count: n } };
            due.push({ session, n, direction: step.fired, price: q.price, time: q.time || now, attempts: 0 });
          }
          if (!sameLevel(step.state, state.level)) state = { ...state, level: step.state };
        }
        if (state !== w.state || due.length > 0) work.push({ w, state, due });
      }
      const closes = await closesForCharts(
        this.o.services.market,
        work.filter((x) => x.due.length > 0).map((x) => x.w.spec.symbol),
        session,
        this.log,
      );
      for (const x of work) {
        let owed: PendingCrossing | undefined;
        for (const crossing of x.due) owed = (await this.deliver(x.w, crossing, closes, now, report)) ?? owed;
        const { pending: _p, ...rest } = x.state;
        const state: AlertState = owed ? { ...rest, pending: owed } : rest;
        await this.alerts.saveState(x.w.channel.key, x.w.id, (s) => {
          const { level: _l, intraday: _i, pending: _q, missed: _m, ...kept } = s;
          return {
            ...kept,
            ...(state.level ? { level: state.level } : {}),
            ...(state.intraday ? { intraday: state.intraday } : {}),
            ...(state.pending ? { pending: state.pending } : {}),
            ...(state.missed ? { missed: state.missed } : {}),
          };
        });
      }
      await this.record(session, report);
      return report;
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, "intraday alert poll failed; the next poll tries again");
      await this.record(nyDate(now), report, failureSentence(err));
      return report;
    } finally {
      this.inFlight = false;
    }
  }

  /** Keeps how the poll went for /status; a store failure here is only logged. */
  private async record(session: string, r: PollReport, error?: string): Promise<void> {
    try {
      await this.alerts.saveRun("live", {
        at: this.o.services.clock.now(),
        session,
        evaluated: r.watched,
        fired: r.fired,
        posted: r.posted,
        failed: r.failed,
        ...(error ? { error } : {}),
      });
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, "could not record the alert poll");
    }
  }

  /** Posts one crossing; returns the crossing when it is owed another attempt. */
  private async deliver(
    w: Watched,
    crossing: PendingCrossing,
    closes: Closes,
    now: number,
    report: PollReport,
  ): Promise<PendingCrossing | undefined> {
    const cap = this.o.maxPerSession ?? 10;
    const d = w.channel.delivery;
    const firing = crossFiring(
      w.spec,
      crossing.direction,
      crossing.price,
      crossing.session,
      crossing.time,
      crossing.n,
    );
    const before =
      (d.posted?.session === crossing.session ? d.posted.count : 0) +
      (this.postedNow.get(w.channel.key) ?? 0);
    if (before >= cap) {
      report.capped++;
      await this.alerts.saveState(w.channel.key, w.id, (s) => ({
        ...s,
        capped: { session: crossing.session, figure: firing.figure, live: true },
      }));
      return undefined;
    }
    const history = closes.get(w.spec.symbol);
    const chart = history && history.length > 0 ? crossChart(w.spec, history, firing) : undefined;
    let reply = firingReply(chart ? { ...firing, chart } : firing, {
      id: w.id,
      spec: w.spec,
      source: this.o.services.market.name,
    });
    if (!chart) {
      // Said above the footer, so a missing chart is never silent.
      const blocks = [...reply.blocks];
      blocks.splice(blocks.length - 1, 0, {
        type: "text",
        text: `(No chart: the closes of ${w.spec.symbol} could not be fetched.)`,
      });
      reply = { ...reply, blocks, fallback: blocksToText(blocks) };
    }
    const attempt = crossing.attempts + 1;
    const result = await this.poster.deliver(
      {
        channel: w.channel,
        claim: `alert:${w.channel.key}:${w.id}:${crossing.session}:${firing.occurrence}`,
        reply,
        chartKey: `${specKey(w.spec)}|${crossing.session}|${firing.occurrence}`,
        fired: [{ owed: w, firing }],
        late: false,
      },
      { session: crossing.session, dueAt: crossing.time, now, attempt },
    );
    if (result === "posted") {
      report.posted++;
      this.postedNow.set(w.channel.key, (this.postedNow.get(w.channel.key) ?? 0) + 1);
    } else if (result === "elsewhere") report.elsewhere++;
    else if (result === "retrying") {
      report.retrying++;
      return { ...crossing, attempts: attempt };
    } else if (result === "failed" || result === "paused") {
      report.failed++;
      if (result === "paused") report.paused++;
    }
    return undefined;
  }
}

export function sameLevel(a: LevelState | undefined, b: LevelState | undefined): boolean {
  return a?.side === b?.side && a?.lastFired === b?.lastFired;
}
