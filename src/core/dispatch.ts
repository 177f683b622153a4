/**
 * The one error boundary: look up -> parse -> run -> render charts -> Reply. Whatever happens,
 * the caller gets a Reply: user errors privately with what to type instead, outages with an
 * honest short note, bugs logged with context and answered generically.
 */
import type { AnyCommand, CommandContext } from "./command.ts";
import {
  answerReserveMs,
  bindCharts,
  bindMarket,
  bindMembers,
  Cancelled,
  DEFAULT_DEADLINE_MS,
  DEFAULT_LONG_DEADLINE_MS,
  DeadlineExceeded,
  WaitTracker,
} from "./deadline.ts";
import { BadDataError, DataUnavailableError, errorMessage, UserError, userTextOf } from "./errors.ts";
import { type CommandOutcome, type Metrics, UNKNOWN_COMMAND } from "./metrics.ts";
import type { CallOptions, ChartRenderer } from "./ports.ts";
import { redactText } from "./redact.ts";
import { type Block, makeReply, type Reply } from "./reply.ts";
import { closest, MAX_INPUT_LENGTH, quoteUserText, splitCommand } from "./text.ts";

export interface DispatchContext extends Omit<CommandContext, "commands"> {
  commands: readonly AnyCommand[];
  /** Renders chart blocks; without one, charts are left as specs (e.g. --json). */
  charts?: ChartRenderer;
  /** Each command's overall deadline (COMMAND_DEADLINE_MS); default 15 s. */
  deadlineMs?: number;
  /** The deadline of "long" commands and of scheduled runs (COMMAND_DEADLINE_LONG_MS); default 120 s. */
  longDeadlineMs?: number;
  /** Where command counts and latencies are reported; nowhere when absent. */
  metrics?: Metrics;
}

/** Who counts as managing a channel, as each platform's adapter decides it. */
const WHO_MANAGES: Partial<Record<string, string>> = {
  slack: "workspace admins and owners, and the channel's creator",
  discord: "members with the Manage Channels permission",
};

export function findCommand(commands: readonly AnyCommand[], name: string): AnyCommand | undefined {
  const wanted = name.replace(/^\//, "").toLowerCase();
  return commands.find((c) => c.name === wanted);
}

/** Dispatches a full command line such as "/rotation ytd". */
export async function dispatchText(text: string, ctx: DispatchContext): Promise<Reply> {
  if (text.length > MAX_INPUT_LENGTH) {
    ctx.metrics?.command({
      command: UNKNOWN_COMMAND,
      platform: ctx.requester.platform,
      outcome: "user_error",
      seconds: 0,
    });
    return userErrorReply(
      new UserError("too-long", `That command is longer than ${MAX_INPUT_LENGTH} characters.`, "/help"),
    );
  }
  const { name, rest, slash } = splitCommand(text);
  // Echo what was typed: "asdf" is not "/asdf" (the slash is optional, and was not typed).
  if (!slash && name !== "" && !findCommand(ctx.commands, name))
    return userErrorReply(unknownCommand(name, "", ctx.commands));
  return dispatch(name, rest, ctx);
}

const OUTCOME: Record<Reply["kind"], CommandOutcome> = {
  answer: "answer",
  "user-error": "user_error",
  outage: "outage",
};

/** The generic answers to our own failures (bugs), told apart from outages for the metrics. */
const BUG_REPLIES = new WeakSet<Reply>();

/** Dispatches a command by name with the text that followed it. */
export async function dispatch(name: string, text: string, ctx: DispatchContext): Promise<Reply> {
  const started = performance.now();
  const reply = await answer(name, text, ctx);
  ctx.metrics?.command({
    command: findCommand(ctx.commands, name)?.name ?? UNKNOWN_COMMAND,
    platform: ctx.requester.platform,
    outcome: BUG_REPLIES.has(reply) ? "bug" : OUTCOME[reply.kind],
    seconds: (performance.now() - started) / 1000,
  });
  return reply;
}

async function answer(name: string, text: string, ctx: DispatchContext): Promise<Reply> {
  const log = ctx.logger.child({ command: name, platform: ctx.requester.platform });
  let command: AnyCommand;
  let args: unknown;
  try {
    command = resolveCommand(name, text, ctx);
    args = command.parse(text);
  } catch (err) {
    return failureReply(err, log, 0);
  }
  const long = command.deadline === "long" || ctx.requester.platform === "schedule";
  const deadlineMs = long
    ? (ctx.longDeadlineMs ?? DEFAULT_LONG_DEADLINE_MS)
    : (ctx.deadlineMs ?? DEFAULT_DEADLINE_MS);
  const run = new Run(ctx, deadlineMs);
  try {
    const work = (async () => {
      const reply = await command.run(args, run.context(ctx));
      if (ctx.charts) await renderCharts(reply, bindCharts(ctx.charts, run.chartCall), log);
      return reply;
    })();
    const outcome = await Promise.race([work.then((reply) => ({ reply })), run.stopped]);
    if ("reply" in outcome) {
      log.debug({ ms: run.elapsedMs() }, "answered");
      return outcome.reply;
    }
    // Stopped while the command still runs: its signal is aborted, so it winds down on its own.
    work.catch((err: unknown) => log.debug({ err: errorMessage(err) }, "stopped run ended"));
    if (outcome.why === "cancelled") return cancelledReply(log);
    log.warn({ ms: run.elapsedMs(), waitingFor: run.waits.current?.source }, "deadline passed");
    return tooSlowReply(run);
  } catch (err) {
    if (ctx.signal?.aborted) return cancelledReply(log);
    return failureReply(err, log, run.elapsedMs(), run);
  } finally {
    run.stop();
  }
}

function resolveCommand(name: string, text: string, ctx: DispatchContext): AnyCommand {
  if (name === "") throw new UserError("empty", "That was an empty command.", "/help");
  const command = findCommand(ctx.commands, name);
  if (!command) throw unknownCommand(name, "/", ctx.commands);
  if (text.length > MAX_INPUT_LENGTH)
    throw new UserError(
      "too-long",
      `That is longer than ${MAX_INPUT_LENGTH} characters.`,
      `/help ${command.name}`,
    );
  // The terminal and the scheduler act for the bot's owner; chat users must manage the channel.
  const trusted = ctx.requester.platform === "cli" || ctx.requester.platform === "schedule";
  if ((command.admin || command.manages?.(text)) && !trusted && ctx.requester.isAdmin !== true)
    throw new UserError(
      "not-admin",
      `Only people who manage this channel can use /${command.name}: ${WHO_MANAGES[ctx.requester.platform] ?? "channel managers"}. Ask one of them, or see what this channel receives with /subscriptions.`,
      "/subscriptions",
    );
  return command;
}

/**
 * One command's run: a data signal that aborts a little before the deadline (so cached data can
 * still be served in time), a chart signal at the deadline itself, and `stopped`, which settles at
 * the deadline or when the caller cancels, whatever the command is doing.
 */
class Run {
  readonly startedAt = Date.now();
  readonly deadlineMs: number;
  readonly data = new AbortController();
  readonly hard = new AbortController();
  readonly waits: WaitTracker;
  readonly stopped: Promise<{ why: "deadline" | "cancelled" }>;
  readonly #timers: NodeJS.Timeout[] = [];
  readonly #unlisten: () => void;

  constructor(ctx: DispatchContext, deadlineMs: number) {
    this.deadlineMs = deadlineMs;
    this.waits = new WaitTracker((p) => ctx.progress?.(p));
    const reserve = answerReserveMs(deadlineMs);
    let settle: (v: { why: "deadline" | "cancelled" }) => void = () => {};
    this.stopped = new Promise((resolve) => {
      settle = resolve;
    });
    this.#timers.push(
      setTimeout(() => this.data.abort(new DeadlineExceeded(deadlineMs)), deadlineMs - reserve),
      setTimeout(() => {
        this.hard.abort(new DeadlineExceeded(deadlineMs));
        settle({ why: "deadline" });
      }, deadlineMs),
    );
    const outer = ctx.signal;
    const onCancel = () => {
      this.data.abort(new Cancelled());
      this.hard.abort(new Cancelled());
      settle({ why: "cancelled" });
    };
    if (outer?.aborted) onCancel();
    else outer?.addEventListener("abort", onCancel, { once: true });
    this.#unlisten = () => outer?.removeEventListener("abort", onCancel);
  }

  get dataCall(): CallOptions {
    const reserve = answerReserveMs(this.deadlineMs);
    return {
      signal: this.data.signal,
      deadline: this.startedAt + this.deadlineMs - reserve,
      waiting: this.waits.waiting,
    };
  }

  get chartCall(): CallOptions {
    return {
      signal: this.hard.signal,
      deadline: this.startedAt + this.deadlineMs,
      waiting: this.waits.waiting,
    };
  }

  context(ctx: DispatchContext): CommandContext {
    const call = this.dataCall;
    return {
      ...ctx,
      market: bindMarket(ctx.market, call),
      ...(ctx.members ? { members: bindMembers(ctx.members, call) } : {}),
      commands: ctx.commands,
      signal: call.signal as AbortSignal,
      deadline: call.deadline as number,
    };
  }

  elapsedMs(): number {
    return Date.now() - this.startedAt;
  }

  stop(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.waits.stop();
    this.#unlisten();
  }
}

/** Whole seconds, rounded up: "within 15 s" is never less than what the person waited. */
function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

function tooSlowReply(run: Run): Reply {
  const source = run.waits.current?.source ?? run.waits.lastSource;
  const s = seconds(run.deadlineMs);
  return outageReply(
    source
      ? `Market data unavailable: ${source} did not answer within ${s} s. Try again in a few minutes.`
      : `That took longer than ${s} s, so I stopped. Please try again shortly.`,
    { reason: "deadline", ...(source ? { source } : {}) },
  );
}

function cancelledReply(log: CommandContext["logger"]): Reply {
  log.info({}, "cancelled");
  return outageReply("Cancelled.", { reason: "cancelled" });
}

function failureReply(err: unknown, log: CommandContext["logger"], elapsedMs: number, run?: Run): Reply {
  if (err instanceof UserError) {
    log.info({ code: err.code }, "user error");
    return userErrorReply(err);
  }
  if (err instanceof DataUnavailableError) {
    log.warn({ source: err.source, err: errorMessage(err) }, "market data unavailable");
    const deadlinePassed = run?.data.signal.aborted === true;
    if (err.timedOut || deadlinePassed)
      return outageReply(
        `Market data unavailable: ${err.source} did not answer within ${seconds(elapsedMs)} s, and nothing usable is cached. Try again in a few minutes.`,
        { source: err.source, reason: "deadline" },
      );
    return outageReply(
      `Market data unavailable: ${userTextOf(err)}, and nothing usable is cached. Try again in a few minutes.`,
      { source: err.source },
    );
  }
  if (err instanceof BadDataError) {
    log.warn({ source: err.source, err: errorMessage(err) }, "unreadable market data");
    const said = userTextOf(err);
    const detail = said.length > 240 ? `${said.slice(0, 240)}…` : said;
    return outageReply(`Market data unreadable: ${detail}`, { source: err.source });
  }
  if (err instanceof DeadlineExceeded && run) return tooSlowReply(run);
  log.error({ err }, "command failed");
  const reply = outageReply(
    "Something went wrong on our side while answering that. It has been logged; please try again shortly.",
    {},
  );
  BUG_REPLIES.add(reply);
  return reply;
}

/** Renders each chart block in place; a failed chart is replaced by a note, the answer stays. */
export async function renderCharts(
  reply: Reply,
  renderer: ChartRenderer,
  log: CommandContext["logger"],
): Promise<void> {
  for (let i = 0; i < reply.blocks.length; i++) {
    const block = reply.blocks[i] as Block;
    if (block.type !== "chart" || block.image) continue;
    try {
      block.image = await renderer.render(block.spec);
    } catch (err) {
      log.warn({ err: errorMessage(err), renderer: renderer.name }, "chart failed");
      reply.blocks[i] = { type: "text", text: `(Chart unavailable: ${renderer.name} failed to draw it.)` };
    }
  }
}

/** `prefix` is "/" when the user typed one (chat platforms always do). */
function unknownCommand(name: string, prefix: string, commands: readonly AnyCommand[]): UserError {
  const guess = closest(
    name.replace(/^\//, ""),
    commands.map((c) => c.name),
  );
  const shown = quoteUserText(name);
  return new UserError(
    "unknown-command",
    `${shown ? `"${prefix}${shown}" is not` : "That is not"} a command I know.${guess ? ` Did you mean /${guess}?` : ""}`,
    guess ? `/${guess}` : "/help",
  );
}

export function userErrorReply(err: UserError): Reply {
  const blocks: Block[] = [{ type: "text", text: redactText(err.message) }];
  if (err.hint) blocks.push({ type: "text", text: `Try: ${err.hint}` });
  return makeReply(
    blocks,
    { error: err.code, hint: err.hint ?? null },
    { visibility: "private", kind: "user-error" },
  );
}

export function outageReply(message: string, data: Record<string, unknown>): Reply {
  return makeReply(
    // Library text can carry a URL with its credentials: never show them.
    [{ type: "text", text: redactText(message) }],
    { error: "outage", ...data },
    { visibility: "private", kind: "outage" },
  );
}

/** What an adapter needs to answer commands: everything but who is asking. */
export type Services = Omit<DispatchContext, "requester" | "progress" | "signal" | "deadline">;
