/** A one-line progress bar on stderr for long work (e.g. ~2,000 quotes for breadth). */
import type { Progress } from "../../core/command.ts";

export function progressBar(stream: NodeJS.WriteStream = process.stderr): {
  update: (p: Progress) => void;
  done: () => void;
} {
  let shown = false;
  let last = 0;
  let lastMessage = "";
  return {
    update(p) {
      // Without a terminal (a pipe, a log file) a bar cannot redraw: print each new step once.
      if (!stream.isTTY) {
        const finished = p.total !== undefined && p.done === p.total;
        if (p.message === lastMessage && !finished) return;
        lastMessage = p.message;
        stream.write(
          p.total !== undefined && p.done !== undefined
            ? `${p.message} (${p.done}/${p.total})\n`
            : `${p.message}\n`,
        );
        return;
      }
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
      stream.write(`\r\u001b[2K${line}`);
      shown = true;
    },
    done() {
      if (shown && stream.isTTY) stream.write("\r\u001b[2K");
      shown = false;
    },
  };
}
