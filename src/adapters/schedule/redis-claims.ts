/**
 * Claims on Redis, atomic across every process sharing it: SET NX PX takes a claim (one winner
 * however many replicas try at once), a compare-and-delete script gives it back only if this
 * owner still holds it, and "done" overwrites it for the keep period. Leases run on Redis's clock.
 */
import type { Redis } from "ioredis";
import type { Claims } from "../../core/schedule/claims.ts";

export const CLAIM_PREFIX = "rotation-bot:claims:";
const DONE = "done";

const RELEASE = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

export class RedisClaims implements Claims {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(redis: Redis, prefix = CLAIM_PREFIX) {
    this.redis = redis;
    this.prefix = prefix;
  }

  async acquire(key: string, owner: string, leaseMs: number): Promise<boolean> {
    if (owner === DONE) throw new RangeError(`"${DONE}" cannot own a claim`);
    const ok = await this.redis.set(this.prefix + key, owner, "PX", Math.max(1, Math.round(leaseMs)), "NX");
    return ok === "OK";
  }

  async complete(key: string, _owner: string, keepMs: number): Promise<void> {
    await this.redis.set(this.prefix + key, DONE, "PX", Math.max(1, Math.round(keepMs)));
  }

  async available(keys: readonly string[]): Promise<boolean[]> {
    if (keys.length === 0) return [];
    const held = await this.redis.mget(...keys.map((k) => this.prefix + k));
    return held.map((v) => v === null);
  }

  async release(key: string, owner: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.prefix + key, owner);
  }
}
