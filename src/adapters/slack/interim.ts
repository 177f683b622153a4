/**
 * The private "Working on it…" note while a slow command runs, updated by its progress reports.
 * A response_url takes at most 5 messages in 30 minutes, so notes are throttled and budgeted:
 * two uses are always kept for the answer and for any advice that must follow it.
 */
import type { Progress } from "../../core/command.ts";
import { count } from "../../core/format.ts";
import type { Logger } from "../../core/ports.ts";
import { fallbackText } from "./blocks.ts";

/** What the handler sends through the command's response_url. */
export type RespondMessage = {
  response_type?: "ephemeral" | "in_channel";
  replace_original?: boolean;
  delete_original?: boolean;
  text?: string;
  blocks?: unknown[];
};
export type Respond = (message: RespondMessage) => Promise<unknown>;

/** Slack's cap on messages per response_url. */
export const RESPONSE_URL_USES = 5;
const KEEP_FOR_ANSWER = 2;
/** Least time between two progress updates. */
export const PROGRESS_INTERVAL_MS = 3000;

export class ResponseChannel {
  private used = 0;
  private readonly respond: Respond;
  private readonly logger: Logger;
  constructor(respond: Respond, logger: Logger) {
    this.respond = respond;
    this.logger = logger;
  }

  get remaining(): number {
    return RESPONSE_URL_USES - this.used;
  }

  /** Sends one message; false (logged) when the budget is spent or Slack refused it. */
  async send(message: RespondMessage): Promise<boolean> {
    if (this.remaining <= 0) {
      this.logger.warn({}, "response_url budget spent; message dropped");
      return false;
    }
    this.used++;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.respond(message);
        return true;
      } catch (err) {
        // A dropped connection (fetch's TypeError) is worth one more try: a lost answer is worse
        // than a rare double. An HTTP refusal (expired or spent URL) is not.
        if (attempt === 1 && err instanceof TypeError) {
          await new Promise((resolve) => setTimeout(resolve, 250));
          continue;
        }
        this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, "response_url refused");
        return false;
      }
    }
  }
}

export class InterimNote {
  /** True once a note is on screen, so the answer can replace it. */
  shown = false;
  private closed = false;
  private lastAt = 0;
  private pending: Promise<unknown> = Promise.resolve();
  private queued = 0;
  /** A report that came before the interval passed, shown when it has. */
  private later: Progress | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly channel: ResponseChannel;
  private readonly label: string;
  private readonly intervalMs: number;
  private readonly now: () => number;
  constructor(
    channel: ResponseChannel,
    label: string,
    options: { intervalMs?: number; now?: () => number } = {},
  ) {
    this.channel = channel;
    this.label = label;
    this.intervalMs = options.intervalMs ?? PROGRESS_INTERVAL_MS;
    this.now = options.now ?? Date.now;
  }

  /** Shows "Working on …" once. */
  show(): void {
    if (this.shown || this.closed) return;
    this.shown = true;
    this.lastAt = this.now();
    this.enqueue(`Working on ${this.label}…`, false);
  }

  /**
   * A progress report: shown (replacing the note) when there is budget and time has passed. A
   * report without counts (what the command waits for) that comes too soon is shown once the
   * interval has passed, unless a newer report replaces it.
   */
  progress(p: Progress): void {
    if (this.closed) return;
    if (!this.shown) {
      // Progress means the work is long: say so at once, and what it waits for when it says.
      if (p.total !== undefined) this.show();
      else {
        this.shown = true;
        this.lastAt = this.now();
        this.enqueue(`Working on ${this.label}: ${p.message}…`, false);
      }
      return;
    }
    const early = this.intervalMs - (this.now() - this.lastAt);
    if (early > 0) {
      if (p.total !== undefined) return;
      this.later = p;
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        const waiting = this.later;
        this.later = undefined;
        if (waiting) this.progress(waiting);
      }, early);
      return;
    }
    // Notes still queued have not spent their use yet: count them now.
    if (this.channel.remaining - this.queued <= KEEP_FOR_ANSWER) return;
    this.lastAt = this.now();
    const counted = p.total ? ` (${count(p.done ?? 0)} of ${count(p.total)})` : "";
    this.enqueue(`Working on ${this.label}: ${p.message}${counted}…`, true);
  }

  /** No more notes; waits for any in flight so the answer lands after them. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await this.pending;
  }

  private enqueue(text: string, replace: boolean): void {
    this.queued++;
    this.pending = this.pending.then(async () => {
      await this.channel.send({
        response_type: "ephemeral",
        ...(replace ? { replace_original: true } : {}),
        text: fallbackText(text),
      });
      this.queued--;
    });
  }
}
