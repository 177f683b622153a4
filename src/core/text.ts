/**
 * Helpers for text a user typed. Anything echoed back passes through `quoteUserText`, which keeps
 * only characters that cannot mention, link or format on Slack or Discord.
 */

/** Longest command text we accept; Slack and Discord limits are far above what any command needs. */
export const MAX_INPUT_LENGTH = 500;

/** Control, zero-width and bidi-override characters: invisible, and able to break formatting. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069]/g;

/** Removes invisible characters and collapses whitespace. */
export function cleanInput(text: string): string {
  return text.replace(INVISIBLE, " ").replace(/\s+/g, " ").trim();
}

/**
 * A short, inert rendering of user text for error messages: letters, digits and a few safe
 * punctuation marks only, cut to `max` characters. Returns undefined when nothing safe is left.
 */
export function quoteUserText(text: string, max = 24): string | undefined {
  const safe = text.replace(/[^A-Za-z0-9^.\-=:/ ]/g, "").trim();
  if (safe === "") return undefined;
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

/** Splits "/rotation ytd" into ["rotation", "ytd"]; the slash is optional. */
export function splitCommand(text: string): { name: string; rest: string; slash: boolean } {
  const cleaned = cleanInput(text);
  const match = /^(\/?)(\S+)\s*(.*)$/.exec(cleaned);
  if (!match) return { name: "", rest: "", slash: false };
  return { name: (match[2] ?? "").toLowerCase(), rest: match[3] ?? "", slash: match[1] === "/" };
}

/** Words of the argument text, without empties. */
export function words(text: string): string[] {
  return cleanInput(text)
    .split(" ")
    .filter((w) => w !== "");
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] as number;
      row[j] = Math.min(
        (row[j] as number) + 1,
        (row[j - 1] as number) + 1,
        prev + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      prev = tmp;
    }
  }
  return row[b.length] as number;
}

/** The closest candidate within distance 2, if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Blank as chat platforms judge text: nothing but whitespace, no-break spaces and zero-width
 * characters. Slack refuses such a text object and Discord such a field, so renderers skip them.
 */
export function isBlank(text: string | undefined): boolean {
  return (
    text === undefined ||
    /^[\s\u00a0\u180e\u200b-\u200f\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]*$/u.test(text)
  );
}
