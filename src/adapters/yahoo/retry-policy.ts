/**
 * When to retry a Yahoo request and how long to wait first: pure functions, so the policy can be
 * tested without a network and without real time passing.
 */

/** Statuses worth another try: rate limiting and server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/**
 * A Retry-After header in milliseconds from `nowMs`: either delay-seconds ("120") or an HTTP date
 * ("Wed, 21 Oct 2015 07:28:00 GMT"). Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(header: string | null | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // Only accept something that looks like a date, so "soon" or "-5" are ignored, not read as 0.
  if (!/[a-z]/i.test(value)) return undefined;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

export interface BackoffPolicy {
  /** First wait, before jitter (ms). */
  baseMs: number;
  /** Largest exponential wait, before jitter (ms). */
  maxBackoffMs: number;
  /** A Retry-After longer than this is not waited for: the request fails at once instead. */
  maxRetryAfterMs: number;
  /** Uniform in [0, 1); injectable for deterministic tests. */
  random: () => number;
}

export const DEFAULT_BACKOFF: Omit<BackoffPolicy, "random"> = {
  baseMs: 250,
  maxBackoffMs: 8_000,
  maxRetryAfterMs: 20_000,
};

/**
 * How long to wait before retry number `attempt` (0 = the first retry), or undefined when the
 * server asked for a longer pause than we are willing to hold a user's request for.
 * "Equal jitter": half the exponential step fixed, half random, so parallel batches spread out
 * but a wait never collapses to zero. A Retry-After is a floor, not a suggestion.
 */
export function retryDelay(
  attempt: number,
  retryAfterMs: number | undefined,
  policy: BackoffPolicy,
): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return undefined;
  const step = Math.min(policy.maxBackoffMs, policy.baseMs * 2 ** attempt);
  const jittered = Math.round(step / 2 + policy.random() * (step / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}
