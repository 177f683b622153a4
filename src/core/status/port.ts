/**
 * What /status reads about the running bot. The composition root fills it in; nothing here probes
 * a data source: sources are known from their recorded outcomes (SourceHealth), and only the
 * store, which the bot needs to answer at all, is asked a question, with a short deadline.
 * Nothing here may carry a secret: no tokens, no URLs with their queries, no server paths.
 */
import type { SourceHealth } from "./source-health.ts";

/** One index's member list as far as the bot knows it, without downloading anything. */
export interface MemberListStatus {
  alias: string;
  /** "holdings file from www.invesco.com" or "file constituents/NDX.csv". */
  source: string;
  /** The list's own date, YYYY-MM-DD, when it states one. */
  asOf?: string;
  /** Undefined when no list has been loaded or stored yet. */
  memberCount?: number;
  /** When it was downloaded or read (epoch ms). */
  fetchedAt?: number;
}

/** Which scheduler runs the subscriptions in this process. */
export type SchedulerKind = "embedded" | "bullmq" | "standby" | "off" | "none";

export interface BotStatus {
  readonly version: string;
  /** When this process's services were built (epoch ms). */
  readonly startedAt: number;
  readonly health: SourceHealth;
  /** e.g. "Yahoo Finance" or "CSV folder closes/". */
  readonly marketData: string;
  /** e.g. "drawn locally (chart.js)" or "QuickChart at https://quickchart.io". */
  readonly charts: string;
  /** "SQLite file" or "Redis". */
  readonly store: string;
  /** How market data is cached, or undefined when it is not (a folder of closes is read directly). */
  readonly cache?: string;
  /** Resolves when the store answers a read; the signal ends the wait. */
  pingStore(signal: AbortSignal): Promise<void>;
  /** The member lists known (in memory or stored); never downloads. */
  memberLists?(signal: AbortSignal): Promise<MemberListStatus[]>;
  /** Set by whoever starts the scheduler; "none" in the terminal. */
  scheduler: SchedulerKind;
}
