/**
 * Claims make a scheduled piece of work (one subscription's post for one session, one breadth
 * record) happen once however many runs or processes try it. A claim is held for a lease while
 * the work runs, then completed (never claimable again) or released (a later run may retry). A
 * holder that died leaves its lease to run out, after which another run takes the work over.
 */
import type { Clock, Store } from "../ports.ts";
import { serialised } from "./serial.ts";

export interface Claims {
  /** Takes the claim unless it is done or a lease on it is still running (whoever holds it). */
  acquire(key: string, owner: string, leaseMs: number): Promise<boolean>;
  /** Marks the work done: nobody can claim it again for `keepMs`. */
  complete(key: string, owner: string, keepMs: number): Promise<void>;
  /** Gives back a claim this owner holds, so a later run may try again. */
  release(key: string, owner: string): Promise<void>;
  /** For each key, whether it could be claimed now (a hint: only acquire decides). */
  available(keys: readonly string[]): Promise<boolean[]>;
}

export const CLAIMS_NAMESPACE = "schedule-claims.v1";
/** How long a finished claim is remembered: longer than any catch-up window or weekend. */
export const CLAIM_KEEP_MS = 8 * 86_400_000;

interface ClaimRecord {
  owner: string;
  /** Lease end (epoch ms, by the scheduler's clock); ignored once done. */
  until: number;
  done: boolean;
}

/**
 * Claims on the Store port: atomic within one process (each claim is read and written under a
 * per-store queue), which is what the embedded, single-process scheduler needs. Processes that
 * share a store need an atomic backend instead (the Redis claims of the BullMQ scheduler).
 */
export class StoreClaims implements Claims {
  private readonly store: Store;
  private readonly clock: Clock;

  constructor(store: Store, clock: Clock) {
    this.store = store;
    this.clock = clock;
  }

  acquire(key: string, owner: string, leaseMs: number): Promise<boolean> {
    return serialised(this.store, async () => {
      const now = this.clock.now();
      const held = await this.store.get<ClaimRecord>(CLAIMS_NAMESPACE, key);
      // Held means held, by this owner too: two overlapping runs of one process must not both post.
      if (held && (held.done || held.until > now)) return false;
      await this.store.set<ClaimRecord>(
        CLAIMS_NAMESPACE,
        key,
        { owner, until: now + leaseMs, done: false },
        CLAIM_KEEP_MS,
      );
      return true;
    });
  }

  complete(key: string, owner: string, keepMs: number): Promise<void> {
    return serialised(this.store, () =>
      this.store.set<ClaimRecord>(CLAIMS_NAMESPACE, key, { owner, until: 0, done: true }, keepMs),
    );
  }

  async available(keys: readonly string[]): Promise<boolean[]> {
    if (keys.length === 0) return [];
    const now = this.clock.now();
    const held = await this.store.getMany<ClaimRecord>(CLAIMS_NAMESPACE, [...keys]);
    return held.map((h) => !h || (!h.done && h.until <= now));
  }

  release(key: string, owner: string): Promise<void> {
    return serialised(this.store, async () => {
      const held = await this.store.get<ClaimRecord>(CLAIMS_NAMESPACE, key);
      if (held && !held.done && held.owner === owner) await this.store.delete(CLAIMS_NAMESPACE, key);
    });
  }
}
