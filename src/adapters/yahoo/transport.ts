/**
 * The fetch handed to yahoo-finance2. Retries live here because this is the one place that sees
 * raw statuses and Retry-After headers: past this point the library turns a 429 into a bare
 * HTTPError (after printing the URL, crumb included, with console.error) and a malformed body into
 * a generic Error. So API responses reach the library only when they succeeded; every failure
 * leaves as a YahooHttpError or YahooNetworkError carrying what the provider needs to classify it.
 */
import { remainingMs } from "../../core/deadline.ts";
import type { CallOptions, Clock, Logger } from "../../core/ports.ts";
import { type BackoffPolicy, isRetryableStatus, parseRetryAfter, retryDelay } from "./retry-policy.ts";

/** Yahoo answered with a status we will not (or no longer) retry. */
export class YahooHttpError extends Error {
  override readonly name = "YahooHttpError";
  readonly status: number;
  /** host + path, never the query string (it carries the crumb). */
  readonly where: string;
  /** Yahoo's own description from its JSON error envelope, when it sent one. */
  readonly description: string | undefined;
  constructor(status: number, where: string, description: string | undefined, note = "") {
    super(`HTTP ${status} from ${where}${description ? `: ${description}` : ""}${note}`);
    this.status = status;
    this.where = where;
    this.description = description;
  }
}

/** No answer at all: time-out, refused connection, DNS failure, reset. */
export class YahooNetworkError extends Error {
  override readonly name = "YahooNetworkError";
  readonly kind: "timeout" | "network";
  readonly where: string;
  constructor(kind: "timeout" | "network", where: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.where = where;
  }
}

export interface TransportOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries: number;
  backoff: BackoffPolicy;
  /** Waits `ms`; rejects as soon as `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  clock: Clock;
  logger: Logger;
}

/** The API hosts answer JSON; anything else (cookie and consent pages) is the library's to judge. */
function isApiHost(host: string): boolean {
  return /^query\d*\.finance\.yahoo\.com$/i.test(host);
}

const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/** Yahoo's error envelope is {"<module>": {"result": null, "error": {code, description}}}. */
export function describeBody(text: string): string | undefined {
  try {
    const json: unknown = JSON.parse(text);
    if (json && typeof json === "object") {
      for (const inner of Object.values(json)) {
        const error = (inner as { error?: { description?: unknown; code?: unknown } } | null)?.error;
        const said = error?.description ?? error?.code;
        if (typeof said === "string" && said) return said.slice(0, 200);
      }
    }
  } catch {
    // Not JSON: Yahoo's edge answers plain text such as "Too Many Requests" or an HTML page.
  }
  const plain = text.trim();
  return plain && plain.length <= 200 && !plain.startsWith("<") ? plain : undefined;
}

function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const detail = cause?.code ?? cause?.message;
  const message = err instanceof Error ? err.message : String(err);
  return typeof detail === "string" && detail ? `${message} (${detail})` : message;
}

/** An attempt with less time than this left before the deadline is not started. */
export const MIN_ATTEMPT_MS = 150;

/** The source's name in wait notes. */
const SOURCE_NAME = "Yahoo Finance";

/**
 * Wraps `options.fetch` with a per-attempt time-out, retries with backoff, and typed failures.
 * `call` is the caller's: its signal stops everything at once (a sleep included), each attempt's
 * time-out is cut to what is left before its deadline, an attempt that could not finish in time is
 * never started, and each attempt is reported to its wait hook.
 */
export function resilientFetch(options: TransportOptions, call: CallOptions = {}): typeof fetch {
  const { timeoutMs, retries, backoff, sleep, clock } = options;
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const where = `${url.host}${url.pathname}`;
    const log = options.logger.child({ host: url.host, path: url.pathname });
    const stopped = () =>
      new YahooNetworkError(
        "timeout",
        where,
        `stopped waiting for ${where}: the caller's deadline passed or it cancelled`,
      );
    let failure: Error | undefined;
    for (let attempt = 0; ; attempt++) {
      if (call.signal?.aborted) throw failure ?? stopped();
      const left = remainingMs(call.deadline);
      if (left < MIN_ATTEMPT_MS) {
        log.warn({ attempts: attempt, err: failure?.message }, "no time left for another yahoo attempt");
        throw failure ?? stopped();
      }
      const attemptMs = Math.min(timeoutMs, left);
      const timeout = AbortSignal.timeout(attemptMs);
      const signal = AbortSignal.any([
        timeout,
        ...[init?.signal, call.signal].filter((s) => s !== undefined && s !== null),
      ]);
      let retryAfterMs: number | undefined;
      let current: Error;
      const started = clock.now();
      const waited = call.waiting?.({ source: SOURCE_NAME, attempt: attempt + 1, attempts: retries + 1 });
      try {
        const res = await options.fetch(input, { ...init, signal });
        // Read the body inside the time-out too: a server that stalls mid-body is a time-out.
        const body = NULL_BODY.has(res.status) ? null : await res.arrayBuffer();
        log.debug({ status: res.status, ms: clock.now() - started, attempt }, "yahoo response");
        const ok = res.status < 400 && (res.status < 300 || !isApiHost(url.host));
        if (ok || (!isApiHost(url.host) && !isRetryableStatus(res.status)))
          return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
        const text = body ? new TextDecoder().decode(body) : "";
        const error = new YahooHttpError(res.status, where, describeBody(text));
        if (!isRetryableStatus(res.status)) throw error;
        current = error;
        retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), clock.now());
      } catch (err) {
        if (err instanceof YahooHttpError) throw err;
        if (call.signal?.aborted) throw stopped();
        if (init?.signal?.aborted) throw err;
        current = timeout.aborted
          ? new YahooNetworkError("timeout", where, `no answer from ${where} within ${attemptMs} ms`)
          : new YahooNetworkError("network", where, `cannot reach ${where}: ${networkCause(err)}`, {
              cause: err,
            });
      } finally {
        waited?.();
      }
      failure = current;
      let wait = attempt < retries ? retryDelay(attempt, retryAfterMs, backoff) : undefined;
      // A pause that would leave no time for the attempt after it is not worth taking.
      if (wait !== undefined && wait + MIN_ATTEMPT_MS > remainingMs(call.deadline)) {
        log.warn({ err: failure.message, attempts: attempt + 1 }, "no time left to retry yahoo");
        wait = undefined;
        retryAfterMs = undefined;
      }
      if (wait === undefined) {
        const gaveUp = attempt < retries && retryAfterMs !== undefined;
        log.warn({ err: failure.message, attempts: attempt + 1, retryAfterMs }, "yahoo request failed");
        if (gaveUp && failure instanceof YahooHttpError)
          throw new YahooHttpError(
            failure.status,
            where,
            failure.description,
            ` (asked to wait ${Math.round(retryAfterMs ?? 0) / 1000} s)`,
          );
        throw failure;
      }
      log.warn(
        { err: failure.message, attempt: attempt + 1, waitMs: wait },
        "yahoo request failed; retrying",
      );
      try {
        await sleep(wait, call.signal);
      } catch {
        throw failure;
      }
    }
  };
}
