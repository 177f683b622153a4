/**
 * How breadth replies word coverage: a share with its count ("62.3% (1,212 of 1,945)"), a measure
 * refused when too few members are counted in it, and who could not be priced, grouped by reason.
 */
import { isMeaningful, type Tally } from "../../core/analytics/breadth.ts";
import { count, counted, share } from "../../core/format.ts";

/** Percent with one decimal: 62.34 -> "62.3%". */
export function pct1(percent: number): string {
  return `${percent.toFixed(1)}%`;
}

/** "1,942 of 1,961 members priced (99.0%)" */
export function coverageText(priced: number, members: number): string {
  const part = members === 0 ? "" : ` (${pct1((priced / members) * 100)})`;
  return `${count(priced)} of ${counted(members, "member")} priced${part}`;
}

/**
 * A measure as a share of the members counted in it, or "n/a" with the reason when fewer than
 * half the group's members could be counted (e.g. too few have 200 closes).
 */
export function measureText(t: Tally, members: number, what: string): string {
  if (!isMeaningful(t.of, members))
    return `n/a (only ${count(t.of)} of ${counted(members, "member")} ${what})`;
  return share(t.count, t.of);
}

/** A percentage cell for a table, "n/a" when the measure covers too few of the group. */
export function percentCell(t: Tally, members: number): string {
  if (!isMeaningful(t.of, members) || t.of === 0) return "n/a";
  return pct1((t.count / t.of) * 100);
}

/** A percentage for a chart, null (drawn as nothing) when the measure covers too few. */
export function percentValue(t: Tally, members: number): number | null {
  if (!isMeaningful(t.of, members) || t.of === 0) return null;
  return (t.count / t.of) * 100;
}

const MAX_REASONS = 4;

/**
 * "19 members not priced: 12 request failed: HTTP 503 (AAA, BBB, CCC and 9 more); 7 not found
 * (DDD, ...)". Empty when everyone was priced.
 */
export function notPricedNote(notPriced: readonly { symbol: string; reason: string }[], shown = 4): string {
  if (notPriced.length === 0) return "";
  const byReason = new Map<string, string[]>();
  for (const n of notPriced) {
    const list = byReason.get(n.reason) ?? [];
    list.push(n.symbol);
    byReason.set(n.reason, list);
  }
  const sorted = [...byReason.entries()].sort(
    (a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]),
  );
  const groups = sorted.slice(0, MAX_REASONS).map(([reason, symbols]) => {
    const named = symbols.slice(0, shown).join(", ");
    const more = symbols.length > shown ? ` and ${count(symbols.length - shown)} more` : "";
    return `${count(symbols.length)} ${reason} (${named}${more})`;
  });
  const others = sorted.slice(MAX_REASONS).reduce((n, [, symbols]) => n + symbols.length, 0);
  if (others > 0) groups.push(`${count(others)} for other reasons`);
  const noun = notPriced.length === 1 ? "member" : "members";
  return `${count(notPriced.length)} ${noun} not priced: ${groups.join("; ")}.`;
}
