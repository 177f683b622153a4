/**
 * Alerts on the Store port. Under "alerts.v1":
 *   ch:<channel>             the channel's alerts (written by /alert add and remove): at most 25
 *   state:<channel>:<id>     one alert's state (written by the evaluation): last firing, level side
 *   delivery:<channel>       the channel's delivery state: failures, pause, firings per session
 *   channels                 the channels that have (or had) alerts
 *   run:close, run:live      how the last after-close evaluation and the last live poll went
 *   lock:<channel>           held (set-if-absent, with a short lease) while a channel's alerts change
 *   id:<channel>:<id>        taken (set-if-absent) by the alert that got that number
 * The channel record is the truth; the index is where to look. A channel's alerts change under its
 * lock, so two processes adding at once cannot pass the limit or lose an alert, and each number is
 * taken once however the lock fares. Other updates are serialised per store in this process; the
 * index is read back after writing and written again when another process's update overwrote it,
 * as the subscriptions' index is.
 */
import type { LevelState } from "../analytics/events.ts";
import type { Store } from "../ports.ts";
import { serialised } from "../schedule/serial.ts";
import type { ChannelRef } from "../subscriptions/access.ts";
import type { DeliveryError } from "../subscriptions/model.ts";
import { withChannelLock, withFreshIds } from "./channel-lock.ts";
import type { AlertSpec } from "./spec.ts";

export { AlertsBusyError } from "./channel-lock.ts";

export const ALERTS_NAMESPACE = "alerts.v1";
export const MAX_ALERTS_PER_CHANNEL = 25;
const CHANNELS = "channels";
const WRITE_ATTEMPTS = 5;
const VERIFY_AFTER_MS = 30;

export interface AlertSettings {
  /** Numbered per channel from 1; never reused in that channel. */
  id: number;
  spec: AlertSpec;
  createdBy: string;
  createdAt: number;
}

export interface ChannelAlerts {
  channel: ChannelRef;
  nextId: number;
  alerts: AlertSettings[];
}

export interface FiredRecord {
  session: string;
  /** Epoch ms of the post. */
  at: number;
  figure: string;
  late?: boolean;
}

export interface AlertState {
  lastFired?: FiredRecord;
  /** The last session this alert was evaluated for after the close. */
  evaluated?: string;
  /** Firings that were not posted because their session had passed (the bot was down). */
  missed?: { session: string; figure: string }[];
  /** Firings left out of the channel because it reached its cap for the session (in the summary). */
  capped?: { session: string; figure: string; live?: boolean };
  /** Level crossings: the side and last direction (hysteresis). */
  level?: LevelState;
  /** Live crossings posted this session (they number the occurrences). */
  intraday?: { session: string; count: number };
  /** A live crossing whose post was refused for now: tried again at the next poll. */
  pending?: PendingCrossing;
}

export interface PendingCrossing {
  session: string;
  /** The crossing's number in the session. */
  n: number;
  direction: "up" | "down";
  price: number;
  /** The quote's time (epoch ms). */
  time: number;
  /** Attempts made at its post. */
  attempts: number;
}

/** How an evaluation went, for /status. */
export interface AlertRunRecord {
  /** Epoch ms the run ended. */
  at: number;
  /** The session evaluated (after the close) or polled (live). */
  session?: string;
  evaluated: number;
  fired: number;
  posted: number;
  failed: number;
  waiting?: number;
  /** Our sentence when the run could not be completed. */
  error?: string;
}

/** One channel for /status: no states are read. */
export interface AlertOverview {
  key: string;
  channelId: string;
  alerts: number;
  pausedAt?: number;
  lastError?: string;
}

export interface ChannelDelivery {
  failures: number;
  pausedAt?: number;
  lastError?: DeliveryError;
  /** Posts made for one session, against the cap. */
  posted?: { session: string; count: number };
  lastFailedSession?: string;
}

export interface ChannelWithAlerts extends ChannelAlerts {
  key: string;
  delivery: ChannelDelivery;
  states: Map<number, AlertState>;
}

export function channelKey(c: ChannelRef): string {
  return `${c.platform}:${c.workspaceId ?? "-"}:${c.channelId}`;
}

const chKey = (key: string) => `ch:${key}`;
const stateKey = (key: string, id: number) => `state:${key}:${id}`;
const deliveryKey = (key: string) => `delivery:${key}`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class AlertStore {
  private readonly store: Store;
  private readonly verifyAfterMs: number;

  constructor(store: Store, options: { verifyAfterMs?: number } = {}) {
    this.store = store;
    this.verifyAfterMs = options.verifyAfterMs ?? VERIFY_AFTER_MS;
  }

  async channel(channel: ChannelRef): Promise<ChannelWithAlerts> {
    const key = channelKey(channel);
    const [found] = await this.load([key]);
    return found ?? { key, channel, nextId: 1, alerts: [], delivery: { failures: 0 }, states: new Map() };
  }

  /** Changes a channel's alerts under the per-store queue; returns what `change` returns. */
  async update<T>(
    channel: ChannelRef,
    change: (current: ChannelAlerts) => { next: ChannelAlerts; result: T },
    options: { signal?: AbortSignal } = {},
  ): Promise<T> {
    const key = channelKey(channel);
    const result = await serialised(this.store, () =>
      withChannelLock(this.store, ALERTS_NAMESPACE, key, options.signal, async () => {
        const current = (await this.store.get<ChannelAlerts>(ALERTS_NAMESPACE, chKey(key))) ?? {
          channel,
          nextId: 1,
          alerts: [],
        };
        const out = change(current);
        const next = await withFreshIds(this.store, ALERTS_NAMESPACE, key, current, out.next);
        await this.store.set(ALERTS_NAMESPACE, chKey(key), next);
        return out.result;
      }),
    );
    await this.updateIndex((keys) => (keys.includes(key) ? keys : [...keys, key]));
    return result;
  }

  /** Every channel with alerts, counted and without their states: what /status reads. */
  async overview(): Promise<AlertOverview[]> {
    const keys = await this.readIndex();
    if (keys.length === 0) return [];
    const [records, deliveries] = await Promise.all([
      this.store.getMany<ChannelAlerts>(ALERTS_NAMESPACE, keys.map(chKey)),
      this.store.getMany<ChannelDelivery>(ALERTS_NAMESPACE, keys.map(deliveryKey)),
    ]);
    const out: AlertOverview[] = [];
    records.forEach((r, i) => {
      if (!r || r.alerts.length === 0) return;
      const d = deliveries[i];
      out.push({
        key: keys[i] as string,
        channelId: r.channel.channelId,
        alerts: r.alerts.length,
        ...(d?.pausedAt !== undefined ? { pausedAt: d.pausedAt } : {}),
        ...(d?.lastError ? { lastError: d.lastError.message } : {}),
      });
    });
    return out;
  }

  async saveRun(kind: "close" | "live", run: AlertRunRecord): Promise<void> {
    await this.store.set(ALERTS_NAMESPACE, `run:${kind}`, run);
  }

  async runs(): Promise<{ close?: AlertRunRecord; live?: AlertRunRecord }> {
    const [close, live] = await this.store.getMany<AlertRunRecord>(ALERTS_NAMESPACE, [
      "run:close",
      "run:live",
    ]);
    return { ...(close ? { close } : {}), ...(live ? { live } : {}) };
  }

  /** Every channel with alerts, with their states: what each evaluation reads. */
  async all(): Promise<ChannelWithAlerts[]> {
    const keys = await this.readIndex();
    return this.load(keys);
  }

  /** The channels with alerts in one workspace ("slack", team id), with their states. */
  async inWorkspace(platform: string, workspaceId: string | undefined): Promise<ChannelWithAlerts[]> {
    const prefix = `${platform}:${workspaceId ?? "-"}:`;
    return this.load((await this.readIndex()).filter((key) => key.startsWith(prefix)));
  }

  private async load(keys: readonly string[]): Promise<ChannelWithAlerts[]> {
    if (keys.length === 0) return [];
    const [records, deliveries] = await Promise.all([
      this.store.getMany<ChannelAlerts>(ALERTS_NAMESPACE, keys.map(chKey)),
      this.store.getMany<ChannelDelivery>(ALERTS_NAMESPACE, keys.map(deliveryKey)),
    ]);
    const stateKeys: string[] = [];
    records.forEach((r, i) => {
      for (const a of r?.alerts ?? []) stateKeys.push(stateKey(keys[i] as string, a.id));
    });
    const states = stateKeys.length ? await this.store.getMany<AlertState>(ALERTS_NAMESPACE, stateKeys) : [];
    const byKey = new Map(stateKeys.map((k, i) => [k, states[i]]));
    const out: ChannelWithAlerts[] = [];
    records.forEach((r, i) => {
      if (!r || r.alerts.length === 0) return;
      const key = keys[i] as string;
      const map = new Map<number, AlertState>();
      for (const a of r.alerts) {
        const s = byKey.get(stateKey(key, a.id));
        if (s) map.set(a.id, s);
      }
      out.push({ ...r, key, delivery: deliveries[i] ?? { failures: 0 }, states: map });
    });
    return out;
  }

  async saveState(key: string, id: number, change: (s: AlertState) => AlertState): Promise<void> {
    await serialised(this.store, async () => {
      const current = (await this.store.get<AlertState>(ALERTS_NAMESPACE, stateKey(key, id))) ?? {};
      await this.store.set(ALERTS_NAMESPACE, stateKey(key, id), change(current));
    });
  }

  /**
   * Many alert states of one evaluation: read, changed and written in two round trips, so what
   * another writer saved meanwhile (a post's lastFired) is kept unless the change replaces it.
   */
  async updateStates(
    entries: { key: string; id: number; change: (s: AlertState) => AlertState }[],
  ): Promise<void> {
    if (entries.length === 0) return;
    await serialised(this.store, async () => {
      const keys = entries.map((e) => stateKey(e.key, e.id));
      const current = await this.store.getMany<AlertState>(ALERTS_NAMESPACE, keys);
      await this.store.setMany(
        ALERTS_NAMESPACE,
        entries.map((e, i) => ({ key: keys[i] as string, value: e.change(current[i] ?? {}) })),
      );
    });
  }

  async deleteState(key: string, id: number): Promise<void> {
    await this.store.delete(ALERTS_NAMESPACE, stateKey(key, id));
  }

  async delivery(key: string): Promise<ChannelDelivery> {
    return (await this.store.get<ChannelDelivery>(ALERTS_NAMESPACE, deliveryKey(key))) ?? { failures: 0 };
  }

  async saveDelivery(key: string, change: (d: ChannelDelivery) => ChannelDelivery): Promise<ChannelDelivery> {
    return serialised(this.store, async () => {
      const next = change(await this.delivery(key));
      await this.store.set(ALERTS_NAMESPACE, deliveryKey(key), next);
      return next;
    });
  }

  private async readIndex(): Promise<string[]> {
    const list = await this.store.get<string[]>(ALERTS_NAMESPACE, CHANNELS);
    return Array.isArray(list) ? list : [];
  }

  private updateIndex(change: (keys: string[]) => string[]): Promise<void> {
    return serialised(this.store, async () => {
      for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
        const current = await this.readIndex();
        const wanted = change(current);
        if (wanted.length === current.length) return;
        await this.store.set(ALERTS_NAMESPACE, CHANNELS, wanted);
        if (this.verifyAfterMs > 0) await pause(this.verifyAfterMs);
        const seen = await this.readIndex();
        if (change(seen).length === seen.length) return;
        await pause(Math.floor(Math.random() * 20 * attempt));
      }
      throw new Error("the alert channel index kept changing under this update");
    });
  }
}
