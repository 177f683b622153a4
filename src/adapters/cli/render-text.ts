/** Reply -> terminal text. Plain text, with bold titles when the output is a colour terminal. */
import { type Reply, assertNever, formatTable } from "../../core/reply.ts";
import { fitTable, wrapText } from "./wrap.ts";

/** Control characters other than newline and tab: user text must not drive the terminal. */
const CONTROL = /(?![\n\t])\p{Cc}/gu;
const clean = (s: string) => s.replace(CONTROL, "");

export function renderText(
  reply: Reply,
  /** width: the terminal's columns; prose wraps between words and wide tables become lists. */
  options: { color: boolean; chartPaths?: Map<number, string>; width?: number },
): string {
  const bold = (s: string) => (options.color ? `\u001b[1m${s}\u001b[22m` : s);
  const dim = (s: string) => (options.color ? `\u001b[2m${s}\u001b[22m` : s);
  const width = options.width;
  const wrap = (s: string, indent = "") => (width ? wrapText(s, width, indent) : s);
  const parts: string[] = [];
  reply.blocks.forEach((block, i) => {
    switch (block.type) {
      case "title":
        parts.push(bold(wrap(clean(block.text))));
        break;
      case "text":
        parts.push(wrap(clean(block.text)));
        break;
      case "fields": {
        const labels = Math.max(0, ...block.fields.map((f) => clean(f.label).length));
        parts.push(
          block.fields
            .map((f) =>
              width && labels > width / 3
                ? `${wrap(clean(f.label))}\n${wrap(`  ${clean(f.value)}`, "  ")}`
                : wrap(`${clean(f.label).padEnd(labels)}  ${clean(f.value)}`, " ".repeat(labels + 2)),
            )
            .join("\n"),
        );
        break;
      }
      case "table":
        parts.push(
          `${block.caption ? `${wrap(clean(block.caption))}\n` : ""}${
            width
              ? fitTable(
                  block.columns.map(clean),
                  block.rows.map((r) => r.map(clean)),
                  width,
                  block.align,
                )
              : formatTable(
                  block.columns.map(clean),
                  block.rows.map((r) => r.map(clean)),
                  block.align,
                )
          }`,
        );
        break;
      case "chart": {
        const path = options.chartPaths?.get(i);
        parts.push(path ? `Chart: ${path}` : `Chart: ${clean(block.alt)}`);
        break;
      }
      case "footer":
        parts.push(dim(wrap(clean(block.text))));
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
