/**
 * One scheduler per SQLite store. Two bot processes on one store file would otherwise both run
 * the embedded scheduler, and its claims only serialise within a process. The first process to
 * start takes an exclusive SQLite lock on a small file beside the store and holds it while it
 * runs; the operating system drops the lock when the process ends, however it ends (kill -9
 * included), so a later start takes over at once. Who holds it is noted in the store, so a
 * second process can say why it does not schedule.
 */
import { hostname } from "node:os";
import { resolve } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { errorMessage } from "../../core/errors.ts";
import type { Store } from "../../core/ports.ts";

/** SQLite's "database is locked". */
const SQLITE_BUSY = 5;
export const LOCK_NAMESPACE = "scheduler-lock";

export interface LockHolder {
  owner: string;
  pid: number;
  host: string;
  /** Epoch ms. */
  since: number;
}

export type LockAttempt = { held: true; release: () => void } | { held: false; reason: string };

export function lockFileFor(storePath: string): string {
  return `${resolve(storePath)}.scheduler-lock`;
}

/**
 * Takes the scheduler lock of the SQLite store at `storePath`, or says who has it. Never waits:
 * SQLite's busy timeout is 0. Throws only when the lock file cannot be opened at all.
 */
export async function lockScheduler(storePath: string, store: Store, owner: string): Promise<LockAttempt> {
  const file = lockFileFor(storePath);
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { timeout: 0 });
  } catch (err) {
    throw new Error(`Cannot open the scheduler lock file ${file}: ${errorMessage(err)}`, { cause: err });
  }
  try {
    // Held until this connection closes: no other connection may even read the file meanwhile.
    db.exec("BEGIN EXCLUSIVE");
  } catch (err) {
    db.close();
    if ((err as { errcode?: unknown }).errcode !== SQLITE_BUSY) throw err;
    const holder = await store.get<LockHolder>(LOCK_NAMESPACE, "holder").catch(() => undefined);
    const who = holder
      ? `process ${holder.pid} on ${holder.host} (since ${new Date(holder.since).toISOString()})`
      : "another process";
    return {
      held: false,
      reason: `${who} runs the scheduler on this store (lock ${file}); this process answers commands and takes over posting the briefs once that process has stopped`,
    };
  }
  const holder: LockHolder = { owner, pid: process.pid, host: hostname(), since: Date.now() };
  await store.set(LOCK_NAMESPACE, "holder", holder).catch(() => {});
  let released = false;
  return {
    held: true,
    release: () => {
      if (released) return;
      released = true;
      db.close();
    },
  };
}
