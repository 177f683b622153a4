/**
 * A short in-process memory of "the source does not have this", so a typo or a delisted member
 * is not asked again on every request. Kept out of the Store on purpose: misses must not outlive
 * a restart or a stale entry worth serving.
 */
export class MissMemo {
  private readonly misses = new Map<string, { reason: string; until: number }>();
  private readonly limit: number;

  constructor(limit = 10_000) {
    this.limit = limit;
  }

  get(key: string, now: number): string | undefined {
    const miss = this.misses.get(key);
    if (!miss) return undefined;
    if (now < miss.until) return miss.reason;
    this.misses.delete(key);
    return undefined;
  }

  set(key: string, reason: string, until: number, now: number): void {
    if (this.misses.size >= this.limit) {
      for (const [k, v] of this.misses) if (v.until <= now) this.misses.delete(k);
      // Still full of live misses: forget the oldest rather than grow without bound.
      if (this.misses.size >= this.limit) {
        const oldest = this.misses.keys().next();
        if (!oldest.done) this.misses.delete(oldest.value);
      }
    }
    this.misses.set(key, { reason, until });
  }

  delete(key: string): void {
    this.misses.delete(key);
  }
}
