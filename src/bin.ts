/**
 * The `rotation-bot` command: `start` serves the chat adapters, anything else is the terminal
 * (`ask "<command>"`, or the interactive prompt).
 */
import { runCli } from "./adapters/cli/cli.ts";
import { serve } from "./serve.ts";

/** Resolves to an exit code, or undefined while the chat adapters are serving. */
export async function runBin(argv: string[]): Promise<number | undefined> {
  if (argv[0] === "start") {
    if (argv.length > 1) {
      process.stderr.write(
        "rotation-bot: start takes no arguments; settings come from the environment or ./.env\n",
      );
      return 2;
    }
    return serve({ requireChat: true });
  }
  return runCli(argv);
}
