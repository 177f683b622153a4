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
  const byDate = new Map<string, number>();
  for (const bar of sessionBars(bBars))
    if (bar.date <= asOf && bar.close > 0) byDate.set(bar.date, bar.close);
  const out: AlignedCloses = { dates: [], a: [], b: [] };
  for (const bar of sessionBars(aBars)) {
    if (bar.date > asOf || !(bar.close > 0)) continue;
    const other = byDate.get(bar.date);
    if (other === undefined) continue;
    out.dates.push(bar.date);
    out.a.push(bar.close);
    out.b.push(other);
  }
  return out;
}
