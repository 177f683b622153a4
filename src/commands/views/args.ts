/**
 * Argument helpers shared by the market-view commands (/sectors, /record, /compare, /macro):
 * tickers typed as index words or symbols, and a period, each refused with what to type instead.
 * Nothing a user typed is echoed except through quoteUserText.
 */
import { PERIOD_CODES, PERIOD_HELP } from "../../core/analytics/periods.ts";
import type { OptionSpec } from "../../core/command.ts";
import { UserError } from "../../core/errors.ts";

export { symbolFromWord } from "../../core/market/instruments.ts";

import { isIsoDate } from "../../core/market/time.ts";
import { words } from "../../core/text.ts";

/** A word that is meant as a period: a period code, a date or range, or digits then letters (7q). */
export function looksLikePeriod(word: string): boolean {
  const w = word.toLowerCase();
  return (
    (PERIOD_CODES as readonly string[]).includes(w) ||
    w.includes("..") ||
    /^\d{4}-\d{2}-\d{2}/.test(w) ||
    /^\d+[a-z]{1,3}$/.test(w)
  );
}

/** Splits trailing period words ("6m", "2026-01-02..2026-02-27", "2026-01-02 to 2026-02-27") off a list. */
export function splitTrailingPeriod(list: readonly string[]): { rest: string[]; period?: string } {
  const n = list.length;
  const last = list[n - 1];
  if (n >= 3 && list[n - 2]?.toLowerCase() === "to" && isIsoDate(list[n - 3] ?? "") && last)
    return { rest: list.slice(0, n - 3), period: list.slice(n - 3).join(" ") };
  if (last !== undefined && looksLikePeriod(last)) return { rest: list.slice(0, n - 1), period: last };
  return { rest: [...list] };
}

/** The single optional period of /sectors and /macro; `fallback` when none is given. */
export function onePeriodText(command: string, text: string, fallback: string): string {
  const parts = words(text);
  if (parts.length > 1 && !(parts.length === 3 && parts[1]?.toLowerCase() === "to"))
    throw new UserError(`${command}-args`, `/${command} takes one period: ${PERIOD_HELP}.`, `/${command} 1m`);
  return parts.join(" ") || fallback;
}

/** The optional period option of a command, for the manifest, Discord and /help. */
export function periodOption(fallback: string): OptionSpec {
  return {
    name: "period",
    description: `Period: ${PERIOD_HELP} (default ${fallback})`,
    type: "string",
    autocomplete: "period",
  };
}
