/**
 * Scheduler test world: a clock the test moves, a stand-in /brief that counts how often it is
 * computed (a real registry command; the scheduler dispatches it by name), the real subscription
 * commands, a store, and a recording implementation of the Poster port (our port, so recording it
 * is not mocking a module) that can refuse or hang per channel.
 */

import { CsvMarketData } from "../../../src/adapters/csv/csv-market-data.ts";
import { commands as registry } from "../../../src/commands/index.ts";
import { defineCommand } from "../../../src/core/command.ts";
import { dispatchText, type Services } from "../../../src/core/dispatch.ts";
import type { Clock, Store } from "../../../src/core/ports.ts";
import { makeReply, type Reply } from "../../../src/core/reply.ts";
import type { Poster, PostIdentity, PostTarget } from "../../../src/core/schedule/poster.ts";
import { CLOSES_DIR } from "../../commands/helpers.ts";
import { type RecordingLogger, recordingLogger } from "../store/recording-logger.ts";

export class MovableClock implements Clock {
  t: number;
  constructor(t: number) {
    this.t = t;
  }
  now(): number {
    return this.t;
  }
}

/** "2026-11-24 08:30" New York (EST in these tests: UTC-5) -> epoch ms. */
export function nyEst(text: string): number {
  return Date.parse(`${text.replace(" ", "T")}:00-05:00`);
}

export interface Post {
  platform: string;
  channelId: string;
  /** Clock time of the post. */
  at: number;
  text: string;
}

export class RecordingPoster implements Poster {
  readonly posts: Post[] = [];
  /** Every attempt, refused or not. */
  readonly attempts: { channelId: string; at: number; identity?: PostIdentity }[] = [];
  private readonly failures = new Map<string, () => Error | undefined>();
  private readonly hangs = new Map<string, (err: Error) => void>();
  private readonly hanging = new Set<string>();
  private readonly clock: Clock;

  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** Posts to this channel throw what `next` returns (nothing: they go through). */
  fail(channelId: string, next: () => Error | undefined): void {
    this.failures.set(channelId, next);
  }

  /** The next post to this channel never settles (until `release`): a process dying mid-post. */
  hang(channelId: string): void {
    this.hanging.add(channelId);
  }

  release(): void {
    for (const reject of this.hangs.values()) reject(new Error("the process is gone"));
    this.hangs.clear();
  }

  async post(target: PostTarget, reply: Reply, identity?: PostIdentity): Promise<undefined> {
    const at = this.clock.now();
    this.attempts.push({ channelId: target.channelId, at, ...(identity ? { identity } : {}) });
    if (this.hanging.delete(target.channelId))
      return new Promise<undefined>((_, reject) => this.hangs.set(target.channelId, reject));
    const err = this.failures.get(target.channelId)?.();
    if (err) throw err;
    this.posts.push({ platform: target.platform, channelId: target.channelId, at, text: reply.fallback });
    return undefined;
  }

  to(channelId: string): Post[] {
    return this.posts.filter((p) => p.channelId === channelId);
  }
}

export interface World {
  clock: MovableClock;
  logger: RecordingLogger;
  poster: RecordingPoster;
  /** How many times the brief was computed. */
  briefs: () => number;
  services(store: Store): Services;
  /** A command typed in a channel by someone who manages it. */
  asManager(store: Store, platform: "slack" | "discord", channelId: string, text: string): Promise<Reply>;
}

export function world(start: number): World {
  const clock = new MovableClock(start);
  const logger = recordingLogger();
  const poster = new RecordingPoster(clock);
  let computed = 0;
  const brief = defineCommand<Record<string, never>>({
    name: "brief",
    description: "test brief",
    usage: "",
    examples: [],
    options: [],
    parse: () => ({}),
    async run(_args, ctx) {
      computed++;
      return makeReply(
        [
          { type: "title", text: "Morning brief" },
          { type: "text", text: `computed at ${new Date(ctx.clock.now()).toISOString()}` },
        ],
        {},
      );
    },
  });
  const commands = [brief, ...registry.filter((c) => c.name !== "brief")];
  const services = (store: Store): Services => ({
    commands,
    market: new CsvMarketData({ dir: CLOSES_DIR, clock }),
    store,
    clock,
    logger,
  });
  return {
    clock,
    logger,
    poster,
    briefs: () => computed,
    services,
    asManager: (store, platform, channelId, text) =>
      dispatchText(text, {
        ...services(store),
        requester: { platform, channelId, workspaceId: "W1", userId: "U-admin", isAdmin: true },
      }),
  };
}
