/**
 * Level crossings from live quotes during NYSE hours: every poll, one batched quote request for
 * every symbol any channel's `cross` alert watches, each alert's hysteresis state stepped with
 * its symbol's price, and each crossing posted once under a claim on (channel, alert, session,
 * crossing number). Outside the session nothing is requested. The state (side, last direction,
 * crossings this session) lives in the store, so a restart or another replica carries on from it.
 */

import { type LevelState, stepLevel } from "../analytics/events.ts";
import type { CommandContext } from "../command.ts";
import type { Services } from "../dispatch.ts";
import { errorMessage } from "../errors.ts";
import { num } from "../format.ts";
import { marketState } from "../market/calendar.ts";
import { formatNyTime, nyDate } from "../market/time.ts";
import type { Logger } from "../ports.ts";
import { CLAIM_KEEP_MS, type Claims } from "../schedule/claims.ts";
import { describePostError, type Posters } from "../schedule/poster.ts";
import { withTimeout } from "../schedule/run-parts.ts";
import { DEFINITIONS, type Firing } from "./evaluate.ts";
import { firingReply } from "./render.ts";
import { type AlertSpec, symbolName } from "./spec.ts";
import { type AlertState, AlertStore, type ChannelWithAlerts } from "./store.ts";

export interface IntradayOptions {
  services: Services;
  posters: Posters;
  claims: Claims;
  owner: string;
  leaseMs?: number;
  postTimeoutMs?: number;
  /** Posts a channel gets for one session (shared with the after-close alerts). */
  maxPerSession?: number;
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
  failed: number;
}

type CrossSpec = Extract<AlertSpec, { kind: "cross" }>;

export class IntradayPoller {
  private readonly o: IntradayOptions;
  private readonly alerts: AlertStore;
  private readonly log: Logger;
  private inFlight = false;

  constructor(options: IntradayOptions) {
    this.o = options;
    this.alerts = new AlertStore(options.services.store);
    this.log = options.services.logger.child({ component: "alerts-intraday" });
  }

  context(): CommandContext {
    return { ...this.o.services, requester: { platform: "schedule" } };
  }

  async poll(now = this.o.services.clock.now()): Promise<PollReport> {
    const report: PollReport = {
      open: false,
      symbols: 0,
      requests: 0,
      fired: 0,
      posted: 0,
      elsewhere: 0,
      failed: 0,
    };
    if (marketState(now) !== "open" || this.inFlight) return report;
    report.open = true;
    this.inFlight = true;
    try {
      const channels = (await this.alerts.all()).filter((c) => c.delivery.pausedAt === undefined);
      const watched: { channel: ChannelWithAlerts; id: number; spec: CrossSpec; state: AlertState }[] = [];
      for (const channel of channels)
        for (const a of channel.alerts)
          if (a.spec.kind === "cross")
            watched.push({ channel, id: a.id, spec: a.spec, state: channel.states.get(a.id) ?? {} });
      const symbols = [...new Set(watched.map((w) => w.spec.symbol))];
      report.symbols = symbols.length;
      if (symbols.length === 0) return report;
      report.requests = 1;
      const quotes = await this.o.services.market.quotes(symbols);
      const prices = new Map(quotes.quotes.map((q) => [q.symbol, q]));
      const session = nyDate(now);
      for (const w of watched) {
        const q = prices.get(w.spec.symbol);
        if (!q) continue;
        const step = stepLevel(w.state.level ?? {}, q.price, w.spec.level, w.spec.band);
        const seen = w.state.intraday?.session === session ? w.state.intraday.count : 0;
        if (!step.fired) {
          if (!sameLevel(step.state, w.state.level))
            await this.alerts.saveState(w.channel.key, w.id, (s) => ({ ...s, level: step.state }));
          continue;
        }
        report.fired++;
        const n = seen + 1;
        const firing = crossFiring(w.spec, step.fired, q.price, session, q.time || now, n);
        await this.deliver(w, firing, now, report);
        await this.alerts.saveState(w.channel.key, w.id, (s) => ({
          ...s,
          level: step.state,
          intraday: { session, count: n },
        }));
      }
      return report;
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, "intraday alert poll failed; the next poll tries again");
      return report;
    } finally {
      this.inFlight = false;
    }
  }

  private async deliver(
    w: { channel: ChannelWithAlerts; id: number; spec: CrossSpec },
    firing: Firing,
    now: number,
    report: PollReport,
  ): Promise<void> {
    const claim = `alert:${w.channel.key}:${w.id}:${firing.session}:${firing.occurrence}`;
    if (!(await this.o.claims.acquire(claim, this.o.owner, this.o.leaseMs ?? 10 * 60_000))) {
      report.elsewhere++;
      return;
    }
    const cap = this.o.maxPerSession ?? 10;
    const d = w.channel.delivery;
    if ((d.posted?.session === firing.session ? d.posted.count : 0) >= cap) {
      await this.o.claims.complete(claim, this.o.owner, CLAIM_KEEP_MS);
      return;
    }
    const target = {
      platform: w.channel.channel.platform,
      channelId: w.channel.channel.channelId,
      ...(w.channel.channel.workspaceId ? { workspaceId: w.channel.channel.workspaceId } : {}),
    };
    try {
      const poster = this.o.posters[target.platform];
      if (!poster) throw new Error(`no ${target.platform} connection in this process`);
      await withTimeout(
        poster.post(
          target,
          firingReply(firing, { id: w.id, spec: w.spec, source: this.o.services.market.name }),
        ),
        this.o.postTimeoutMs ?? 120_000,
      );
    } catch (err) {
      const e = describePostError(err);
      report.failed++;
      this.log.warn({ channel: w.channel.key, code: e.code, err: e.message }, "intraday alert post failed");
      // A crossing is news only now: it is not retried.
      await this.o.claims.complete(claim, this.o.owner, CLAIM_KEEP_MS);
      return;
    }
    report.posted++;
    await this.alerts.saveDelivery(w.channel.key, (dd) => {
      const count = dd.posted?.session === firing.session ? dd.posted.count + 1 : 1;
      return { ...dd, posted: { session: firing.session, count } };
    });
    await this.alerts.saveState(w.channel.key, w.id, (s) => ({
      ...s,
      lastFired: { session: firing.session, at: now, figure: firing.figure },
    }));
    await this.o.claims.complete(claim, this.o.owner, CLAIM_KEEP_MS);
  }
}

function sameLevel(a: LevelState | undefined, b: LevelState | undefined): boolean {
  return a?.side === b?.side && a?.lastFired === b?.lastFired;
}

/** The firing of a live crossing: the price and its time. */
export function crossFiring(
  spec: CrossSpec,
  direction: "up" | "down",
  price: number,
  session: string,
  time: number,
  n: number,
): Firing {
  const side = direction === "up" ? "above" : "below";
  return {
    session,
    occurrence: `live-${n}`,
    title: `${spec.symbol} crossed ${side} ${num(spec.level)}`,
    figure: num(price),
    threshold: `${num(spec.level)} (band ${num(spec.band * 100, 2)}%)`,
    reason: `${symbolName(spec.symbol)} traded at ${num(price)} at ${formatNyTime(time)} New York, ${side} ${num(spec.level)}.`,
    definition: DEFINITIONS.cross,
    data: { price, level: spec.level, direction, time: new Date(time).toISOString() },
    asOf: `${formatNyTime(time)} New York`,
  };
}
