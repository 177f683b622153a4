/** What the package exports for embedding the bot in another program. */
export { runCli } from "./adapters/cli/cli.ts";
export { buildServices } from "./compose.ts";
export { type Config, ConfigError, readConfig } from "./config.ts";
export { dispatchText } from "./core/dispatch.ts";
export type { Reply } from "./core/reply.ts";
export { serve } from "./serve.ts";
export { type Running, startChat } from "./start-chat.ts";
