/**
 * /ready: should this process receive work now? Not while it is shutting down, not when the store
 * does not take a write (a read cannot tell: a failed read answers "absent"), not while a chat
 * connection it runs is down.
 */
import type { Store } from "../../core/ports.ts";
import type { Readiness } from "./server.ts";

export interface ReadinessSources {
  store: Pick<Store, "set">;
  /** The chat platforms this process runs. */
  platforms: () => readonly string[];
  /** Whether each platform's connection is up now. */
  connections: () => ReadonlyMap<string, boolean>;
  /** Each Discord gateway shard this process runs, with whether it is up now. */
  shards?: () => ReadonlyMap<number, boolean>;
  stopping: () => boolean;
  /** How long the store may take to answer (default 2 s). */
  storeTimeoutMs?: number;
}

export function readiness(sources: ReadinessSources): () => Promise<Readiness> {
  return async () => {
    const stopping = sources.stopping();
    const store = await storeWritable(sources.store, sources.storeTimeoutMs ?? 2_000);
    const checks = [`shutdown: ${stopping ? "stopping" : "no"}`, `store: ${store ? "ok" : "unreachable"}`];
    let chats = true;
    for (const platform of sources.platforms()) {
      const up = sources.connections().get(platform) === true;
      chats &&= up;
      checks.push(`${platform}: ${up ? "connected" : "not connected"}`);
    }
    for (const [shard, up] of [...(sources.shards?.() ?? [])].sort(([a], [b]) => a - b)) {
      chats &&= up;
      checks.push(`discord shard ${shard}: ${up ? "connected" : "not connected"}`);
    }
    return { ready: !stopping && store && chats, checks };
  };
}

async function storeWritable(store: Pick<Store, "set">, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      store.set("health", "ready", Date.now(), 60_000),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("store time-out")), timeoutMs);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
