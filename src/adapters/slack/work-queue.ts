/**
 * Answers run after their acknowledgement, a few at a time. While acknowledgements are still
 * pending (a burst of commands arriving), answers wait, for at most `maxDeferMs`: the acks of a
 * burst all go out first, so answering (dispatch, charts, Web API calls) never pushes an ack
 * towards Slack's 3-second limit, and a single command is answered at once.
 */
export interface WorkQueueOptions {
  /** Jobs running at once. */
  concurrency: number;
  /** True while acknowledgements are in flight; answers wait for it to turn false. */
  busy?: () => boolean;
  /** Longest a job waits for `busy` to clear (a stalled request must not stall every answer). */
  maxDeferMs?: number;
}

export class WorkQueue {
  private readonly waiting: { job: () => Promise<void>; queuedAt: number }[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private running = 0;
  private scheduled = false;
  private readonly options: Required<WorkQueueOptions>;
  constructor(options: WorkQueueOptions) {
    this.options = { busy: () => false, maxDeferMs: 250, ...options };
    this.options.concurrency = Math.max(1, options.concurrency);
  }

  /** Jobs queued or running. */
  get size(): number {
    return this.waiting.length + this.running;
  }

  /** Queues a job; a rejection is swallowed so the queue keeps going (jobs report their own errors). */
  push(job: () => Promise<void>): void {
    this.waiting.push({ job, queuedAt: performance.now() });
    this.schedule();
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Runs `pump` after Node has read the sockets that are ready (setImmediate), once at a time. */
  private schedule(delayMs = 0): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      this.pump();
    };
    if (delayMs > 0) setTimeout(run, delayMs);
    else setImmediate(run);
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.waiting.length > 0) {
      const next = this.waiting[0] as { queuedAt: number };
      if (this.options.busy() && performance.now() - next.queuedAt < this.options.maxDeferMs) {
        this.schedule(1);
        return;
      }
      const { job } = this.waiting.shift() as { job: () => Promise<void> };
      this.running++;
      job()
        .catch(() => {})
        .finally(() => {
          this.running--;
          this.schedule();
          if (this.size === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
        });
    }
  }
}
