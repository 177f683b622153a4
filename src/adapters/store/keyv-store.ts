/**
 * The Store port on one Keyv instance. Our namespaces become key prefixes under one keyv
 * namespace, so a single connection serves them all; the namespace is URI-encoded so it holds no
 * ":" and "a:b"/"c" can never collide with "a"/"b:c".
 */
import type { Keyv } from "keyv";
import type { Logger, Store } from "../../core/ports.ts";

/** The keyv namespace every key of the bot lives under (the Redis key prefix, the SQLite column). */
export const KEYV_NAMESPACE = "rotation-bot";

export function storeKey(namespace: string, key: string): string {
  if (namespace === "") throw new RangeError("Store namespace must not be empty");
  return `${encodeURIComponent(namespace)}:${key}`;
}

export interface KeyvStoreOptions {
  /** "sqlite" or "redis", for log lines. */
  backend: string;
  /** Strings that must never reach a log line (e.g. the Redis password). */
  secrets?: string[];
  /** Replaces keyv.disconnect() when the backend needs a say in how it closes. */
  disconnect?: () => Promise<void>;
  /**
   * The backend's own atomic set-if-absent (keyv has none): `key` as keyv hands it to the
   * adapter, `encoded` the value as keyv would store it, `expires` epoch ms. True when stored.
   */
  insertIfAbsent: (key: string, encoded: string, expires: number | undefined) => Promise<boolean>;
  /** False for a store that lives only as long as the process (default true). */
  persistent?: boolean;
  /** True while backend errors are already reported elsewhere (a Redis outage): not logged. */
  quiet?: () => boolean;
}

/** Same message at most once a minute: a Redis outage emits an error per reconnect attempt. */
const LOG_EVERY_MS = 60_000;

/** The text with every secret replaced by ***. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join("***");
  return out;
}

export function storeErrorLogger(
  logger: Logger,
  backend: string,
  secrets: string[] = [],
  quiet: () => boolean = () => false,
): (err: unknown) => void {
  const lastLogged = new Map<string, { at: number; suppressed: number }>();
  return (err) => {
    if (quiet()) return;
    const message = redactSecrets(err instanceof Error ? err.message : String(err), secrets);
    const now = Date.now();
    const seen = lastLogged.get(message);
    if (seen && now - seen.at < LOG_EVERY_MS) {
      seen.suppressed++;
      return;
    }
    lastLogged.set(message, { at: now, suppressed: 0 });
    logger.error({ backend, error: message, suppressedSinceLast: seen?.suppressed ?? 0 }, "store error");
  };
}

function checkTtl(ttlMs: number | undefined): void {
  if (ttlMs !== undefined && !(Number.isFinite(ttlMs) && ttlMs > 0))
    throw new RangeError(`Store ttl must be a positive number of ms, got ${ttlMs}`);
}

export class KeyvStore implements Store {
  readonly backend: string;
  readonly persistent: boolean;
  private readonly keyv: Keyv;
  private readonly disconnect: () => Promise<void>;
  private readonly insertIfAbsent: KeyvStoreOptions["insertIfAbsent"];
  private closed = false;

  constructor(keyv: Keyv, logger: Logger, options: KeyvStoreOptions) {
    this.keyv = keyv;
    this.backend = options.backend;
    this.persistent = options.persistent ?? true;
    this.disconnect = options.disconnect ?? (() => keyv.disconnect());
    this.insertIfAbsent = options.insertIfAbsent;
    // Keyv reports backend failures as 'error' events (and throws if nobody listens).
    keyv.on("error", storeErrorLogger(logger, options.backend, options.secrets, options.quiet));
  }

  /** Resolves undefined when the key is absent, expired, or the backend failed (logged). */
  async get<T>(namespace: string, key: string): Promise<T | undefined> {
    return this.keyv.get<T>(storeKey(namespace, key));
  }

  /** Throws when the backend did not take the write, so callers never believe lost data was kept. */
  async set<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<void> {
    checkTtl(ttlMs);
    if (this.closed) throw new Error(`Store (${this.backend}) is closed`);
    const ok = await this.keyv.set(storeKey(namespace, key), value, ttlMs);
    if (!ok) throw new Error(`Store (${this.backend}) did not save ${namespace}/${key}`);
  }

  /**
   * One batched read: SQLite `SELECT ... WHERE key IN (...)` (998 keys a statement), Redis one
   * MGET. Like get, a key that is absent, expired or lost to a backend failure answers undefined.
   */
  async getMany<T>(namespace: string, keys: string[]): Promise<(T | undefined)[]> {
    if (keys.length === 0) return [];
    return this.keyv.getMany<T>(keys.map((key) => storeKey(namespace, key)));
  }

  /**
   * One batched write: SQLite multi-row upserts (249 rows a statement, each statement atomic),
   * Redis one MULTI/EXEC. Throws when any entry was not taken, naming how many and the first.
   */
  async setMany<T>(namespace: string, entries: { key: string; value: T; ttlMs?: number }[]): Promise<void> {
    if (entries.length === 0) return;
    for (const entry of entries) checkTtl(entry.ttlMs);
    const results = await this.keyv.setMany<T>(
      entries.map(({ key, value, ttlMs }) => ({ key: storeKey(namespace, key), value, ttl: ttlMs })),
    );
    const lost = entries.filter((_, i) => results[i] !== true);
    if (lost.length > 0)
      throw new Error(
        `Store (${this.backend}) did not save ${lost.length} of ${entries.length} entries of ${namespace}, e.g. ${namespace}/${lost[0]?.key}`,
      );
  }

  /** One atomic step on the backend; throws when it failed, so callers never guess. */
  async setIfAbsent<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<boolean> {
    checkTtl(ttlMs);
    if (this.closed) throw new Error(`Store (${this.backend}) is closed`);
    const expires = ttlMs === undefined ? undefined : Date.now() + ttlMs;
    // Encoded exactly as keyv's own set would, so get and getMany read it back.
    const encoded = await this.keyv.encode({ value, expires });
    if (typeof encoded !== "string")
      throw new Error(`Store (${this.backend}) cannot encode ${namespace}/${key}`);
    return this.insertIfAbsent(storeKey(namespace, key), encoded, expires);
  }

  async delete(namespace: string, key: string): Promise<void> {
    await this.keyv.delete(storeKey(namespace, key));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.disconnect();
  }
}
