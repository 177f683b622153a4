/** The command registry: one explicit array. Slack's manifest and Discord's registration come from it. */
import type { AnyCommand } from "../core/command.ts";
import { help } from "./help.ts";

export const commands: readonly AnyCommand[] = [help];
