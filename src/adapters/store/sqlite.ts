/**
 * The embedded store: one SQLite file through @keyv/sqlite on Node's built-in node:sqlite (no
 * native compile step; the better-sqlite3 fallback is never built here).
 */
import { constants } from "node:fs";
import { access, mkdir, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import KeyvSqlite from "@keyv/sqlite";
import { Keyv } from "keyv";
import type { Logger } from "../../core/ports.ts";
import { KEYV_NAMESPACE, KeyvStore } from "./keyv-store.ts";
import { StoreOpenError, storeOpenReason } from "./open-error.ts";

/** Expired rows are only dropped when read; sweep hourly so cold keys do not pile up. */
const CLEAR_EXPIRED_EVERY_MS = 60 * 60_000;

/**
 * Opens (creating when absent) the SQLite file. Throws a StoreOpenError naming the file and the
 * reason ("is not a SQLite database", "permission denied"); a file that is not a database is
 * only read, never written.
 */
export async function openSqliteStore(sqlitePath: string, logger: Logger): Promise<KeyvStore> {
  const memory = sqlitePath === ":memory:";
  const file = memory ? sqlitePath : resolve(sqlitePath);
  const name = `the SQLite store at ${sqlitePath}`;
  if (!memory) await checkPath(file, name);
  const adapter = new KeyvSqlite({
    uri: `sqlite://${file}`,
    driver: "node:sqlite",
    // WAL lets a second process (e.g. the CLI) read while the bot writes.
    wal: !memory,
    busyTimeout: 5_000,
    clearExpiredInterval: CLEAR_EXPIRED_EVERY_MS,
  });
  const keyv = new Keyv({ store: adapter, namespace: KEYV_NAMESPACE });
  // The failure to open is reported once, by the error thrown below, not as a log line as well.
  const quiet = () => {};
  keyv.on("error", quiet);
  try {
    // Surfaces a bad path or a corrupt file now rather than as a silent miss on first use.
    await adapter.ready;
  } catch (err) {
    await keyv.disconnect().catch(() => {});
    throw new StoreOpenError(name, storeOpenReason(err), { cause: err });
  } finally {
    keyv.off("error", quiet);
  }
  const store = new KeyvStore(keyv, logger, {
    backend: "sqlite",
    persistent: !memory,
    insertIfAbsent: (key, encoded, expires) => insertIfAbsent(adapter, key, encoded, expires),
  });
  logger.info({ backend: "sqlite", file, driver: adapter.driverName }, "store ready");
  return store;
}

/**
 * One statement, so atomic across connections and processes on the file: insert the row, or
 * overwrite one whose expiry has passed (keyv drops expired rows only when it reads them);
 * RETURNING yields a row only when this statement wrote it.
 */
async function insertIfAbsent(
  adapter: KeyvSqlite,
  key: string,
  encoded: string,
  expires: number | undefined,
): Promise<boolean> {
  const table = `"${adapter.table.replaceAll('"', '""')}"`;
  const rows = await adapter.query(
    `INSERT INTO ${table} (key, value, namespace, expires) VALUES (?, ?, ?, ?)
     ON CONFLICT(key, namespace) DO UPDATE SET value = excluded.value, expires = excluded.expires
     WHERE ${table}.expires IS NOT NULL AND ${table}.expires <= ?
     RETURNING key`,
    key,
    encoded,
    adapter.namespace ?? "",
    expires ?? null,
    Date.now(),
  );
  return rows.length === 1;
}

/** The folder exists (or is created) and the file, or the folder for a new file, is writable. */
async function checkPath(file: string, name: string): Promise<void> {
  const fail = (err: unknown): never => {
    throw new StoreOpenError(name, storeOpenReason(err), { cause: err });
  };
  await mkdir(dirname(file), { recursive: true }).catch(fail);
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) throw new StoreOpenError(name, "the path is a folder, not a file");
  await access(existing ? file : dirname(file), constants.R_OK | constants.W_OK).catch(fail);
}
