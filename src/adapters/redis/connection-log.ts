/**
 * One log line per change of a Redis connection's state, instead of one per failed attempt: a
 * client retrying every few hundred ms while Redis is down emits an error each time (ioredis
 * prints a multi-line stack to stderr for every one that nobody listens to). Every client gets
 * an error listener here; the log says "lost" once, "retrying" once with the interval, "back" once.
 * Before the first connection nothing is logged: a failure to start is reported where it happens.
 */
import type { Logger } from "../../core/ports.ts";
import { redactText } from "../../core/redact.ts";

/** What ioredis clients, node-redis clients and BullMQ queues and workers have in common. */
export interface ConnectionEvents {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
}

export interface ConnectionWatch {
  /** Feed an error seen elsewhere (a BullMQ worker's 'error') into the same state. */
  error(err: unknown): void;
  /** Watch another client of the same connection (a duplicate); its states count as this one's. */
  add(client: ConnectionEvents): void;
  /** Before a deliberate close: what follows is not an outage. */
  closing(): void;
}

export interface WatchOptions {
  /** Names the connection in each line, e.g. "store" or "scheduler". */
  connection: string;
  /** Where it points, already without credentials. */
  where: string;
  /** The client's reconnect interval now (node-redis does not pass it with 'reconnecting'). */
  retryMs?: () => number | undefined;
  /** The longest interval the client's reconnect strategy waits. */
  maxRetryMs?: number;
  /** Set when the client is already connected (watching starts after connect). */
  ready?: boolean;
  clock?: () => number;
}

function reasonOf(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | undefined;
  const text =
    typeof e?.code === "string" ? e.code : typeof e?.message === "string" ? e.message : String(err);
  return redactText(text.split("\n")[0]?.slice(0, 200) ?? "");
}

export function watchConnection(
  client: ConnectionEvents,
  logger: Logger,
  options: WatchOptions,
): ConnectionWatch {
  const now = options.clock ?? Date.now;
  const fields = { connection: options.connection, where: options.where };
  let state: "starting" | "up" | "down" | "closed" = options.ready ? "up" : "starting";
  let lostAt = 0;
  let lastReason: string | undefined;
  let retryLogged = false;

  const lost = (reason: string | undefined) => {
    if (state !== "up") return;
    state = "down";
    lostAt = now();
    retryLogged = false;
    logger.warn({ ...fields, state: "lost", reason: reason ?? "connection closed" }, "redis connection lost");
  };
  const onError = (err: unknown) => {
    lastReason = reasonOf(err);
    lost(lastReason);
  };
  const onReconnecting = (delay: unknown) => {
    if (state === "closed" || state === "starting") return;
    if (state === "up") lost(lastReason);
    // Once per outage: the interval grows to a cap, and every attempt is not news.
    if (retryLogged) return;
    retryLogged = true;
    const everyMs = typeof delay === "number" ? delay : options.retryMs?.();
    logger.warn(
      {
        ...fields,
        state: "retrying",
        ...(everyMs !== undefined ? { everyMs } : {}),
        ...(options.maxRetryMs !== undefined ? { upToMs: options.maxRetryMs } : {}),
        reason: lastReason ?? "connection closed",
      },
      "redis connection retrying",
    );
  };
  const onReady = () => {
    if (state === "down")
      logger.info({ ...fields, state: "back", downForMs: now() - lostAt }, "redis connection back");
    if (state !== "closed") state = "up";
    lastReason = undefined;
  };
  const onClose = () => {
    if (state === "closed") return;
    lost(lastReason);
  };
  const attach = (c: ConnectionEvents) => {
    c.on("error", onError);
    c.on("reconnecting", onReconnecting);
    c.on("ready", onReady);
    c.on("close", onClose);
    c.on("end", onClose);
  };
  attach(client);
  return {
    error: onError,
    add: attach,
    closing() {
      state = "closed";
    },
  };
}
