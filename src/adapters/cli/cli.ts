/**
 * The terminal adapter: `rotation-bot ask "<command>"` answers once and exits (0 answer,
 * 2 user error, 1 outage); with no command it opens an interactive prompt.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { ConfigError, type Config, readConfig } from "../../config.ts";
import { type Services, dispatchText } from "../../core/dispatch.ts";
import type { Reply } from "../../core/reply.ts";
import { replayAlerts, replaySpecs, replayText } from "../../core/alerts/replay.ts";
import { BadDataError, DataUnavailableError, errorMessage, UserError } from "../../core/errors.ts";
import { buildServices, openConfiguredStore } from "../../compose.ts";
import type { Logger, Store } from "../../core/ports.ts";
import { createStore } from "../store/create-store.ts";
import { StoreOpenError } from "../store/open-error.ts";
import { replyCsvFiles } from "../csv/write-sheet.ts";
import { createLogger } from "../log/logger.ts";
import { CliUsageError, type CliArgs, USAGE, parseCliArgs } from "./args.ts";
import { progressBar } from "./progress-bar.ts";
import { renderText, replyToJson } from "./render-text.ts";

export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

const defaultIo: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };

export function exitCodeOf(reply: Reply): number {
  return reply.kind === "answer" ? 0 : reply.kind === "user-error" ? 2 : 1;
}

export async function runCli(argv: string[], env = process.env, io: CliIo = defaultIo): Promise<number> {
  let args: CliArgs;
  let config: Config;
  try {
    args = parseCliArgs(argv);
    config = readConfig({
      // The terminal shows answers; warnings (retries and the like) only when asked for.
      LOG_LEVEL: "error",
      ...env,
      ...(args.dataDir ? { MARKET_DATA: `csv:${args.dataDir}` } : {}),
      ...(args.asOf ? { AS_OF: args.asOf } : {}),
    });
  } catch (err) {
    if (err instanceof CliUsageError || err instanceof ConfigError) {
      io.stderr.write(`rotation-bot: ${err.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  if (args.mode === "help") {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const logger = createLogger({ level: config.logLevel, destination: io.stderr });
  const store = await openStore(config, logger, io);
  if (!store) return 1;
  const services = await buildServices(config, logger, { store });
  try {
    const outDir = args.outDir ?? config.outDir;
    if (args.mode === "ask")
      return await ask(args.command ?? "", args.json, outDir, services, io, args.csvDir);
    if (args.mode === "alerts-replay" && args.replay)
      return await replay(args.replay, args.json, services, io);
    return await prompt(outDir, services, io);
  } finally {
    await services.close();
  }
}

async function replay(
  r: NonNullable<CliArgs["replay"]>,
  json: boolean,
  services: Services,
  io: CliIo,
): Promise<number> {
  const ctx = {
    ...services,
    requester: { platform: "cli" as const },
    progress: progressBar(io.stderr).update,
  };
  try {
    const result = await replayAlerts(replaySpecs(r.events), r.from, r.to, ctx);
    io.stdout.write(json ? `${JSON.stringify(result, replayJson, 2)}\n` : replayText(result));
    return 0;
  } catch (err) {
    if (err instanceof UserError) {
      io.stderr.write(`rotation-bot: ${err.message}${err.hint ? ` Try: ${err.hint}` : ""}\n`);
      return 2;
    }
    if (err instanceof DataUnavailableError || err instanceof BadDataError) {
      io.stderr.write(`rotation-bot: market data unavailable: ${errorMessage(err)}\n`);
      return 1;
    }
    throw err;
  }
}

/** Charts are specs of many numbers: left out of the JSON, which is about the firings. */
function replayJson(key: string, value: unknown): unknown {
  return key === "chart" ? undefined : value;
}

/**
 * The configured store, or undefined after one line saying which store failed and why. A run on
 * a folder of closes keeps nothing it cannot recompute, so it goes on with a store in memory.
 */
async function openStore(config: Config, logger: Logger, io: CliIo): Promise<Store | undefined> {
  try {
    return await openConfiguredStore(config, logger);
  } catch (err) {
    if (!(err instanceof StoreOpenError)) throw err;
    if (config.marketData.kind !== "csv") {
      io.stderr.write(`rotation-bot: ${err.message}\n`);
      return undefined;
    }
    io.stderr.write(
      `rotation-bot: ${err.message}; answering from the data folder without it (nothing is kept after this run)\n`,
    );
    return createStore({ sqlitePath: ":memory:" }, logger);
  }
}

export async function answer(command: string, services: Services, io: CliIo, signal?: AbortSignal) {
  const bar = progressBar(io.stderr);
  try {
    return await dispatchText(command, {
      ...services,
      requester: { platform: "cli" },
      progress: bar.update,
      ...(signal ? { signal } : {}),
    });
  } finally {
    bar.done();
  }
}

/** Exit code of a one-shot run stopped with Ctrl-C, as shells expect (128 + SIGINT). */
export const CANCELLED_EXIT = 130;

async function ask(
  command: string,
  json: boolean,
  outDir: string,
  services: Services,
  io: CliIo,
  csvDir?: string,
): Promise<number> {
  // Ctrl-C stops the command at once (its requests are aborted) and exits.
  const cancel = new AbortController();
  const onInterrupt = () => cancel.abort();
  process.once("SIGINT", onInterrupt);
  let reply: Reply;
  try {
    reply = await answer(command, services, io, cancel.signal);
  } finally {
    process.off("SIGINT", onInterrupt);
  }
  if (cancel.signal.aborted) {
    io.stderr.write("\nCancelled.\n");
    return CANCELLED_EXIT;
  }
  const paths = await writeCharts(reply, outDir);
  if (csvDir !== undefined) await writeCsv(reply, command, csvDir, io);
  const color = !json && io.stdout.isTTY === true && !process.env.NO_COLOR;
  const width = terminalWidth(io.stdout);
  const out = json
    ? replyToJson(reply, paths)
    : renderText(reply, { color, chartPaths: paths, ...(width ? { width } : {}) });
  // Answers on stdout; user errors and outages on stderr, as JSON too with --json (exit code 2 or 1).
  (reply.kind === "answer" ? io.stdout : io.stderr).write(out);
  return exitCodeOf(reply);
}

async function prompt(outDir: string, services: Services, io: CliIo): Promise<number> {
  const rl = createInterface({
    input: io.stdin,
    output: io.stdout,
    terminal: io.stdin === process.stdin && process.stdin.isTTY,
  });
  io.stdout.write(
    `rotation-bot: no Slack or Discord tokens set, so here is a prompt. Market data: ${services.market.name}.\nType /rotation ytd, /quote IWM SPY or /help; "exit" or Ctrl-D to leave.\n`,
  );
  // Piped input ends before its last answers are written: readline closes then, and prompting
  // a closed interface throws. Keep answering the lines already read, without a prompt.
  let closed = false;
  rl.once("close", () => {
    closed = true;
  });
  const promptAgain = () => {
    if (!closed) rl.prompt();
  };
  // Ctrl-C while a command runs cancels it and keeps the prompt; when idle it leaves, as Ctrl-D
  // does. A terminal's Ctrl-C reaches readline as a key; a signal (kill -INT) reaches the process.
  let running: AbortController | undefined;
  const interrupt = () => {
    if (running) running.abort();
    else rl.close();
  };
  rl.on("SIGINT", interrupt);
  process.on("SIGINT", interrupt);
  rl.setPrompt("> ");
  promptAgain();
  let typedExit = false;
  try {
    for await (const line of rl) {
      const text = line.trim();
      if (text === "exit" || text === "quit") {
        typedExit = true;
        break;
      }
      if (text !== "") {
        running = new AbortController();
        let reply: Reply;
        try {
          reply = await answer(text, services, io, running.signal);
        } finally {
          running = undefined;
        }
        const paths = await writeCharts(reply, outDir);
        const width = terminalWidth(io.stdout);
        io.stdout.write(
          renderText(reply, {
            color: io.stdout.isTTY === true && !process.env.NO_COLOR,
            chartPaths: paths,
            ...(width ? { width } : {}),
          }),
        );
      }
      promptAgain();
    }
  } finally {
    process.off("SIGINT", interrupt);
  }
  // Leaving by Ctrl-C or Ctrl-D: end the prompt's line, so the shell's starts on its own.
  if (!typedExit) io.stdout.write("\n");
  rl.close();
  return 0;
}

/** Writes each table as a CSV file in csvDir and names the files on stderr (stdout stays the answer). */
async function writeCsv(reply: Reply, command: string, csvDir: string, io: CliIo): Promise<void> {
  const files = replyCsvFiles(reply, command);
  if (reply.kind !== "answer") return;
  if (files.length === 0) {
    io.stderr.write("rotation-bot: this answer has no table, so no CSV was written\n");
    return;
  }
  await mkdir(csvDir, { recursive: true });
  for (const file of files) {
    const path = join(csvDir, file.filename);
    await writeFile(path, file.content);
    io.stderr.write(`CSV: ${resolve(path)}\n`);
  }
}

/**
 * The width to wrap answers at: the terminal's columns, or COLUMNS when set (e.g. piped into a
 * pager); none for other pipes, so scripts get one line per paragraph.
 */
function terminalWidth(out: NodeJS.WriteStream): number | undefined {
  const columns = Number(process.env.COLUMNS);
  if (Number.isInteger(columns) && columns >= 40) return columns;
  return out.isTTY === true && out.columns >= 40 ? out.columns : undefined;
}

/** Writes each rendered chart to outDir; returns block index -> path. */
async function writeCharts(reply: Reply, outDir: string): Promise<Map<number, string>> {
  const paths = new Map<number, string>();
  const charts = reply.blocks.flatMap((b, i) => (b.type === "chart" && b.image ? [{ b, i }] : []));
  if (charts.length === 0) return paths;
  await mkdir(outDir, { recursive: true });
  for (const { b, i } of charts) {
    if (b.type !== "chart" || !b.image) continue;
    const name = b.filename.replace(/[^A-Za-z0-9._-]/g, "_");
    const path = join(outDir, name);
    await writeFile(path, b.image.png);
    paths.set(i, resolve(path));
  }
  return paths;
}
