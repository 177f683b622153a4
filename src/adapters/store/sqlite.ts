/**
 * The embedded store: one SQLite file through @keyv/sqlite on Node's built-in node:sqlite (no
 * native compile step; the better-sqlite3 fallback is never built here).
 */
import { mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import KeyvSqlite from "@keyv/sqlite";
import { Keyv } from "keyv";
import type { Logger } from "../../core/ports.ts";
import { KEYV_NAMESPACE, KeyvStore } from "./keyv-store.ts";

/** Expired rows are only dropped when read; sweep hourly so cold keys do not pile up. */
const CLEAR_EXPIRED_EVERY_MS = 60 * 60_000;

export async function openSqliteStore(sqlitePath: string, logger: Logger): Promise<KeyvStore> {
  const memory = sqlitePath === ":memory:";
  const file = memory ? sqlitePath : resolve(sqlitePath);
  if (!memory) await mkdir(dirname(file), { recursive: true });
  const adapter = new KeyvSqlite({
    uri: `sqlite://${file}`,
    driver: "node:sqlite",
    // WAL lets a second process (e.g. the CLI) read while the bot writes.
    wal: !memory,
    busyTimeout: 5_000,
    clearExpiredInterval: CLEAR_EXPIRED_EVERY_MS,
  });
  const keyv = new Keyv({ store: adapter, namespace: KEYV_NAMESPACE });
  const store = new KeyvStore(keyv, logger, {
    backend: "sqlite",
    insertIfAbsent: (key, encoded, expires) => insertIfAbsent(adapter, key, encoded, expires),
  });
  try {
    // Surfaces a bad path or a corrupt file now rather than as a silent miss on first use.
    await adapter.ready;
  } catch (err) {
    await store.close().catch(() => {});
    throw new Error(`Cannot open the SQLite store at ${file}`, { cause: err });
  }
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
