/**
 * A thin wrapper of the Store port (not of any module): every call goes through to a real Store,
 * and is written down first, so tests can count round trips.
 */
import type { Store } from "../../../src/core/ports.ts";

export interface StoreCall {
  method: "get" | "set" | "getMany" | "setMany" | "setIfAbsent" | "delete" | "close";
  namespace?: string;
  keys: string[];
}

export class CountingStore implements Store {
  readonly calls: StoreCall[] = [];
  private readonly inner: Store;

  constructor(inner: Store) {
    this.inner = inner;
  }

  /** The calls of one method. */
  of(method: StoreCall["method"]): StoreCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  reset(): void {
    this.calls.length = 0;
  }

  get<T>(namespace: string, key: string): Promise<T | undefined> {
    this.calls.push({ method: "get", namespace, keys: [key] });
    return this.inner.get<T>(namespace, key);
  }

  set<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<void> {
    this.calls.push({ method: "set", namespace, keys: [key] });
    return this.inner.set(namespace, key, value, ttlMs);
  }

  getMany<T>(namespace: string, keys: string[]): Promise<(T | undefined)[]> {
    this.calls.push({ method: "getMany", namespace, keys: [...keys] });
    return this.inner.getMany<T>(namespace, keys);
  }

  setMany<T>(namespace: string, entries: { key: string; value: T; ttlMs?: number }[]): Promise<void> {
    this.calls.push({ method: "setMany", namespace, keys: entries.map((e) => e.key) });
    return this.inner.setMany(namespace, entries);
  }

  setIfAbsent<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<boolean> {
    this.calls.push({ method: "setIfAbsent", namespace, keys: [key] });
    return this.inner.setIfAbsent(namespace, key, value, ttlMs);
  }

  delete(namespace: string, key: string): Promise<void> {
    this.calls.push({ method: "delete", namespace, keys: [key] });
    return this.inner.delete(namespace, key);
  }

  close(): Promise<void> {
    this.calls.push({ method: "close", keys: [] });
    return this.inner.close();
  }
}
