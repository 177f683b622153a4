/**
 * The Logger port on pino: JSON lines, child loggers per request, and secrets redacted by key
 * name wherever they appear in logged objects.
 */
import { pino } from "pino";
import type { Logger } from "../../core/ports.ts";

const REDACT = [
  "token",
  "*.token",
  "botToken",
  "*.botToken",
  "appToken",
  "*.appToken",
  "signingSecret",
  "*.signingSecret",
  "clientSecret",
  "*.clientSecret",
  "stateSecret",
  "*.stateSecret",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "cookie",
  "*.cookie",
  "crumb",
  "*.crumb",
  "apiKey",
  "*.apiKey",
  "redisUrl",
  "*.redisUrl",
];

export function createLogger(options: {
  level: string;
  /** Where log lines go; the terminal adapter keeps stdout for answers and logs to stderr. */
  destination?: NodeJS.WritableStream;
}): Logger {
  const destination = options.destination ?? process.stderr;
  return pino(
    { level: options.level, redact: { paths: REDACT, censor: "[redacted]" }, base: { app: "rotation-bot" } },
    destination,
  ) as unknown as Logger;
}
