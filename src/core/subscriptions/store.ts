/**
 * Subscriptions on the Store port, which cannot list keys. Under "subscriptions.v1":
 *   sub:<id>           the settings (written by /subscribe, deleted by /unsubscribe)
 *   state:<id>         the delivery state (written by the scheduler)
 *   ws:<workspace>     the ids subscribed in one workspace ("<platform>:<workspace id>")
 *   workspaces         the workspace keys that have (or had) a subscription
 * The records are the truth; an index is a list of where to look. A record is written before it
 * is indexed and un-indexed after it is deleted, so a reader never misses a live record because
 * of the order of writes, and skips ids whose record is gone.
 *
 * An index update is read-modify-write, which the Store cannot make atomic. Updates through this
 * module are serialised per store in this process; across processes (a shared Redis), each update
 * waits a moment after writing, reads back, and writes again when another process's update, read
 * before ours landed, overwrote it. What could still slip through (a store slower than that wait)
 * is repaired when the channel next looks at or changes its subscription (`ensureIndexed`).
 */
import type { Store } from "../ports.ts";
import { serialised } from "../schedule/serial.ts";
import { type DeliveryState, EMPTY_STATE, type Subscription, type SubscriptionSettings } from "./model.ts";

export const SUBSCRIPTIONS_NAMESPACE = "subscriptions.v1";
const WORKSPACES = "workspaces";
const WRITE_ATTEMPTS = 5;

const subKey = (id: string) => `sub:${id}`;
const stateKey = (id: string) => `state:${id}`;
export const workspaceKey = (platform: string, workspaceId: string | undefined) =>
  `ws:${platform}:${workspaceId ?? "-"}`;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long an index update waits before reading back what it wrote. */
export const VERIFY_AFTER_MS = 30;

export class SubscriptionStore {
  private readonly store: Store;
  private readonly verifyAfterMs: number;

  constructor(store: Store, options: { verifyAfterMs?: number } = {}) {
    this.store = store;
    this.verifyAfterMs = options.verifyAfterMs ?? VERIFY_AFTER_MS;
  }

  async get(id: string): Promise<Subscription | undefined> {
    const [settings, state] = await Promise.all([
      this.store.get<SubscriptionSettings>(SUBSCRIPTIONS_NAMESPACE, subKey(id)),
      this.store.get<DeliveryState>(SUBSCRIPTIONS_NAMESPACE, stateKey(id)),
    ]);
    return settings ? { ...settings, state: state ?? { ...EMPTY_STATE } } : undefined;
  }

  /**
   * Saves the settings and indexes them. A channel subscribing again keeps its delivery history
   * (so it is never posted twice for one session) but starts afresh after failures or a pause.
   */
  async save(settings: SubscriptionSettings): Promise<Subscription> {
    const old = await this.store.get<DeliveryState>(SUBSCRIPTIONS_NAMESPACE, stateKey(settings.id));
    const state: DeliveryState = {
      ...(old?.lastSentSession ? { lastSentSession: old.lastSentSession } : {}),
      ...(old?.lastSentAt ? { lastSentAt: old.lastSentAt } : {}),
      failures: 0,
    };
    await this.store.setMany<SubscriptionSettings | DeliveryState>(SUBSCRIPTIONS_NAMESPACE, [
      { key: subKey(settings.id), value: settings },
      { key: stateKey(settings.id), value: state },
    ]);
    await this.ensureIndexed(settings);
    return { ...settings, state };
  }

  /** Puts a subscription in its workspace's index and the workspace in the list (no-op when there). */
  async ensureIndexed(sub: Pick<SubscriptionSettings, "id" | "platform" | "workspaceId">): Promise<void> {
    const ws = workspaceKey(sub.platform, sub.workspaceId);
    await this.updateIndex(ws, (ids) => (ids.includes(sub.id) ? ids : [...ids, sub.id]));
    await this.updateIndex(WORKSPACES, (keys) => (keys.includes(ws) ? keys : [...keys, ws]));
  }

  /** Deletes a subscription; false when there was none. */
  async remove(id: string): Promise<boolean> {
    const found = await this.get(id);
    if (!found) return false;
    await this.store.delete(SUBSCRIPTIONS_NAMESPACE, subKey(id));
    await this.store.delete(SUBSCRIPTIONS_NAMESPACE, stateKey(id));
    const ws = workspaceKey(found.platform, found.workspaceId);
    await this.updateIndex(ws, (ids) => ids.filter((x) => x !== id));
    return true;
  }

  async saveState(id: string, state: DeliveryState): Promise<void> {
    await this.store.set(SUBSCRIPTIONS_NAMESPACE, stateKey(id), state);
  }

  /** Every subscription of one workspace. */
  async inWorkspace(platform: string, workspaceId: string | undefined): Promise<Subscription[]> {
    const ids = await this.readIndex(workspaceKey(platform, workspaceId));
    return this.load(ids);
  }

  /** Every subscription the bot has: what the scheduler reads each run. */
  async all(): Promise<Subscription[]> {
    const workspaces = await this.readIndex(WORKSPACES);
    if (workspaces.length === 0) return [];
    const lists = await this.store.getMany<string[]>(SUBSCRIPTIONS_NAMESPACE, workspaces);
    const ids = [...new Set(lists.flatMap((l) => l ?? []))];
    return this.load(ids);
  }

  private async load(ids: readonly string[]): Promise<Subscription[]> {
    if (ids.length === 0) return [];
    const [settings, states] = await Promise.all([
      this.store.getMany<SubscriptionSettings>(SUBSCRIPTIONS_NAMESPACE, ids.map(subKey)),
      this.store.getMany<DeliveryState>(SUBSCRIPTIONS_NAMESPACE, ids.map(stateKey)),
    ]);
    const out: Subscription[] = [];
    settings.forEach((s, i) => {
      if (s) out.push({ ...s, state: states[i] ?? { ...EMPTY_STATE } });
    });
    return out;
  }

  private async readIndex(key: string): Promise<string[]> {
    const list = await this.store.get<string[]>(SUBSCRIPTIONS_NAMESPACE, key);
    return Array.isArray(list) ? list : [];
  }

  /** Read, change, write, read back; again while another process's write got in between. */
  private updateIndex(key: string, change: (ids: string[]) => string[]): Promise<void> {
    return serialised(this.store, async () => {
      for (let attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
        const current = await this.readIndex(key);
        const wanted = change(current);
        if (sameList(current, wanted)) return;
        await this.store.set(SUBSCRIPTIONS_NAMESPACE, key, wanted);
        if (this.verifyAfterMs > 0) await pause(this.verifyAfterMs);
        const seen = await this.readIndex(key);
        if (sameList(change(seen), seen)) return;
        await pause(Math.floor(Math.random() * 20 * attempt));
      }
      throw new Error(`the subscription index ${key} kept changing under this update`);
    });
  }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
