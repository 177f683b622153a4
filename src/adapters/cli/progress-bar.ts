/** A one-line progress bar on stderr for long work (e.g. ~2,000 quotes for breadth). */
import type { Progress } from "../../core/command.ts";

export function progressBar(stream: NodeJS.WriteStream = process.stderr): {
  update: (p: Progress) => void;
  done: () => void;
} {
  let shown = false;
  let last = 0;
  return {
    update(p) {
      const now = Date.now();
      // Redraw at most ten times a second, and always on the last step.
      if (now - last < 100 && p.done !== p.total) return;
      last = now;
      let line = p.message;
      if (p.total && p.done !== undefined) {
        const width = 24;
        const filled = Math.round((p.done / p.total) * width);
        line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${p.done}/${p.total} ${p.message}`;
      }
      if (stream.isTTY) {
        stream.write(`\r\u001b[2K${line}`);
        shown = true;
      } else stream.write(`${line}\n`);
    },
    done() {
      if (shown && stream.isTTY) stream.write("\r\u001b[2K");
      shown = false;
    },
  };
}
