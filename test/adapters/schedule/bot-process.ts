/**
 * The whole bot (startChat: chat adapters, then the scheduler) in its own OS process, configured
 * by environment variables only as `npm start` is, at a clock the test fixes (NOW, epoch ms). Log
 * lines go to stderr as JSON; SIGTERM stops it cleanly. For the crash and lock tests, which
 * SIGKILL it at chosen moments and start it again on the same store.
 */
import { createLogger } from "../../../src/adapters/log/logger.ts";
import { readConfig } from "../../../src/config.ts";
import { startChat } from "../../../src/start-chat.ts";

const now = Number(process.env.NOW);
if (!Number.isFinite(now)) throw new Error("NOW (epoch ms) is not set");
const logger = createLogger({ level: "info" });
const running = await startChat(readConfig(process.env), logger, { clock: { now: () => now } });
logger.info({}, "bot process ready");
process.once("SIGTERM", async () => {
  await running.stop();
  process.exit(0);
});
