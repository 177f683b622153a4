/**
 * Completions offered while a user types an option: known instruments, index aliases, period
 * codes, or a long choice list. Suggestions only: Discord still accepts free text in these options.
 */
import { PERIOD_CODES } from "../../core/analytics/periods.ts";
import { MEMBER_INDEXES } from "../../core/breadth/members.ts";
import type { OptionSpec } from "../../core/command.ts";
import { KNOWN_INSTRUMENTS } from "../../core/market/instruments.ts";
import { clip, LIMITS } from "./limits.ts";

export interface Suggestion {
  name: string;
  value: string;
}

interface Candidate {
  value: string;
  label: string;
  /** Words matched by prefix, besides the value itself. */
  keys: string[];
}

const instruments: Candidate[] = Object.entries(KNOWN_INSTRUMENTS).map(([symbol, name]) => ({
  value: symbol,
  label: name,
  keys: [symbol.replace(/^\^/, "")],
}));

// "index" options (/breadth, /leaders) need member lists: COMP or DJI would only earn an error.
const indexes: Candidate[] = MEMBER_INDEXES.map((i) => ({ value: i.alias, label: i.name, keys: i.aliases }));

const periods: Candidate[] = PERIOD_CODES.map((code) => ({ value: code, label: code, keys: [] }));

function candidatesFor(spec: OptionSpec): Candidate[] {
  if (spec.type === "choice")
    return (spec.choices ?? []).map((c) => ({ value: c.value, label: c.label, keys: [] }));
  if (spec.type === "tickers") return spec.autocomplete === "index" ? indexes : instruments;
  switch (spec.autocomplete) {
    case "instrument":
      return instruments;
    case "index":
      return indexes;
    case "period":
      return periods;
    case undefined:
      return [];
    default:
      // A kind added to core later: offer nothing rather than fail the interaction.
      return [];
  }
}

/** Prefix matches on the value or an alias first, then matches anywhere in the label. */
function rank(candidates: Candidate[], typed: string): Candidate[] {
  const q = typed.trim().toUpperCase();
  if (q === "") return candidates;
  const prefix: Candidate[] = [];
  const inside: Candidate[] = [];
  for (const c of candidates) {
    const words = [c.value, ...c.keys].map((w) => w.toUpperCase());
    if (words.some((w) => w.startsWith(q))) prefix.push(c);
    else if (c.label.toUpperCase().includes(q)) inside.push(c);
  }
  return [...prefix, ...inside];
}

function describe(value: string, label: string): string {
  return clip(label && label !== value ? `${value} · ${label}` : value, LIMITS.choiceName);
}

/** Up to 25 suggestions for what the user has typed so far in `spec`. */
export function suggest(spec: OptionSpec, typed: string): Suggestion[] {
  const candidates = candidatesFor(spec);
  if (spec.type !== "tickers") {
    return rank(candidates, typed)
      .slice(0, LIMITS.choices)
      .map((c) => ({ name: describe(c.value, c.label), value: c.value }));
  }
  // Several tickers: complete the last word and keep the ones already typed.
  const parts = typed.split(/[\s,]+/).filter((w) => w !== "");
  const last = /[\s,]$/.test(typed) ? "" : (parts.pop() ?? "");
  const before = parts.map((p) => p.toUpperCase());
  const out: Suggestion[] = [];
  for (const c of rank(candidates, last)) {
    if (before.includes(c.value)) continue;
    const value = [...before, c.value].join(" ");
    if (value.length > LIMITS.choiceValue) break;
    out.push({ name: describe(value, c.label), value });
    if (out.length >= LIMITS.choices) break;
  }
  return out;
}
