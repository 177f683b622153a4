/**
 * Making text inert for Slack. Reply text is plain (no markup), and some of it echoes what a user
 * typed, so nothing in it may mention, link or format: &, < and > become entities (Slack's control
 * characters: no `<!channel>`, `<@U…>`, `<#C…>` or `<url|label>` can survive), and mrkdwn's
 * formatting characters become look-alikes (mrkdwn has no backslash escape).
 */

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** Look-alikes that read the same but can never pair up into bold, italic, strike or code. */
const LOOKALIKES: Record<string, string> = {
  "*": "\u2217", // ∗ asterisk operator
  _: "\u02cd", // ˍ modifier letter low macron
  "~": "\u223c", // ∼ tilde operator
  "`": "\u02cb", // ˋ modifier letter grave accent
};

/** Broadcast words that some clients and settings still turn into pings without the <!…> form. */
const BROADCAST = /@(channel|here|everyone)\b/gi;

/** Escapes Slack's three control characters; enough for plain_text and code blocks. */
export function escapeControl(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c] ?? c);
}

/** Text for a mrkdwn field that must show exactly what it says, whoever wrote it. */
export function escapeMrkdwn(text: string): string {
  return escapeControl(
    text
      // A leading ">" would start a block quote.
      .replace(/^>/gm, "\uff1e")
      .replace(/[*~`]/g, (c) => LOOKALIKES[c] ?? c)
      // An underscore inside a word (America/New_York) cannot start or end italics: kept, so what
      // is shown can be copied and typed back.
      .replace(/(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, LOOKALIKES._ as string)
      .replace(BROADCAST, "\uff20$1"),
  );
}

/** Text for the inside of a ``` code block: only backticks could end it early. */
export function escapeCode(text: string): string {
  return escapeControl(text.replace(/`/g, LOOKALIKES["`"] as string).replace(BROADCAST, "\uff20$1"));
}

/** Text for a plain_text object (headers): no markup is parsed, control characters still are. */
export function escapePlain(text: string): string {
  return escapeControl(text.replace(BROADCAST, "\uff20$1"));
}

export const ELLIPSIS = "…";

/**
 * Escapes `text` and cuts it so the escaped result fits in `max` characters, ending with "…" when
 * cut. Cuts fall between characters of the original (never inside an entity or a surrogate pair),
 * at a space when one is near, so words are not split needlessly.
 */
export function fitEscaped(text: string, max: number, escapeFn: (s: string) => string): string {
  const whole = escapeFn(text);
  if (whole.length <= max) return whole;
  const chars = Array.from(text);
  const room = max - ELLIPSIS.length;
  const fits = (k: number) => escapeFn(chars.slice(0, k).join("").trimEnd()).length <= room;
  // Largest prefix that fits: escaping only ever lengthens text, so this is monotonic.
  let lo = 0;
  let hi = chars.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  let cut = lo;
  // Prefer a word boundary within the last fifth of the room.
  for (let i = cut; i > 0 && i >= cut - Math.max(8, Math.floor(cut / 5)); i--) {
    if (chars[i] === " " || chars[i] === "\n") {
      cut = i;
      break;
    }
  }
  return `${escapeFn(chars.slice(0, cut).join("").trimEnd())}${ELLIPSIS}`;
}
