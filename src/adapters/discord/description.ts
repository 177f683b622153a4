/**
 * The embed description: text blocks and tables in reply order, fitted into a character budget by
 * trimming that keeps the meaning. Tables lose whole rows first (with "… N more rows"), then the
 * last text is shortened, so the summary sentence at the top survives longest.
 */
import { formatTable } from "../../core/reply.ts";
import { clip, codeSafe } from "./limits.ts";

export interface TablePiece {
  kind: "table";
  columns: string[];
  rows: string[][];
  align?: ("left" | "right")[];
  /** Already escaped for markdown. */
  caption?: string;
}

/** Text already escaped for markdown. */
export interface TextPiece {
  kind: "text";
  text: string;
  /** A short note about what was left out: shortened last, never. */
  keep?: boolean;
}

export type Piece = TextPiece | TablePiece;

interface TableState extends TablePiece {
  keep: number;
  omitted: boolean;
}

type State = TextPiece | TableState;

const SEPARATOR = "\n\n";

function rowsLabel(n: number): string {
  return `… ${n.toLocaleString("en-US")} more row${n === 1 ? "" : "s"}`;
}

function renderTable(t: TableState): string {
  if (t.omitted)
    return `(Table of ${t.rows.length.toLocaleString("en-US")} rows left out: too long for Discord.)`;
  const safe = (cells: string[]) => cells.map(codeSafe);
  const body = formatTable(safe(t.columns), t.rows.slice(0, t.keep).map(safe), t.align);
  const more = t.keep < t.rows.length ? `\n${rowsLabel(t.rows.length - t.keep)}` : "";
  const code = `\`\`\`\n${body}${more}\n\`\`\``;
  return t.caption ? `${t.caption}\n${code}` : code;
}

function render(state: State[]): string {
  return state
    .map((p) => (p.kind === "text" ? p.text : renderTable(p)))
    .filter((s) => s !== "")
    .join(SEPARATOR);
}

/** The description that fits `budget` characters, trimmed as gently as possible. */
export function fitDescription(pieces: Piece[], budget: number): string {
  const state: State[] = pieces.map((p) =>
    p.kind === "table" ? { ...p, keep: p.rows.length, omitted: false } : { ...p },
  );
  const fits = () => render(state).length <= budget;
  if (fits()) return render(state);

  // 1. Tables give up whole rows, the longest table first.
  const tables = state
    .filter((p): p is TableState => p.kind === "table")
    .sort((a, b) => renderTable(b).length - renderTable(a).length);
  for (const table of tables) {
    const all = table.keep;
    table.keep = 0;
    if (!fits()) continue;
    let lo = 0;
    let hi = all;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      table.keep = mid;
      if (fits()) lo = mid;
      else hi = mid - 1;
    }
    table.keep = lo;
    return render(state);
  }

  // 2. Text is shortened from the last piece backwards.
  for (let i = state.length - 1; i >= 0; i--) {
    const piece = state[i];
    if (piece?.kind !== "text" || piece.keep) continue;
    const excess = render(state).length - budget;
    if (excess <= 0) break;
    piece.text = clip(piece.text, Math.max(0, piece.text.length - excess));
  }
  if (fits()) return render(state);

  // 3. Tables that still do not fit are named, not shown.
  for (const table of tables) {
    table.omitted = true;
    if (fits()) return render(state);
  }
  return clip(render(state), budget);
}
