/** The command registry: one explicit array. Slack's manifest and Discord's registration come from it. */
import type { AnyCommand } from "../core/command.ts";
import { help } from "./help.ts";
import { quote } from "./quote.ts";
import { rotation } from "./rotation.ts";

export const commands: readonly AnyCommand[] = [rotation, quote, help];
