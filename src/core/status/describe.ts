/** How times read in /status: a New York clock time and how long ago. */
import { formatAge } from "../market/as-of.ts";
import { formatShortDate, formatNyTime, nyDate } from "../market/time.ts";

/** "14:02 New York, 3 min ago"; the date too when it is not today in New York. */
export function whenAgo(at: number, now: number): string {
  const day = nyDate(at) === nyDate(now) ? "" : `${formatShortDate(nyDate(at))} `;
  return `${day}${formatNyTime(at)} New York, ${formatAge(Math.max(0, now - at))} ago`;
}

/** Resolves with `work`, or rejects with DeadlineError once `signal` aborts, whichever is first. */
export function beforeDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new DeadlineError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new DeadlineError());
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

export class DeadlineError extends Error {
  override readonly name = "DeadlineError";
  constructor() {
    super("the deadline passed");
  }
}
