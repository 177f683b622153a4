/**
 * The command in a message that mentions the bot (or is sent to it directly): Slack's encoded
 * message text turned back into what the person typed, without the bot's own mention. Special
 * tokens are dropped rather than kept, so nothing that could ping (<!channel>, <!here>,
 * <!everyone>, user groups, other users) ever becomes command text; links Slack made of what was
 * typed (RY.TO becomes <http://RY.TO|RY.TO>) go back to their typed label.
 */

/** Slack's markup: <@U123>, <@U123|name>, <#C123|name>, <!here>, <!subteam^S1|@team>, <url|label>. */
const TOKEN = /<([^<>]*)>/g;

/** The only entities Slack uses in message text. */
const ENTITIES: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&" };

/**
 * The command line in `text` (e.g. "rotation ytd" or "/rotation ytd"), every mention of
 * `botUserId` removed, and the ":" or "," after a leading one ("@rotation-bot: rotation ytd").
 * Never throws.
 */
export function commandText(text: string, botUserId?: string): string {
  const source = typeof text === "string" ? text : "";
  let out = "";
  let last = 0;
  let leadingMention = false;
  for (const m of source.matchAll(TOKEN)) {
    out += decode(source.slice(last, m.index));
    last = m.index + m[0].length;
    const [target = "", label] = (m[1] ?? "").split("|", 2);
    if (target.startsWith("@") || target.startsWith("#") || target.startsWith("!")) {
      // Mentions (ours and anyone's), channels and special mentions carry no command words.
      if (botUserId && target.slice(1) === botUserId && out.trim() === "") leadingMention = true;
      out += " ";
      continue;
    }
    // A link Slack made of what was typed: the typed text is its label (or the URL itself).
    out += ` ${decode(label ?? target.replace(/^mailto:/, ""))} `;
  }
  out += decode(source.slice(last));
  if (leadingMention) out = out.replace(/^\s*[:,]/, "");
  return out.replace(/\s+/g, " ").trim();
}

/** Entities back to characters, once: what decodes to markup stays plain text (escaped when shown). */
function decode(text: string): string {
  return text.replace(/&(lt|gt|amp);/g, (e) => ENTITIES[e] ?? e);
}
