/** Command-line arguments of `rotation-bot`. */
import { statSync } from "node:fs";
import { parseArgs } from "node:util";
import { isIsoDate } from "../../core/market/time.ts";

export interface CliArgs {
  mode: "ask" | "prompt" | "help" | "alerts-replay";
  command?: string;
  /** alerts replay: the sessions and the events (none: the default set). */
  replay?: { from: string; to: string; events: string[] };
  json: boolean;
  outDir?: string;
  /** Where each table of the answer is written as a CSV file. */
  csvDir?: string;
  dataDir?: string;
  asOf?: string;
}

export const USAGE = `Usage:
  rotation-bot ask "<command>" [--json] [--out DIR] [--csv DIR] [--data DIR] [--as-of YYYY-MM-DD]
  rotation-bot alerts replay --from YYYY-MM-DD --to YYYY-MM-DD [--event "record RUT"] [--data DIR] [--json]
  rotation-bot status          how the data sources, member lists, store and schedule are doing
  rotation-bot                 an interactive prompt (type /help)
  rotation-bot start           serve Slack and/or Discord (tokens from the environment or ./.env)

  --json         print the reply with every figure as JSON (chart bytes left out)
  --out DIR      where chart PNGs are written (default ./out)
  --csv DIR      also write each table of the answer as a CSV file there (one file per table)
  --data DIR     read daily closes from a folder of CSV files instead of Yahoo Finance
  --as-of DATE   compute everything as at that session's close
  --event TEXT   alerts replay: an alert as /alert add takes it (repeatable; default: one of each kind)

Examples:
  rotation-bot ask "/rotation ytd"
  rotation-bot ask "/quote IWM SPY SOUN"
  rotation-bot ask "/rotation 1m" --data ./closes --as-of 2026-01-13 --json`;

export class CliUsageError extends Error {}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function parseCliArgs(argv: string[]): CliArgs {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: "boolean", default: false },
        out: { type: "string" },
        csv: { type: "string" },
        data: { type: "string" },
        "as-of": { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        event: { type: "string", multiple: true },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (err) {
    throw new CliUsageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = parsed;
  const asOf = values["as-of"] as string | undefined;
  if (asOf !== undefined && !isIsoDate(asOf))
    throw new CliUsageError("--as-of takes a date written YYYY-MM-DD");
  const dataDir = values.data as string | undefined;
  if (dataDir !== undefined && !isFolder(dataDir))
    throw new CliUsageError(
      `--data ${dataDir.slice(0, 200)}: no such folder (it should hold <SYMBOL>.csv files)`,
    );
  const common = {
    json: values.json === true,
    ...(typeof values.out === "string" ? { outDir: values.out } : {}),
    ...(typeof values.csv === "string" ? { csvDir: values.csv } : {}),
    ...(typeof values.data === "string" ? { dataDir: values.data } : {}),
    ...(asOf ? { asOf } : {}),
  };
  if (values.help === true) return { mode: "help", ...common };
  const [verb, ...rest] = positionals;
  if (verb === undefined) return { mode: "prompt", ...common };
  // `rotation-bot status` is /status: how the sources, lists, store and schedule are doing.
  if (verb === "status") {
    if (rest.length > 0) throw new CliUsageError("status takes nothing after it");
    return { mode: "ask", command: "/status", ...common };
  }
  if (verb === "alerts") return { mode: "alerts-replay", replay: replayArgs(rest, values), ...common };
  if (verb !== "ask")
    throw new CliUsageError(
      `unknown action "${verb.slice(0, 20)}"; did you mean: ask, status, alerts replay, start`,
    );
  if (rest.length === 0) throw new CliUsageError('ask needs a command, e.g. ask "/rotation ytd"');
  return { mode: "ask", command: rest.join(" "), ...common };
}

function replayArgs(
  rest: string[],
  values: Record<string, unknown>,
): { from: string; to: string; events: string[] } {
  const [action, ...extra] = rest;
  if (action !== "replay")
    throw new CliUsageError(
      "alerts takes one action: replay, e.g. alerts replay --from 2026-01-02 --to 2026-01-31",
    );
  const from = values.from;
  const to = values.to;
  if (typeof from !== "string" || !isIsoDate(from) || typeof to !== "string" || !isIsoDate(to))
    throw new CliUsageError("alerts replay needs --from and --to, each a date written YYYY-MM-DD");
  if (from > to) throw new CliUsageError("alerts replay: --from must be on or before --to");
  const events = Array.isArray(values.event) ? values.event.map(String) : [];
  // `--event record RUT`: the words after the last --event value belong to it.
  if (extra.length > 0) {
    if (events.length === 0)
      throw new CliUsageError('name the alert after --event, e.g. --event "record RUT"');
    events[events.length - 1] = `${events.at(-1)} ${extra.join(" ")}`;
  }
  return { from, to, events };
}
