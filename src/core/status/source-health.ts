/**
 * What the bot knows of each data source from its own requests: adapters report every success
 * and failure (the failure as a sentence of ours), and /status reads the record instead of
 * probing, so it answers at once even when every source is down. A metrics exporter can read the
 * same record (the counts only ever grow).
 */

export interface SourceReport {
  /** Stable id, e.g. "yahoo", "members:NDX", "quickchart". */
  id: string;
  /** For people, e.g. "Yahoo Finance". Never a URL with its query or credentials. */
  name: string;
  /** When the last request that succeeded finished (epoch ms). */
  lastSuccessAt?: number;
  /** When the last request that failed finished (epoch ms). */
  lastFailureAt?: number;
  /** Why the last failure failed, a sentence we wrote. */
  lastError?: string;
  successes: number;
  failures: number;
}

export interface SourceHealth {
  /** Makes a source known before its first request, so it is listed as not asked yet. */
  register(id: string, name: string): void;
  succeeded(id: string, name?: string): void;
  failed(id: string, sentence: string, name?: string): void;
  /** Every source known, in the order first seen. */
  report(): SourceReport[];
}

/** A SourceHealth that keeps nothing, for callers that do not report. */
export const noSourceHealth: SourceHealth = {
  register() {},
  succeeded() {},
  failed() {},
  report: () => [],
};
