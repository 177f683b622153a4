/** /help [command]: every command with an example, or one command in detail. */
import { defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { makeReply } from "../core/reply.ts";
import { closest, quoteUserText, words } from "../core/text.ts";

export const help = defineCommand<{ topic?: string }>({
  name: "help",
  description: "Every command with an example, or one command in detail",
  usage: "[command]",
  private: true,
  examples: ["/help", "/help rotation"],
  options: [
    {
      name: "command",
      description: "A command to explain, e.g. rotation",
      type: "string",
    },
  ],
  parse(text) {
    const [first, ...rest] = words(text);
    if (rest.length > 0)
      throw new UserError("help-args", "/help takes at most one command name.", "/help rotation");
    return first ? { topic: first.replace(/^\//, "").toLowerCase() } : {};
  },
  async run(args, ctx) {
    if (args.topic) {
      const command = ctx.commands.find((c) => c.name === args.topic);
      if (!command) {
        const guess = closest(
          args.topic,
          ctx.commands.map((c) => c.name),
        );
        const shown = quoteUserText(args.topic);
        throw new UserError(
          "help-unknown",
          `${shown ? `"${shown}" is not` : "That is not"} a command I know.${guess ? ` Did you mean ${guess}?` : ""}`,
          guess ? `/help ${guess}` : "/help",
        );
      }
      const options = command.options.map((o) => {
        const choices = o.choices ? ` (${o.choices.map((c) => c.value).join(", ")})` : "";
        return { label: o.name, value: `${o.description}${choices}${o.required ? "" : " (optional)"}` };
      });
      return makeReply(
        [
          { type: "title", text: `/${command.name} ${command.usage}`.trim() },
          { type: "text", text: command.description },
          ...(options.length > 0 ? [{ type: "fields" as const, fields: options }] : []),
          { type: "text", text: `Examples:\n${command.examples.join("\n")}` },
        ],
        { command: command.name, usage: command.usage, examples: command.examples },
        { visibility: "private" },
      );
    }
    const rows = ctx.commands.map((c) => [
      `/${c.name} ${c.usage}`.trim(),
      c.description,
      c.examples[0] ?? "",
    ]);
    return makeReply(
      [
        { type: "title", text: "rotation-bot commands" },
        {
          type: "text",
          text: "Is market leadership broadening (small caps, the average stock) or narrowing (a few mega caps)?",
        },
        { type: "table", columns: ["Command", "What it answers", "Example"], rows },
        { type: "footer", text: "Type /help <command> for details. Not investment advice." },
      ],
      { commands: ctx.commands.map((c) => ({ name: c.name, usage: c.usage, examples: c.examples })) },
      { visibility: "private" },
    );
  },
});
