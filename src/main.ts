/**
 * `npm start`: reads the config, builds the ports, and starts the chat adapters that have tokens.
 * With no chat tokens it opens the terminal prompt instead, so it is useful out of the box.
 */
import { existsSync } from "node:fs";
import { runCli } from "./adapters/cli/cli.ts";
import { createLogger } from "./adapters/log/logger.ts";
import { ConfigError, readConfig } from "./config.ts";
import { startChat } from "./start-chat.ts";

/** Resolves to an exit code for one-shot runs, or undefined once the chat adapters are serving. */
async function main(): Promise<number | undefined> {
  // Settings from ./.env when there is one (variables already set win).
  if (existsSync(".env")) process.loadEnvFile(".env");
  let config: ReturnType<typeof readConfig>;
  try {
    config = readConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(
        `rotation-bot: configuration error, ${err.message}\nSee .env.example for every variable.\n`,
      );
      return 2;
    }
    throw err;
  }
  if (!config.slack && !config.discord) return runCli(process.argv.slice(2));
  const logger = createLogger({ level: config.logLevel });
  // Nothing a single request does may take the process down: log and keep serving.
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));
  process.on("uncaughtException", (err) => logger.error({ err }, "uncaught exception"));
  let running: Awaited<ReturnType<typeof startChat>>;
  try {
    running = await startChat(config, logger);
  } catch (err) {
    // e.g. a rejected token: say so and stop, rather than serve nothing.
    logger.error({ err }, "could not start");
    process.stderr.write(
      `rotation-bot: could not start: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return 1;
  }
  const stop = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    await running.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  // The adapters' connections keep the process alive; if every one of them has closed for good,
  // Node would drain its event loop: exit with a reason instead of silently.
  process.once("beforeExit", () => {
    logger.error({}, "every chat connection has closed; exiting");
    process.exitCode = 1;
  });
  return undefined;
}

const code = await main();
if (code !== undefined) process.exitCode = code;
