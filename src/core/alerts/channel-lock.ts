/**
 * A channel's alerts change under a lock taken with one set-if-absent (so exactly one process
 * holds it, also across replicas), with a short lease in case its holder dies; and each new
 * alert's number is taken by set-if-absent as well, so no two alerts of a channel ever share one,
 * even if a lease lapsed under a stalled holder.
 */
import { randomUUID } from "node:crypto";
import type { Store } from "../ports.ts";
import type { AlertSettings, ChannelAlerts } from "./store.ts";

/** A channel lock's lease: far longer than a read and a write, short enough after a crash. */
const LOCK_LEASE_MS = 10_000;
/** How long a change waits for another process's change of the same channel. */
const LOCK_WAIT_MS = 5_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Another process kept the channel's alerts locked past the wait. */
export class AlertsBusyError extends Error {
  override readonly name = "AlertsBusyError";
}

/**
 * Runs `work` holding the channel's lock; waits for another holder up to LOCK_WAIT_MS or until
 * `signal` aborts.
 */
export async function withChannelLock<T>(
  store: Store,
  namespace: string,
  key: string,
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const lock = `lock:${key}`;
  const token = randomUUID();
  const giveUpAt = Date.now() + LOCK_WAIT_MS;
  for (let attempt = 1; !(await store.setIfAbsent(namespace, lock, token, LOCK_LEASE_MS)); attempt++) {
    if (Date.now() >= giveUpAt || signal?.aborted)
      throw new AlertsBusyError("this channel's alerts are being changed elsewhere; try again in a moment");
    await pause(5 + Math.floor(Math.random() * 10 * Math.min(attempt, 5)));
  }
  try {
    return await work();
  } finally {
    // Given back only while it is still ours (a lapsed lease may have passed to another process).
    if ((await store.get<string>(namespace, lock)) === token) await store.delete(namespace, lock);
  }
}

/**
 * The next record with each new alert's number taken by set-if-absent: a number another process
 * took is skipped.
 */
export async function withFreshIds(
  store: Store,
  namespace: string,
  key: string,
  before: ChannelAlerts,
  next: ChannelAlerts,
): Promise<ChannelAlerts> {
  const old = new Set(before.alerts.map((a) => a.id));
  let nextId = Math.max(next.nextId, before.nextId);
  const alerts: AlertSettings[] = [];
  for (const a of next.alerts) {
    if (old.has(a.id)) {
      alerts.push(a);
      continue;
    }
    let id = a.id;
    while (!(await store.setIfAbsent(namespace, `id:${key}:${id}`, a.createdBy)))
      id = Math.max(id + 1, nextId);
    nextId = Math.max(nextId, id + 1);
    alerts.push({ ...a, id });
  }
  return { ...next, nextId, alerts };
}
