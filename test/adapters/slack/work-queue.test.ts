/**
 * GIVEN answers queued behind acknowledgements THEN they wait while acks are pending (never
 * longer than the cap), run a few at a time, and idle() tells when all are done.
 */
import { describe, expect, it } from "vitest";
import { WorkQueue } from "../../../src/adapters/slack/work-queue.ts";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("WorkQueue", () => {
  it("runs at most `concurrency` jobs at once and resolves idle() after the last", async () => {
    const queue = new WorkQueue({ concurrency: 2 });
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    for (let i = 0; i < 6; i++)
      queue.push(async () => {
        running++;
        peak = Math.max(peak, running);
        await tick(5);
        running--;
        done.push(i);
      });
    expect(queue.size).toBe(6);
    await queue.idle();
    expect(peak).toBe(2);
    expect(done).toEqual([0, 1, 2, 3, 4, 5]);
    expect(queue.size).toBe(0);
  });

  it("holds jobs while busy() and starts them once it clears", async () => {
    let busy = true;
    const queue = new WorkQueue({ concurrency: 4, busy: () => busy, maxDeferMs: 10_000 });
    let started = false;
    queue.push(async () => {
      started = true;
    });
    await tick(30);
    expect(started).toBe(false);
    busy = false;
    await queue.idle();
    expect(started).toBe(true);
  });

  it("never holds a job longer than maxDeferMs, even if busy() stays true", async () => {
    const queue = new WorkQueue({ concurrency: 1, busy: () => true, maxDeferMs: 20 });
    const queuedAt = performance.now();
    let startedAfter = -1;
    queue.push(async () => {
      startedAfter = performance.now() - queuedAt;
    });
    await queue.idle();
    expect(startedAfter).toBeGreaterThanOrEqual(19);
  });

  it("keeps going after a job rejects", async () => {
    const queue = new WorkQueue({ concurrency: 1 });
    let ran = false;
    queue.push(() => Promise.reject(new Error("boom")));
    queue.push(async () => {
      ran = true;
    });
    await queue.idle();
    expect(ran).toBe(true);
  });
});
