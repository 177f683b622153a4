/** Reply -> terminal text. Plain text, with bold titles when the output is a colour terminal. */
import { type Reply, assertNever, formatTable } from "../../core/reply.ts";

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
        parts.push(bold(block.text));
        break;
      case "text":
        parts.push(block.text);
        break;
      case "fields": {
        const width = Math.max(...block.fields.map((f) => f.label.length));
        parts.push(block.fields.map((f) => `${f.label.padEnd(width)}  ${f.value}`).join("\n"));
        break;
      }
      case "table":
        parts.push(
          `${block.caption ? `${block.caption}\n` : ""}${formatTable(block.columns, block.rows, block.align)}`,
        );
        break;
      case "chart": {
        const path = options.chartPaths?.get(i);
        parts.push(path ? `Chart: ${path}` : `Chart: ${block.alt}`);
        break;
      }
      case "footer":
        parts.push(dim(block.text));
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
