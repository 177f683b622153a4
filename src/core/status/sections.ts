/**
 * /status is a list of sections, each collected by a provider from the command context. A new
 * feature (alerts, say) adds its provider to STATUS_PROVIDERS; the command runs them all at once,
 * each under the same short deadline, so one slow part never holds the answer up.
 */
import type { CommandContext } from "../command.ts";
import type { Field } from "../reply.ts";
import type { BotStatus } from "./port.ts";
import { alertsSection } from "./sections/alerts.ts";
import { botSection } from "./sections/bot.ts";
import { memberListsSection } from "./sections/member-lists.ts";
import { scheduleSection } from "./sections/schedule.ts";
import { sourcesSection } from "./sections/sources.ts";
import { storageSection } from "./sections/storage.ts";

export interface StatusSection {
  title: string;
  fields: Field[];
  /** The same facts as plain data, for --json and tests. */
  data: Record<string, unknown>;
}

export interface StatusInput {
  ctx: CommandContext;
  status: BotStatus;
  /** Aborted when the deadline passes: a provider that does I/O hands it on. */
  signal: AbortSignal;
  /** The deadline's length, for sentences such as "did not answer within 300 ms". */
  deadlineMs: number;
  now: number;
}

export interface StatusProvider {
  id: string;
  title: string;
  collect(input: StatusInput): Promise<StatusSection> | StatusSection;
}

export const STATUS_PROVIDERS: readonly StatusProvider[] = [
  botSection,
  sourcesSection,
  memberListsSection,
  storageSection,
  scheduleSection,
  alertsSection,
];
