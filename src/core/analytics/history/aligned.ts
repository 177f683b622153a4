/**
 * Two series side by side on the sessions both have a close for, up to an as-of session: the
 * ground every history figure stands on. Nothing after `asOf` is kept, so no figure can look ahead.
 */
import type { Bar } from "../../ports.ts";
import { sessionBars } from "../returns.ts";

export interface AlignedCloses {
  /** Session dates, ascending, each with a close in both series. */
  dates: string[];
  a: number[];
  b: number[];
}

export function alignedCloses(aBars: readonly Bar[], bBars: readonly Bar[], asOf: string): AlignedCloses {
  const a = sessionBars(aBars);
  const b = sessionBars(bBars);
  const out: AlignedCloses = { dates: [], a: [], b: [] };
  // Both ascending by date: one pass with a pointer into each (a map of 10,000 dates costs more).
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    const bar = a[i] as Bar;
    if (bar.date > asOf) break;
    if (!(bar.close > 0)) continue;
    while (j < b.length && (b[j] as Bar).date < bar.date) j++;
    // Equal dates: the last of them, as a map keyed by date would keep.
    while (j + 1 < b.length && (b[j + 1] as Bar).date === bar.date) j++;
    const other = b[j];
    if (other === undefined || other.date !== bar.date || !(other.close > 0)) continue;
    out.dates.push(bar.date);
    out.a.push(bar.close);
    out.b.push(other.close);
  }
  return out;
}
