/**
 * The Logger port on pino: JSON lines, child loggers per request, and secrets redacted by key
 * name wherever they appear in logged objects, and credentials inside URLs (user:password@,
 * ?token=...) redacted in every line, whatever field or message carries them.
 */
import { pino } from "pino";
import type { Logger } from "../../core/ports.ts";
import { redactText } from "../../core/redact.ts";

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
  // Each line is scrubbed as text: an error's message or stack can hold a URL as well as any field.
  const scrubbed = { write: (line: string) => destination.write(redactText(line)) };
  return pino(
    { level: options.level, redact: { paths: REDACT, censor: "[redacted]" }, base: { app: "rotation-bot" } },
    scrubbed,
  ) as unknown as Logger;
}
