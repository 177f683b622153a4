/**
 * Bolt, its Web API client and its Socket Mode client log through this: their warnings and errors
 * reach our Logger, their chatter (debug: request bodies, socket frames) is dropped, and anything
 * shaped like a Slack token or secret is blanked before it is written.
 */
import { type Logger as BoltLoggerContract, LogLevel } from "@slack/bolt";
import type { Logger } from "../../core/ports.ts";

const TOKENS = /\b(xox[abposr]|xapp|xoxe(?:\.xox[bp])?)-[A-Za-z0-9-]+/g;

/** Blanks Slack tokens in a message. */
export function redactTokens(text: string): string {
  return text.replace(TOKENS, "$1-[redacted]");
}

function render(parts: unknown[]): string {
  return redactTokens(
    parts
      .map((p) => (p instanceof Error ? p.message : typeof p === "string" ? p : safeJson(p)))
      .join(" ")
      .slice(0, 2000),
  );
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

const ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

export class BoltLogger implements BoltLoggerContract {
  private level: LogLevel;
  private name = "bolt";
  private readonly logger: Logger;
  constructor(logger: Logger, level: LogLevel = LogLevel.INFO) {
    this.logger = logger;
    this.level = level;
  }

  private on(level: LogLevel): boolean {
    return ORDER.indexOf(level) >= ORDER.indexOf(this.level);
  }

  debug(): void {
    // Bolt's debug lines carry request bodies and socket frames: never forwarded.
  }
  info(...msg: unknown[]): void {
    if (this.on(LogLevel.INFO)) this.logger.info({ source: this.name }, render(msg));
  }
  warn(...msg: unknown[]): void {
    if (this.on(LogLevel.WARN)) this.logger.warn({ source: this.name }, render(msg));
  }
  error(...msg: unknown[]): void {
    if (this.on(LogLevel.ERROR)) this.logger.error({ source: this.name }, render(msg));
  }
  setLevel(level: LogLevel): void {
    // Never below INFO: debug output is not safe to forward.
    this.level = level === LogLevel.DEBUG ? LogLevel.INFO : level;
  }
  getLevel(): LogLevel {
    return this.level;
  }
  setName(name: string): void {
    this.name = name;
  }
}
