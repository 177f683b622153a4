/**
 * A command is one file in src/commands: its name, its options (from which the Slack manifest and
 * the Discord registration are generated), a pure parser and a runner that returns a Reply.
 */
import type { Clock, Logger, MarketData, MemberLists, Store } from "./ports.ts";
import type { BotStatus } from "./status/port.ts";
import type { Reply } from "./reply.ts";

export interface OptionSpec {
  name: string;
  description: string;
  /** "choice" takes one of `choices`; "tickers" takes one or more symbols. */
  type: "string" | "integer" | "choice" | "tickers";
  choices?: { value: string; label: string }[];
  required?: boolean;
  /** Offer completions: known instruments (tickers), index aliases, or period codes. */
  autocomplete?: "instrument" | "index" | "period";
  min?: number;
  max?: number;
  /**
   * A unit the value is written with when typed ("bp"): platforms that pass options one by one
   * add it to a bare number, so the parser cannot mistake that value for another argument.
   */
  unit?: string;
}

export interface Requester {
  platform: "cli" | "slack" | "discord" | "schedule";
  userId?: string;
  channelId?: string;
  /** Slack team or Discord guild. */
  workspaceId?: string;
  /** May manage workspace-wide settings. */
  isAdmin?: boolean;
}

export interface Progress {
  /** A short line such as "computing breadth of 1,949 members". */
  message: string;
  done?: number;
  total?: number;
}

export interface CommandContext {
  market: MarketData;
  /** Index member lists (breadth, leaders); absent when no source is configured. */
  members?: MemberLists;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** When set (YYYY-MM-DD), compute everything as at that session's close. */
  asOf?: string;
  requester: Requester;
  /** Every registered command, for /help. */
  commands: readonly AnyCommand[];
  /** Long work reports here; adapters show an interim message or a progress bar. */
  progress?: (p: Progress) => void;
  /**
   * Aborted when the run must stop: its deadline passed or the person asking cancelled. Port calls
   * made through this context already carry it; pass it to any other wait (a sleep, a queue).
   */
  signal?: AbortSignal;
  /** Epoch ms (wall clock) by which data must have arrived, so the answer can still be made in time. */
  deadline?: number;
  /** What /status reads about the running bot; absent where nothing records it. */
  status?: BotStatus;
  /**
   * False when this platform's connection cannot see ordinary messages (Discord without the
   * Message Content intent), so /settings can say cashtags will not be answered; absent: unknown.
   */
  readsMessages?: boolean;
}

export interface Command<Args> {
  name: string;
  /** One line, shown in /help, the Slack manifest and Discord (100 characters at most). */
  description: string;
  /** e.g. "[period]" (Slack's usage hint). */
  usage: string;
  examples: string[];
  /** Positional options in the order `parse` reads them. */
  options: OptionSpec[];
  /** True when answers can take more than a moment (adapters show "working on it"). */
  slow?: boolean;
  /** Only people who manage the channel or workspace may use it (e.g. subscriptions). */
  admin?: boolean;
  /**
   * "long": runs under COMMAND_DEADLINE_LONG_MS instead of COMMAND_DEADLINE_MS (work over every
   * member of an index, which reports its progress as it goes).
   */
  deadline?: "long";
  /**
   * Some uses only (e.g. /alert add, not /alert list) need someone who manages the channel: true
   * for the text of such a use. Adapters then look up the requester's rights, as for `admin`.
   */
  manages?: (text: string) => boolean;
  /**
   * Its answers are for the asker alone (e.g. /help): adapters keep even the "working on it"
   * stage private, since a public placeholder cannot be made private afterwards (Discord).
   */
  private?: boolean;
  /** Pure: turns the text after the command name into arguments, or throws UserError. */
  parse(text: string): Args;
  run(args: Args, ctx: CommandContext): Promise<Reply>;
}

// biome-ignore lint/suspicious/noExplicitAny: the registry holds commands of every argument type.
export type AnyCommand = Command<any>;

/** Identity helper that keeps each command's Args type checked where it is defined. */
export function defineCommand<Args>(command: Command<Args>): Command<Args> {
  return command;
}
