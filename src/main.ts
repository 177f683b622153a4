/**
 * `npm start`: starts the chat adapters that have tokens. With no chat tokens it opens the
 * terminal prompt instead, so it is useful out of the box.
 */
import { existsSync } from "node:fs";
import { serve } from "./serve.ts";

// Settings from ./.env when there is one (variables already set win).
if (existsSync(".env")) process.loadEnvFile(".env");
const code = await serve({ argv: process.argv.slice(2) });
if (code !== undefined) process.exitCode = code;
