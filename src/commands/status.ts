/**
 * /status: how the bot's sources are doing, from what its own requests found (nothing is probed,
 * so it answers at once even when every source is down), with its member lists, store, schedule,
 * version and uptime. Private, since it is about the bot, not the market.
 */
import { defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { makeReply, type Block } from "../core/reply.ts";
import { DeadlineError } from "../core/status/describe.ts";
import { STATUS_PROVIDERS, type StatusProvider, type StatusSection } from "../core/status/sections.ts";
import { words } from "../core/text.ts";

/** How long any part of the status may take (a store read, the subscriptions). */
export const STATUS_DEADLINE_MS = 300;

export const status = defineCommand<Record<string, never>>({
  name: "status",
  description: "How the bot's data sources, member lists, store and schedule are doing",
  usage: "",
  examples: ["/status"],
  options: [],
  parse(text) {
    if (words(text).length > 0)
      throw new UserError("status-args", "/status takes nothing after it.", "/status");
    return {};
  },
  async run(_args, ctx) {
    const bot = ctx.status;
    if (!bot)
      throw new UserError("status-unavailable", "This bot was started without a status record.", "/help");
    const now = ctx.clock.now();
    const signal = AbortSignal.timeout(STATUS_DEADLINE_MS);
    const input = { ctx, status: bot, signal, now, deadlineMs: STATUS_DEADLINE_MS };
    const sections = await Promise.all(
      STATUS_PROVIDERS.map((p) => collect(p, () => p.collect(input), ctx.logger)),
    );
    const blocks: Block[] = [{ type: "title", text: "rotation-bot status" }];
    for (const s of sections) {
      blocks.push({ type: "text", text: s.title });
      blocks.push({ type: "fields", fields: s.fields });
    }
    blocks.push({
      type: "footer",
      text: "Sources as this process's own requests found them; nothing was asked of them now.",
    });
    return makeReply(
      blocks,
      Object.fromEntries(STATUS_PROVIDERS.map((p, i) => [p.id, (sections[i] as StatusSection).data])),
      { visibility: "private" },
    );
  },
});

/** A section, or a line saying why it is missing: a late or failing part never fails the answer. */
async function collect(
  provider: StatusProvider,
  run: () => Promise<StatusSection> | StatusSection,
  logger: { warn(obj: object, msg?: string): void },
): Promise<StatusSection> {
  try {
    return await run();
  } catch (err) {
    const late = err instanceof DeadlineError;
    if (!late)
      logger.warn(
        { section: provider.id, err: err instanceof Error ? err.message : String(err) },
        "status section failed",
      );
    const why = late ? `did not answer within ${STATUS_DEADLINE_MS} ms` : "could not be read";
    return {
      title: provider.title,
      fields: [{ label: provider.title, value: `UNKNOWN: ${why}`, tone: "negative" }],
      data: { error: late ? "deadline" : "failed" },
    };
  }
}
