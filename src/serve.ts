/**
 * Serving the chat adapters (`npm start`, `rotation-bot start`): reads the config, starts every
 * adapter that has tokens and the scheduler, and stops them on SIGTERM or SIGINT.
 */
import { redactText } from "./core/redact.ts";
import { StoreOpenError } from "./adapters/store/open-error.ts";
import { runCli } from "./adapters/cli/cli.ts";
import { createLogger } from "./adapters/log/logger.ts";
import { type Config, ConfigError, readConfig } from "./config.ts";
import { startChat } from "./start-chat.ts";

export interface ServeOptions {
  /** Command-line arguments after the action, for the terminal prompt. */
  argv?: string[];
  /**
   * With no chat tokens: false opens the terminal prompt (`npm start`, useful out of the box);
   * true refuses with a start-up error (`rotation-bot start`, e.g. in a container).
   */
  requireChat?: boolean;
}

/** Resolves to an exit code for one-shot runs, or undefined once the chat adapters are serving. */
export async function serve(options: ServeOptions = {}): Promise<number | undefined> {
  let config: Config;
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
  if (!config.slack && !config.discord) {
    if (!options.requireChat) return runCli(options.argv ?? []);
    process.stderr.write(
      "rotation-bot: start needs a chat platform: set SLACK_BOT_TOKEN (with SLACK_APP_TOKEN or SLACK_SIGNING_SECRET), SLACK_CLIENT_ID, or DISCORD_TOKEN.\nSee .env.example for every variable.\n",
    );
    return 2;
  }
  const logger = createLogger({ level: config.logLevel });
  // Nothing a single request does may take the process down: log and keep serving.
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled rejection"));
  process.on("uncaughtException", (err) => logger.error({ err }, "uncaught exception"));
  let running: Awaited<ReturnType<typeof startChat>>;
  try {
    running = await startChat(config, logger);
  } catch (err) {
    if (err instanceof StoreOpenError) {
      // Its message names the store and the reason: one line is the whole story.
      process.stderr.write(`rotation-bot: ${err.message}\n`);
      return 1;
    }
    // e.g. a rejected token: say so and stop, rather than serve nothing.
    logger.error({ err }, "could not start");
    process.stderr.write(
      `rotation-bot: could not start: ${redactText(err instanceof Error ? err.message : String(err))}\n`,
    );
    return 1;
  }
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: the operator does not want to wait.
      logger.warn({ signal }, "second signal: exiting at once");
      process.exit(128 + (signal === "SIGINT" ? 2 : 15));
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    running.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  // The adapters' connections keep the process alive; if every one of them has closed for good,
  // Node would drain its event loop: exit with a reason instead of silently.
  process.once("beforeExit", () => {
    if (stopping) return;
    logger.error({}, "every chat connection has closed; exiting");
    process.exitCode = 1;
  });
  return undefined;
}
