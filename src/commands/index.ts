/** The command registry: one explicit array. Slack's manifest and Discord's registration come from it. */
import type { AnyCommand } from "../core/command.ts";
import { alert } from "./alert.ts";
import { breadth } from "./breadth.ts";
import { brief } from "./brief.ts";
import { compare } from "./compare.ts";
import { help } from "./help.ts";
import { history } from "./history.ts";
import { leaders } from "./leaders.ts";
import { macro } from "./macro.ts";
import { quote } from "./quote.ts";
import { record } from "./record.ts";
import { rotation } from "./rotation.ts";
import { sectors } from "./sectors.ts";
import { settings } from "./settings.ts";
import { status } from "./status.ts";
import { subscribe } from "./subscribe.ts";
import { subscriptions } from "./subscriptions.ts";
import { unsubscribe } from "./unsubscribe.ts";
import { valuation } from "./valuation.ts";

export const commands: readonly AnyCommand[] = [
  rotation,
  quote,
  sectors,
  record,
  compare,
  history,
  valuation,
  macro,
  breadth,
  leaders,
  brief,
  subscribe,
  unsubscribe,
  subscriptions,
  alert,
  settings,
  status,
  help,
];
