/**
 * Progress of a long command shown by editing the deferred message ("computing breadth of 1,949
 * members… 600 of 1,949"), at most once per interval, and never after the answer.
 */
import type { Progress } from "../../core/command.ts";
import { count } from "../../core/format.ts";
import { clip, escapeText, LIMITS } from "./limits.ts";

export interface ProgressReporter {
  report(p: Progress): void;
  /** Stops further edits and waits for one in flight, so it cannot land after the answer. */
  stop(): Promise<void>;
}

export function progressLine(p: Progress): string {
  const share =
    p.total !== undefined && p.done !== undefined ? ` (${count(p.done)} of ${count(p.total)})` : "";
  return clip(`⏳ ${escapeText(p.message.replace(/[.…\s]+$/, ""))}…${share}`, LIMITS.content);
}

export function progressReporter(
  edit: (content: string) => Promise<unknown>,
  intervalMs: number,
  onError: (err: unknown) => void,
): ProgressReporter {
  // The first edit waits one interval: quick answers never show a progress line.
  let last = Date.now();
  let pending: Progress | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let chain: Promise<void> = Promise.resolve();

  const flush = () => {
    timer = undefined;
    const p = pending;
    pending = undefined;
    if (stopped || !p) return;
    last = Date.now();
    // Once flushed an edit goes out, in order; stop() waits for it, so it always lands before the answer.
    chain = chain.then(() => edit(progressLine(p)).then(() => undefined, onError));
  };

  return {
    report(p) {
      if (stopped) return;
      pending = p;
      if (timer) return;
      timer = setTimeout(flush, Math.max(0, last + intervalMs - Date.now()));
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await chain;
    },
  };
}
