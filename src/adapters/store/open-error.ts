/**
 * Why a store could not be opened, in one sentence of ours: the SQLite driver and the Redis
 * client report "file is not a database" or "connect ECONNREFUSED", an operator needs to read
 * "is not a SQLite database" or "connection refused" next to the store's name.
 */

/** The store could not be opened; the message names the store and the reason, nothing else. */
export class StoreOpenError extends Error {
  override readonly name = "StoreOpenError";
  /** e.g. "the SQLite store at data/rotation-bot.sqlite" or "the Redis store at redis://cache:6379". */
  readonly store: string;
  readonly reason: string;
  constructor(store: string, reason: string, options?: { cause?: unknown }) {
    super(`cannot open ${store}: ${reason}`, options);
    this.store = store;
    this.reason = reason;
  }
}

interface ErrorLike {
  code?: unknown;
  errcode?: unknown;
  errno?: unknown;
  message?: unknown;
}

/** SQLite primary result codes (the low byte of an extended code). */
const SQLITE_REASONS: Record<number, string> = {
  3: "permission denied",
  8: "the file is read-only",
  10: "a disk read or write failed",
  11: "the file is damaged (malformed database)",
  13: "the disk is full",
  14: "the file cannot be opened (missing folder or permission denied)",
  23: "permission denied",
  26: "is not a SQLite database",
};

const SYSTEM_REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOTDIR: "a part of the path is a file, not a folder",
  // mkdir of a folder that already exists as a file
  EEXIST: "a part of the path is a file, not a folder",
  EISDIR: "the path is a folder, not a file",
  ENOSPC: "the disk is full",
  ECONNREFUSED: "connection refused",
  ECONNRESET: "the connection was reset",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host not found (DNS lookup failed)",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "no answer (timed out)",
};

/**
 * Our own words for why a store did not open; for an error we do not know, `fallback` or else
 * "unexpected error" with the first line of its message (an operator reads this, not a user).
 */
export function storeOpenReason(err: unknown, fallback?: string): string {
  const seen = new Set<unknown>();
  // The useful part may be the error itself, its cause, or one of an AggregateError's errors.
  const queue: unknown[] = [err];
  while (queue.length > 0) {
    const e = queue.shift();
    if (!e || typeof e !== "object" || seen.has(e)) continue;
    seen.add(e);
    const { code, errcode, message } = e as ErrorLike;
    if (typeof errcode === "number" && SQLITE_REASONS[errcode & 0xff])
      return SQLITE_REASONS[errcode & 0xff] as string;
    if (typeof code === "string" && SYSTEM_REASONS[code]) return SYSTEM_REASONS[code] as string;
    if (typeof message === "string") {
      const known = reasonFromMessage(message);
      if (known) return known;
    }
    if ("cause" in e) queue.push((e as { cause?: unknown }).cause);
    if (e instanceof AggregateError) queue.push(...e.errors);
  }
  if (fallback) return fallback;
  const first = (err instanceof Error ? err.message : String(err)).split("\n")[0]?.slice(0, 200);
  return `unexpected error: ${first}`;
}

function reasonFromMessage(message: string): string | undefined {
  if (/WRONGPASS|invalid username-password/i.test(message)) return "the user name or password was refused";
  if (/NOAUTH/i.test(message)) return "it needs a password (add it to the URL)";
  if (/file is not a database/i.test(message)) return "is not a SQLite database";
  if (/malformed/i.test(message)) return "the file is damaged (malformed database)";
  for (const [code, reason] of Object.entries(SYSTEM_REASONS)) if (message.includes(code)) return reason;
  return undefined;
}
