/**
 * The one error boundary: look up -> parse -> run -> render charts -> Reply. Whatever happens,
 * the caller gets a Reply: user errors privately with what to type instead, outages with an
 * honest short note, bugs logged with context and answered generically.
 */
import type { AnyCommand, CommandContext } from "./command.ts";
import { BadDataError, DataUnavailableError, errorMessage, UserError } from "./errors.ts";
import type { ChartRenderer } from "./ports.ts";
import { type Block, makeReply, type Reply } from "./reply.ts";
import { closest, MAX_INPUT_LENGTH, quoteUserText, splitCommand } from "./text.ts";

export interface DispatchContext extends Omit<CommandContext, "commands"> {
  commands: readonly AnyCommand[];
  /** Renders chart blocks; without one, charts are left as specs (e.g. --json). */
  charts?: ChartRenderer;
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
  if (text.length > MAX_INPUT_LENGTH)
    return userErrorReply(
      new UserError("too-long", `That command is longer than ${MAX_INPUT_LENGTH} characters.`, "/help"),
    );
  const { name, rest } = splitCommand(text);
  return dispatch(name, rest, ctx);
}

/** Dispatches a command by name with the text that followed it. */
export async function dispatch(name: string, text: string, ctx: DispatchContext): Promise<Reply> {
  const log = ctx.logger.child({ command: name, platform: ctx.requester.platform });
  try {
    if (name === "") throw new UserError("empty", "That was an empty command.", "/help");
    const command = findCommand(ctx.commands, name);
    if (!command) {
      const names = ctx.commands.map((c) => c.name);
      const guess = closest(name, names);
      const shown = quoteUserText(name);
      throw new UserError(
        "unknown-command",
        `${shown ? `"/${shown}" is not` : "That is not"} a command I know.${guess ? ` Did you mean /${guess}?` : ""}`,
        guess ? `/${guess}` : "/help",
      );
    }
    if (text.length > MAX_INPUT_LENGTH)
      throw new UserError(
        "too-long",
        `That is longer than ${MAX_INPUT_LENGTH} characters.`,
        `/help ${command.name}`,
      );
    // The terminal and the scheduler act for the bot's owner; chat users must manage the channel.
    const trusted = ctx.requester.platform === "cli" || ctx.requester.platform === "schedule";
    if (command.admin && !trusted && ctx.requester.isAdmin !== true)
      throw new UserError(
        "not-admin",
        `Only people who manage this channel can use /${command.name}: ${WHO_MANAGES[ctx.requester.platform] ?? "channel managers"}. Ask one of them, or see what this channel receives with /subscriptions.`,
        "/subscriptions",
      );
    const args = command.parse(text);
    const started = Date.now();
    const reply = await command.run(args, { ...ctx, commands: ctx.commands });
    if (ctx.charts) await renderCharts(reply, ctx.charts, log);
    log.debug({ ms: Date.now() - started }, "answered");
    return reply;
  } catch (err) {
    if (err instanceof UserError) {
      log.info({ code: err.code }, "user error");
      return userErrorReply(err);
    }
    if (err instanceof DataUnavailableError) {
      log.warn({ source: err.source, err: errorMessage(err) }, "market data unavailable");
      return outageReply(
        `Market data unavailable: cannot reach ${err.source} right now, and nothing usable is cached. Try again in a few minutes.`,
        { source: err.source },
      );
    }
    if (err instanceof BadDataError) {
      log.warn({ source: err.source, err: errorMessage(err) }, "unreadable market data");
      const detail = err.message.length > 240 ? `${err.message.slice(0, 240)}…` : err.message;
      return outageReply(`Market data unreadable: ${detail}`, { source: err.source });
    }
    log.error({ err }, "command failed");
    return outageReply(
      "Something went wrong on our side while answering that. It has been logged; please try again shortly.",
      {},
    );
  }
}

/** Renders each chart block in place; a failed chart is replaced by a note, the answer stays. */
async function renderCharts(
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

export function userErrorReply(err: UserError): Reply {
  const blocks: Block[] = [{ type: "text", text: err.message }];
  if (err.hint) blocks.push({ type: "text", text: `Try: ${err.hint}` });
  return makeReply(
    blocks,
    { error: err.code, hint: err.hint ?? null },
    { visibility: "private", kind: "user-error" },
  );
}

export function outageReply(message: string, data: Record<string, unknown>): Reply {
  return makeReply(
    [{ type: "text", text: message }],
    { error: "outage", ...data },
    { visibility: "private", kind: "outage" },
  );
}

/** What an adapter needs to answer commands: everything but who is asking. */
export type Services = Omit<DispatchContext, "requester" | "progress">;
