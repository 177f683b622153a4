/**
 * Concurrent callers asking for the same thing share one promise: 100 simultaneous /rotation
 * requests make one upstream call per symbol. Entries leave the map as soon as they settle, so
 * nothing is remembered here; remembering is the Store's job.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, work: () => Promise<T>): Promise<T> {
    const existing = this.inFlight.get(key);
    if (existing) return existing;
    const promise = (async () => work())().finally(() => {
      this.inFlight.delete(key);
    });
    this.inFlight.set(key, promise);
    return promise;
  }

  get size(): number {
    return this.inFlight.size;
  }
}
