/**
 * Every command answers within a deadline and can be cancelled. The dispatcher gives each run one
 * AbortSignal and one deadline, hands them to every port call (the ports are bound here, so no
 * command can forget them), and tracks what the run is waiting for so the person asking can be
 * told after a couple of seconds. Times are the real wall clock (Date.now), never the injectable
 * Clock: a test's fixed market time must not stop deadlines from passing.
 */
import type { Progress } from "./command.ts";
import type {
  CallOptions,
  ChartRenderer,
  MarketData,
  MemberLists,
  QuotesOptions,
  WaitNote,
} from "./ports.ts";

/** COMMAND_DEADLINE_MS's default. */
export const DEFAULT_DEADLINE_MS = 15_000;
/** COMMAND_DEADLINE_LONG_MS's default: breadth over ~2,000 members, the brief, history back-fill. */
export const DEFAULT_LONG_DEADLINE_MS = 120_000;
/** Waiting longer than this is worth a word to the person asking. */
export const WAIT_NOTE_AFTER_MS = 2_000;

/** Why a run was stopped: its deadline passed. */
export class DeadlineExceeded extends Error {
  override readonly name = "DeadlineExceeded";
  readonly ms: number;
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
    this.ms = ms;
  }
}

/** Why a run was stopped: the person asking cancelled it (Ctrl-C). */
export class Cancelled extends Error {
  override readonly name = "Cancelled";
  constructor() {
    super("cancelled");
  }
}

/**
 * The part of a deadline kept for turning data into an answer (computing, drawing the chart):
 * data calls give up this much earlier, so cached data can still be served in time.
 */
export function answerReserveMs(deadlineMs: number): number {
  return Math.min(1_500, Math.max(200, Math.round(deadlineMs / 10)));
}

/** Milliseconds left before `deadline` (epoch ms); Infinity without one. */
export function remainingMs(deadline: number | undefined, now = Date.now()): number {
  return deadline === undefined ? Number.POSITIVE_INFINITY : deadline - now;
}

/** Sleeps `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * `work`, or the signal's reason as soon as it aborts (for work that takes no signal of its own,
 * or may sit in a queue). The work itself is not stopped; its later failure is swallowed.
 */
export function raceSignal<T>(work: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(err);
      },
    );
  });
}

/** "waiting for Yahoo Finance, attempt 2 of 3" */
export function describeWait(note: WaitNote): string {
  const attempt =
    note.attempt !== undefined && note.attempts !== undefined && note.attempts > 1
      ? `, attempt ${note.attempt} of ${note.attempts}`
      : "";
  return `waiting for ${note.source}${attempt}`;
}

/**
 * What a run is waiting for right now. Once it has waited `afterMs`, the latest open wait is
 * reported (and each new one after that), so a quick answer never shows a waiting line.
 */
export class WaitTracker {
  readonly #open = new Map<number, WaitNote>();
  readonly #report: (p: Progress) => void;
  #next = 0;
  #shown: WaitNote | undefined;
  #late = false;
  readonly #timer: NodeJS.Timeout;

  constructor(report: (p: Progress) => void, afterMs = WAIT_NOTE_AFTER_MS) {
    this.#report = report;
    this.#timer = setTimeout(() => {
      this.#late = true;
      this.#show();
    }, afterMs);
    this.#timer.unref?.();
  }

  /** The CallOptions.waiting callback. */
  readonly waiting = (note: WaitNote): (() => void) => {
    const id = this.#next++;
    this.#open.set(id, note);
    this.#show();
    return () => {
      this.#open.delete(id);
    };
  };

  /** The open wait furthest along its attempts (the latest among equals), if any. */
  get current(): WaitNote | undefined {
    let best: WaitNote | undefined;
    for (const note of this.#open.values())
      if (!best || (note.attempt ?? 0) >= (best.attempt ?? 0)) best = note;
    return best;
  }

  /** The source most recently waited for, open or not. */
  lastSource: string | undefined;

  #show(): void {
    const note = this.current;
    if (note) this.lastSource = note.source;
    if (!this.#late || !note) return;
    // Concurrent requests are at different attempts: say only what is new, never step back.
    const shown = this.#shown;
    if (shown && shown.source === note.source && (note.attempt ?? 0) <= (shown.attempt ?? 0)) return;
    this.#shown = note;
    this.#report({ message: describeWait(note) });
  }

  stop(): void {
    clearTimeout(this.#timer);
  }
}

/** Options for one port call: the caller's own, with the run's signal, deadline and wait hook. */
function merged<T extends CallOptions>(given: T | undefined, run: CallOptions): T {
  return { ...run, ...given } as T;
}

/** The run's ports, each call carrying the run's signal, deadline and wait hook. */
export function bindMarket(market: MarketData, run: CallOptions): MarketData {
  return {
    name: market.name,
    ...(market.sourceId === undefined ? {} : { sourceId: market.sourceId }),
    ...(market.quotesAsOfClose === undefined ? {} : { quotesAsOfClose: market.quotesAsOfClose }),
    history: (symbol, request, options) => market.history(symbol, request, merged(options, run)),
    quotes: (symbols, options) => market.quotes(symbols, merged<QuotesOptions>(options, run)),
  };
}

export function bindMembers(members: MemberLists, run: CallOptions): MemberLists {
  return { members: (alias, options) => members.members(alias, merged(options, run)) };
}

export function bindCharts(charts: ChartRenderer, run: CallOptions): ChartRenderer {
  return { name: charts.name, render: (spec, options) => charts.render(spec, merged(options, run)) };
}
