/**
 * Retried or duplicated deliveries (an HTTP retry, a Socket Mode redelivery) carry the same
 * trigger_id. The first one is answered; the others are acknowledged and dropped. Seen ids live
 * in the Store for an hour, taken with one atomic set-if-absent so that of two copies reaching two
 * processes that share the store at once, exactly one passes; and in memory, so repeats within one
 * process are dropped without a round trip.
 */
import type { Logger, Store } from "../../core/ports.ts";

export const DEDUP_NAMESPACE = "slack-deliveries";
export const DEDUP_TTL_MS = 60 * 60 * 1000;
/** In-memory ids kept at most; the Store remembers the rest. */
const MEMORY_LIMIT = 10_000;

export class DeliveryGuard {
  private readonly recent = new Map<string, number>();
  private readonly store: Store;
  private readonly logger: Logger;
  private readonly ttlMs: number;
  private readonly now: () => number;
  constructor(store: Store, logger: Logger, options: { ttlMs?: number; now?: () => number } = {}) {
    this.store = store;
    this.logger = logger;
    this.ttlMs = options.ttlMs ?? DEDUP_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** True for the first delivery of `id`, false for any repeat within the TTL. */
  async first(id: string): Promise<boolean> {
    const now = this.now();
    const seenAt = this.recent.get(id);
    if (seenAt !== undefined && now - seenAt < this.ttlMs) return false;
    this.remember(id, now);
    try {
      return await this.store.setIfAbsent(DEDUP_NAMESPACE, id, now, this.ttlMs);
    } catch (err) {
      // A store outage must not silence the bot: answering twice beats never answering.
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, "dedup store unavailable");
      return true;
    }
  }

  private remember(id: string, at: number): void {
    this.recent.set(id, at);
    if (this.recent.size <= MEMORY_LIMIT) return;
    // Maps iterate in insertion order: drop the oldest.
    const oldest = this.recent.keys().next().value;
    if (oldest !== undefined) this.recent.delete(oldest);
  }
}
