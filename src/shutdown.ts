/**
 * Graceful shutdown, in the order that loses no work: report not ready (load balancers stop
 * sending), keep taking work for the drain delay, stop taking it (Slack HTTP answers 503, Socket
 * Mode and the Discord gateway disconnect), let answers under way finish within the grace period
 * while the scheduler finishes the posts it has claimed, then close the chat clients, the store
 * (SQLite or Redis) and the metrics port.
 */
import type { Built } from "./compose.ts";
import type { Logger } from "./core/ports.ts";

export interface ChatAdapter {
  platform: "slack" | "discord";
  /** Resolves when every command received so far has been answered. */
  idle(): Promise<void>;
  stopIntake(): Promise<void>;
  /** Closes the client, after waiting up to `waitMs` for answers under way. */
  stop(waitMs?: number): Promise<void>;
}

export interface ShutdownParts {
  drainMs: number;
  graceMs: number;
  logger: Logger;
  /** /ready answers 503 from now on. */
  notReady(): void;
  adapters: ChatAdapter[];
  /** Its stop() waits (bounded) for the run under way, whose posts are claimed. */
  scheduler?: { stop(): Promise<void> };
  services: Built;
  ops?: { close(): Promise<void> };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function shutDown(p: ShutdownParts): Promise<void> {
  const { logger } = p;
  const step = async (what: string, work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (err) {
      logger.warn({ err, step: what }, "shutdown step failed");
    }
  };
  p.notReady();
  if (p.drainMs > 0) {
    logger.info({ drainMs: p.drainMs }, "shutdown: reporting not ready, still taking work");
    await sleep(p.drainMs);
  }
  await Promise.all(p.adapters.map((a) => step(`${a.platform} intake`, () => a.stopIntake())));
  logger.info({ graceMs: p.graceMs }, "shutdown: taking no new work; finishing answers under way");
  let timer: NodeJS.Timeout | undefined;
  const grace = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), p.graceMs);
  });
  const [answers] = await Promise.all([
    Promise.race([Promise.all(p.adapters.map((a) => a.idle())).then(() => "done" as const), grace]),
    step("scheduler", async () => p.scheduler?.stop()),
  ]);
  clearTimeout(timer);
  if (answers === "late")
    logger.warn({ graceMs: p.graceMs }, "shutdown: answers still under way after the grace period");
  for (const a of p.adapters) await step(`${a.platform} close`, () => a.stop(0));
  await step("store", () => p.services.close());
  await step("metrics port", async () => p.ops?.close());
  logger.info({}, "shutdown complete");
}
