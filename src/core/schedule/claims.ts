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
  /** How many times the claim was taken over (a lapsed or released lease taken again). */
  generation?: number;
}

export interface StoreClaimsOptions {
  /**
   * Set when this owner is the only scheduler on the store (it holds the scheduler lock): a lease
   * another owner still holds belongs to a process that is gone, so it is taken over at once
   * rather than when it runs out, which keeps a repeat within the few minutes a Discord nonce holds.
   */
  soleOwner?: string;
}

/**
 * Claims on the Store port. The first take of a claim is one atomic set-if-absent; taking over a
 * lapsed or released lease is one atomic set-if-absent of a key for the next generation, so of
 * several takers exactly one wins, also across processes sharing the store. Within a process the
 * steps run under a per-store queue as well.
 */
export class StoreClaims implements Claims {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly soleOwner: string | undefined;

  constructor(store: Store, clock: Clock, options: StoreClaimsOptions = {}) {
    this.store = store;
    this.clock = clock;
    this.soleOwner = options.soleOwner;
  }

  acquire(key: string, owner: string, leaseMs: number): Promise<boolean> {
    return serialised(this.store, async () => {
      const now = this.clock.now();
      const fresh: ClaimRecord = { owner, until: now + leaseMs, done: false, generation: 0 };
      if (await this.store.setIfAbsent(CLAIMS_NAMESPACE, key, fresh, CLAIM_KEEP_MS)) return true;
      const held = await this.store.get<ClaimRecord>(CLAIMS_NAMESPACE, key);
      if (!held || held.done) return false;
      // Held means held, by this owner too: two overlapping runs of one process must not both post.
      if (held.until > now && !this.abandoned(held)) return false;
      const generation = (held.generation ?? 0) + 1;
      if (!(await this.store.setIfAbsent(CLAIMS_NAMESPACE, `${key}#${generation}`, owner, CLAIM_KEEP_MS)))
        return false;
      await this.store.set<ClaimRecord>(CLAIMS_NAMESPACE, key, { ...fresh, generation }, CLAIM_KEEP_MS);
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
    return held.map((h) => !h || (!h.done && (h.until <= now || this.abandoned(h))));
  }

  /** A lease of another owner while this one is the sole scheduler: its process is gone. */
  private abandoned(held: ClaimRecord): boolean {
    return this.soleOwner !== undefined && held.owner !== this.soleOwner;
  }

  release(key: string, owner: string): Promise<void> {
    return serialised(this.store, async () => {
      const held = await this.store.get<ClaimRecord>(CLAIMS_NAMESPACE, key);
      // Lapsed at once, keeping its generation: the next taker moves to the next one.
      if (held && !held.done && held.owner === owner)
        await this.store.set<ClaimRecord>(CLAIMS_NAMESPACE, key, { ...held, until: 0 }, CLAIM_KEEP_MS);
    });
  }
}
