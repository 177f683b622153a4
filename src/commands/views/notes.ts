/**
 * The notes and footer every market-view reply carries: what was missing, what ended early, what
 * came from cache, and the footer naming source, as-of, method, coverage and "Not investment advice".
 */
import { describeMissing, type Missing } from "../../core/fetch-series.ts";
import { formatAge } from "../../core/market/as-of.ts";
import { formatShortDate } from "../../core/market/time.ts";

export interface NoteInput {
  /** evaluationDate()'s note, e.g. a weekend moved to Friday. */
  evaluationNote?: string;
  missing: readonly Missing[];
  /** Symbols fetched but without enough closes for the figure. */
  short?: readonly string[];
  /** What `short` lacked, e.g. "this period". */
  shortWhat?: string;
  /** Symbols whose last close is before the end date. */
  lagging?: readonly { symbol: string; endDate: string }[];
  end: string;
  /** The series fetched: a `short` symbol whose closes stop before `end` is named as lagging instead. */
  series?: ReadonlyMap<string, { bars: readonly { date: string }[] }>;
  staleAgeMs?: number;
  sourceName: string;
}

export function dataNotes(input: NoteInput): string[] {
  const notes: string[] = [];
  if (input.evaluationNote) notes.push(input.evaluationNote);
  if (input.missing.length > 0) notes.push(`Missing: ${describeMissing(input.missing)}.`);
  const lastOf = (symbol: string) =>
    input.series?.get(symbol)?.bars.findLast((b) => b.date <= input.end)?.date;
  const stopped = (input.short ?? []).flatMap((symbol) => {
    const endDate = lastOf(symbol);
    return endDate !== undefined && endDate < input.end ? [{ symbol, endDate }] : [];
  });
  const short = (input.short ?? []).filter((s) => !stopped.some((l) => l.symbol === s));
  if (short.length > 0)
    notes.push(`Not enough history for ${input.shortWhat ?? "this period"}: ${short.join(", ")}.`);
  for (const l of [...(input.lagging ?? []), ...stopped])
    notes.push(
      `${l.symbol} has no close on ${formatShortDate(input.end)}; its last is ${formatShortDate(l.endDate)}.`,
    );
  if (input.staleAgeMs !== undefined)
    notes.push(
      `${input.sourceName} could not be reached; figures come from data cached ${formatAge(input.staleAgeMs)} ago.`,
    );
  return notes;
}

/** "Source: X · as of ... · <parts> · Not investment advice". */
export function footerText(source: string, asOf: string, parts: readonly string[]): string {
  return [`Source: ${source}`, asOf, ...parts, "Not investment advice"].join(" · ");
}
