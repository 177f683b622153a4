/**
 * Read-modify-write on the Store port is not atomic. Within one process, work passed here for the
 * same store runs one piece at a time, which makes such updates safe in a single-process bot
 * (SQLite); across processes, callers need more (the Redis claims, or a read-back check).
 */
import type { Store } from "../ports.ts";

/** Work queued per store; a WeakMap so a closed store's queue goes with it. */
const queues = new WeakMap<Store, Promise<unknown>>();

export function serialised<T>(store: Store, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(store) ?? Promise.resolve();
  const next = previous.then(work, work);
  queues.set(
    store,
    next.catch(() => {}),
  );
  return next;
}
