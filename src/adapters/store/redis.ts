/**
 * The shared store: Redis through @keyv/redis, for several bot processes. Commands fail fast
 * while the link is down (no offline queue, a command timeout) so a Redis outage degrades the
 * bot to "no cache" instead of hanging replies; the client keeps reconnecting in the background.
 */

import KeyvRedis, { createClient } from "@keyv/redis";
import { Keyv } from "keyv";
import type { Logger } from "../../core/ports.ts";
import { KEYV_NAMESPACE, KeyvStore, redactSecrets } from "./keyv-store.ts";
import { StoreOpenError, storeOpenReason } from "./open-error.ts";
import { watchConnection } from "../redis/connection-log.ts";

const CONNECT_TIMEOUT_MS = 5_000;
const COMMAND_TIMEOUT_MS = 5_000;
/** The reconnect interval doubles from 100 ms up to this. */
const MAX_RETRY_MS = 5_000;

/** The URL without user or password, safe for logs and error messages. */
export function redactRedisUrl(redisUrl: string): string {
  try {
    const u = new URL(redisUrl);
    return `${u.protocol}//${u.host}${u.pathname === "/" ? "" : u.pathname}`;
  } catch {
    return "(unparseable Redis URL)";
  }
}

function secretsOf(redisUrl: string): string[] {
  try {
    const u = new URL(redisUrl);
    return [u.password, decodeURIComponent(u.password)].filter((s) => s.length > 0);
  } catch {
    return [];
  }
}

export async function openRedisStore(
  redisUrl: string,
  logger: Logger,
  connectTimeoutMs = CONNECT_TIMEOUT_MS,
): Promise<KeyvStore> {
  const where = redactRedisUrl(redisUrl);
  const secrets = secretsOf(redisUrl);
  let retryMs: number | undefined;
  const client = createClient({
    url: redisUrl,
    disableOfflineQueue: true,
    commandOptions: { timeout: COMMAND_TIMEOUT_MS },
    socket: {
      connectTimeout: connectTimeoutMs,
      reconnectStrategy: (retries: number) => {
        retryMs = Math.min(2 ** retries * 100, MAX_RETRY_MS);
        return retryMs;
      },
    },
  });
  const adapter = new KeyvRedis(client, { connectionTimeout: connectTimeoutMs });
  const keyv = new Keyv({ store: adapter, namespace: KEYV_NAMESPACE });
  // Fail at start with a clear reason rather than on the first command; that failure is
  // reported once, by the error thrown, not as log lines as well.
  let lastError: unknown;
  const remember = (err: unknown) => {
    lastError = err;
  };
  client.on("error", remember);
  keyv.on("error", remember);
  try {
    const connecting = client.connect();
    connecting.catch(() => {});
    await withTimeout(connecting, connectTimeoutMs);
    await client.ping();
  } catch (err) {
    if (client.isOpen) client.destroy();
    const reason = storeOpenReason(lastError ?? err, `no answer within ${connectTimeoutMs} ms`);
    throw new StoreOpenError(`the Redis store at ${where}`, redactSecrets(reason, secrets), {
      cause: redactSecrets(String(lastError ?? err), secrets),
    });
  } finally {
    client.off("error", remember);
    keyv.off("error", remember);
  }
  // From here on an outage is one line when lost, one when retrying, one when back.
  const watch = watchConnection(client, logger, {
    connection: "store",
    where,
    retryMs: () => retryMs,
    maxRetryMs: MAX_RETRY_MS,
    ready: true,
  });
  const store = new KeyvStore(keyv, logger, {
    backend: "redis",
    secrets,
    // SET NX (with PX): Redis decides, one winner however many processes race.
    insertIfAbsent: async (key, encoded, expires) => {
      const fullKey = adapter.createKeyPrefix(key, adapter.namespace);
      const ttl = expires === undefined ? undefined : Math.max(1, expires - Date.now());
      const answer = await client.set(fullKey, encoded, {
        condition: "NX",
        ...(ttl !== undefined ? { expiration: { type: "PX" as const, value: ttl } } : {}),
      });
      return answer === "OK";
    },
    // While the link is down every command fails at once; the lines above already say why.
    quiet: () => !client.isReady,
    // A graceful close waits for replies; while Redis is unreachable there are none to wait for.
    disconnect: async () => {
      watch.closing();
      if (client.isReady) await client.close();
      else if (client.isOpen) client.destroy();
    },
  });
  logger.info({ backend: "redis", url: where }, "store ready");
  return store;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
