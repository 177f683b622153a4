/**
 * `npm start`: reads the config, builds the ports, and starts the chat adapters that have tokens.
 * With no chat tokens it opens the terminal prompt instead, so it is useful out of the box.
 */
import { existsSync } from "node:fs";
import { runCli } from "./adapters/cli/cli.ts";
import { createLogger } from "./adapters/log/logger.ts";
import { ConfigError, readConfig } from "./config.ts";
import { startChat } from "./start-chat.ts";

async function main(): Promise<number> {
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
  const running = await startChat(config, logger);
  const stop = async (signal: string) => {
    logger.info({ signal }, "shutting down");
    await running.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
  return new Promise<number>(() => {});
}

process.exitCode = await main();
