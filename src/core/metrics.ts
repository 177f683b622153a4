/**
 * What the bot reports about its own work, as a port: the core and the adapters call these
 * methods, the composition root decides where the figures go (Prometheus through prom-client, or
 * nowhere: `noMetrics`). Every label value is from a small fixed set, never a ticker, a user, a
 * channel or a workspace. New kinds of work (job hand-off between replicas, gateway shards) add a
 * method here and its instrument in the Prometheus adapter.
 */

export type MetricsPlatform = "cli" | "slack" | "discord" | "schedule";

/** How a command ended, from the user's side: an answer, their mistake, our source's, ours. */
export type CommandOutcome = "answer" | "user_error" | "outage" | "bug";

/**
 * One HTTP exchange with an upstream provider (one attempt: retries count again).
 * ok: 2xx/3xx; client_error: 4xx but 429; throttled: 429; server_error: 5xx; timeout; network.
 */
export type UpstreamOutcome = "ok" | "client_error" | "throttled" | "server_error" | "timeout" | "network";

export type UpstreamProvider = "yahoo" | "holdings";

/**
 * What a scheduled post came to: sent, found already posted by an earlier attempt, failed for
 * good, failed and will be retried, or missed (past the catch-up window).
 */
export type ScheduledPostOutcome = "sent" | "already_posted" | "failed" | "retrying" | "missed";

export interface Metrics {
  /** A command from any front end finished (the reply is ready to show). */
  command(e: { command: string; platform: MetricsPlatform; outcome: CommandOutcome; seconds: number }): void;
  /** One request to an upstream provider finished. */
  upstream(e: { provider: UpstreamProvider; outcome: UpstreamOutcome; seconds: number }): void;
  /** Market-data cache lookups: `hits` served from the cache, `misses` that went to the source. */
  cache(e: { kind: "history" | "quote"; hits: number; misses: number }): void;
  /** A scheduled post (brief, later alerts); `lateSeconds` since it was due, when it was attempted. */
  post(e: {
    kind: "brief" | "alert";
    platform: string;
    outcome: ScheduledPostOutcome;
    lateSeconds?: number;
  }): void;
  /** A scheduler tick started this long after it was due. */
  schedulerLag(e: { job: "brief" | "breadth"; seconds: number }): void;
  /**
   * A chat connection came up or went down: the platform's as a whole, or with `shard`, one
   * Discord gateway shard's (the platform is up only while all of its shards are).
   */
  connection(e: { platform: "slack" | "discord"; connected: boolean; shard?: number }): void;
  /**
   * An acknowledged command handed to the shared job queue (REDIS_URL) and what came of it;
   * `waitSeconds` (stage "started") is the time from enqueue to a worker taking it.
   */
  commandJob(e: { platform: "slack" | "discord"; stage: CommandJobStage; waitSeconds?: number }): void;
}

/**
 * handed_off: queued by the replica that acknowledged it; started: a worker took it; completed:
 * answered; already_answered: a repeat (redelivery, re-run) found the answer posted; expired: past
 * the platform's reply window, dropped unanswered.
 */
export type CommandJobStage = "handed_off" | "started" | "completed" | "already_answered" | "expired";

/** Reports nowhere: the default wherever no metrics were asked for. */
export const noMetrics: Metrics = {
  command() {},
  upstream() {},
  cache() {},
  post() {},
  schedulerLag() {},
  connection() {},
  commandJob() {},
};

/** Command names outside the registry are reported as this, so the label set stays bounded. */
export const UNKNOWN_COMMAND = "unknown";

/** The outcome label of an HTTP status (undefined: no answer at all). */
export function upstreamOutcome(status: number): UpstreamOutcome {
  if (status === 429) return "throttled";
  if (status >= 500) return "server_error";
  if (status >= 400) return "client_error";
  return "ok";
}
