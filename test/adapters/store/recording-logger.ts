/** A Logger that keeps every line, so tests can assert what was (and was not) logged. */
import type { Logger } from "../../../src/core/ports.ts";

export interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  obj: Record<string, unknown>;
  msg: string | undefined;
}

export interface RecordingLogger extends Logger {
  lines: LogLine[];
  /** Every line as one string, for "never contains" checks. */
  text(): string;
}

export function recordingLogger(
  lines: LogLine[] = [],
  bindings: Record<string, unknown> = {},
): RecordingLogger {
  const at =
    (level: LogLine["level"]) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj: { ...bindings, ...obj }, msg });
    };
  return {
    lines,
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
    text: () => lines.map((l) => `${l.level} ${l.msg ?? ""} ${JSON.stringify(l.obj)}`).join("\n"),
  };
}
