/** Reply -> terminal text. Plain text, with bold titles when the output is a colour terminal. */
import { type Reply, assertNever, formatTable } from "../../core/reply.ts";

/** Control characters other than newline and tab: user text must not drive the terminal. */
const CONTROL = /(?![\n\t])\p{Cc}/gu;
const clean = (s: string) => s.replace(CONTROL, "");

export function renderText(
  reply: Reply,
  options: { color: boolean; chartPaths?: Map<number, string> },
): string {
  const bold = (s: string) => (options.color ? `\u001b[1m${s}\u001b[22m` : s);
  const dim = (s: string) => (options.color ? `\u001b[2m${s}\u001b[22m` : s);
  const parts: string[] = [];
  reply.blocks.forEach((block, i) => {
    switch (block.type) {
      case "title":
        parts.push(bold(clean(block.text)));
        break;
      case "text":
        parts.push(clean(block.text));
        break;
      case "fields": {
        const width = Math.max(0, ...block.fields.map((f) => clean(f.label).length));
        parts.push(block.fields.map((f) => `${clean(f.label).padEnd(width)}  ${clean(f.value)}`).join("\n"));
        break;
      }
      case "table":
        parts.push(
          `${block.caption ? `${clean(block.caption)}\n` : ""}${formatTable(
            block.columns.map(clean),
            block.rows.map((r) => r.map(clean)),
            block.align,
          )}`,
        );
        break;
      case "chart": {
        const path = options.chartPaths?.get(i);
        parts.push(path ? `Chart: ${path}` : `Chart: ${clean(block.alt)}`);
        break;
      }
      case "footer":
        parts.push(dim(clean(block.text)));
        break;
      default:
        assertNever(block);
    }
  });
  return `${parts.join("\n\n")}\n`;
}

/** The Reply for --json: every figure, with image bytes replaced by their size and file. */
export function replyToJson(reply: Reply, chartPaths: Map<number, string>): string {
  const blocks = reply.blocks.map((block, i) => {
    if (block.type !== "chart") return block;
    const { image, ...rest } = block;
    return {
      ...rest,
      ...(image ? { image: { width: image.width, height: image.height, bytes: image.png.byteLength } } : {}),
      ...(chartPaths.has(i) ? { file: chartPaths.get(i) } : {}),
    };
  });
  return `${JSON.stringify({ ...reply, blocks }, null, 2)}\n`;
}
