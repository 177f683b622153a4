/**
 * Buttons on answers, platform-neutral: which ones an answer gets (a period switcher, an index
 * switcher, Refresh, CSV) and what a press means. A button carries only what recomputing needs,
 * in a compact text that fits Discord's 100-character custom_id: kind, command, when the answer was
 * made, and the argument text. A press is never trusted: it is decoded, checked against the
 * registry and re-parsed with the command's own parse(), like typed input.
 */
import type { AnyCommand } from "./command.ts";
import { UserError } from "./errors.ts";
import type { Store } from "./ports.ts";
import type { Reply, ReplyAction } from "./reply.ts";
import { words } from "./text.ts";

/** What a press does: recompute in place, send the tables as CSV, or post a fresh answer. */
export type ActionKind = "rerun" | "csv" | "fresh";

const KIND_CODES: Record<ActionKind, string> = { rerun: "r", csv: "c", fresh: "f" };
const CODE_KINDS = new Map(Object.entries(KIND_CODES).map(([k, c]) => [c, k as ActionKind]));

export const BUTTON_PERIODS = ["1d", "5d", "1m", "ytd", "1y"] as const;
export const BUTTON_INDEXES = ["RUT", "SPX", "NDX"] as const;
/** Commands whose answers get a period switcher. */
const PERIOD_COMMANDS = new Set(["rotation", "compare", "sectors", "leaders"]);
/** Commands a button may run: the switchers', /breadth's, /quote's (Refresh) and /history's (CSV). */
const BUTTON_COMMANDS = new Set([...PERIOD_COMMANDS, "breadth", "quote", "history"]);
/** Discord's limit on a custom_id; Slack's on a value is larger. */
export const MAX_PAYLOAD = 100;
/** A press on an answer older than this gets a private note and the offer of a fresh answer. */
export const STALE_AFTER_MS = 24 * 60 * 60 * 1000;
/** Presses per user per minute; beyond, a private note. */
export const PRESSES_PER_MINUTE = 10;

export interface Press {
  kind: ActionKind;
  /** Registry name, e.g. "rotation". */
  command: string;
  /** The argument text, as typed after the command name. */
  text: string;
  /** Epoch ms at which the answer with this button was made. */
  issuedAt: number;
}

/** "r:rotation:m1x2y3:1m": kind, command, issued (epoch seconds, base 36), argument text. */
export function encodePress(press: Press): string {
  const issued = Math.floor(press.issuedAt / 1000).toString(36);
  return `${KIND_CODES[press.kind]}:${press.command}:${issued}:${press.text}`;
}

const bad = () => new UserError("bad-button", "That button is not one I made, or it is damaged.", "/help");

/** Decodes and validates a button payload: a UserError for anything that is not ours. */
export function decodePress(payload: string, commands: readonly AnyCommand[]): Press {
  if (payload.length > MAX_PAYLOAD) throw bad();
  const m = /^([rcf]):([a-z]+):([0-9a-z]{1,10}):(.*)$/s.exec(payload);
  if (!m) throw bad();
  const kind = CODE_KINDS.get(m[1] as string);
  const command = m[2] as string;
  const issuedAt = Number.parseInt(m[3] as string, 36) * 1000;
  const text = m[4] as string;
  if (!kind || !BUTTON_COMMANDS.has(command) || !Number.isFinite(issuedAt) || /[\r\n]/.test(text))
    throw bad();
  const found = commands.find((c) => c.name === command);
  if (!found) throw bad();
  // Like typed input: the command's own parser has the last word (a UserError says what to type).
  found.parse(text);
  return { kind, command, text, issuedAt };
}

/** The argument text with its period words replaced by `code`. */
export function withPeriod(text: string, code: string): string {
  const kept = words(text).filter((w) => !isPeriodWord(w));
  return [...kept, code].join(" ");
}

/** The argument text with its index (first word) replaced by `alias`. */
export function withIndex(text: string, alias: string): string {
  const [, ...rest] = words(text);
  return [alias, ...rest].join(" ");
}

function isPeriodWord(w: string): boolean {
  const lower = w.toLowerCase();
  return (
    ["1d", "5d", "1m", "3m", "6m", "ytd", "1y", "mtd", "qtd"].includes(lower) ||
    /^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/.test(lower)
  );
}

/**
 * The buttons an answer gets. Each one's argument text is checked with the command's parse(), and
 * one that does not fit the payload limit is left out (a long /compare keeps its CSV button).
 */
export function answerActions(
  reply: Reply,
  command: AnyCommand,
  text: string,
  issuedAt: number,
): ReplyAction[] {
  if (reply.kind !== "answer" || reply.visibility !== "public" || !BUTTON_COMMANDS.has(command.name))
    return [];
  const actions: ReplyAction[] = [];
  const add = (kind: ActionKind, label: string, argText: string, row: number, selected = false) => {
    try {
      command.parse(argText);
    } catch {
      return;
    }
    const payload = encodePress({ kind, command: command.name, text: argText, issuedAt });
    if (payload.length <= MAX_PAYLOAD)
      actions.push({ label, payload, row, ...(selected ? { selected } : {}) });
  };
  const shown = currentPeriod(command, text);
  if (PERIOD_COMMANDS.has(command.name))
    for (const code of BUTTON_PERIODS) add("rerun", code, withPeriod(text, code), 0, code === shown);
  if (command.name === "breadth") {
    const current = currentIndex(command, text);
    for (const alias of BUTTON_INDEXES) add("rerun", alias, withIndex(text, alias), 0, alias === current);
  }
  if (command.name === "quote") add("rerun", "Refresh", text, 1);
  if (reply.blocks.some((b) => b.type === "table")) add("csv", "CSV", text, 1);
  return actions;
}

/** The period an answer shows, when its arguments name one of the buttons' periods. */
function currentPeriod(command: AnyCommand, text: string): string | undefined {
  try {
    const args = command.parse(text) as { periodText?: unknown };
    return typeof args.periodText === "string" ? args.periodText.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** The index an answer shows, as its parser reads it: "small" and "r2k" are RUT too. */
function currentIndex(command: AnyCommand, text: string): string | undefined {
  try {
    const args = command.parse(text) as { alias?: unknown };
    return typeof args.alias === "string" ? args.alias.toUpperCase() : undefined;
  } catch {
    return undefined;
  }
}

/** The reply with its buttons attached. */
export function withActions(reply: Reply, command: AnyCommand | undefined, text: string, now: number): Reply {
  if (!command) return reply;
  const actions = answerActions(reply, command, text, now);
  return actions.length > 0 ? { ...reply, actions } : reply;
}

/**
 * Counts a press against the user's 10 a minute, atomically across processes (one slot key per
 * press in the current minute, claimed with setIfAbsent). False once the minute's slots are taken.
 */
export async function pressAllowed(store: Store, userKey: string, now: number): Promise<boolean> {
  const minute = Math.floor(now / 60_000);
  for (let slot = 0; slot < PRESSES_PER_MINUTE; slot++)
    if (await store.setIfAbsent("button-presses", `${userKey}:${minute}:${slot}`, 1, 120_000)) return true;
  return false;
}

export function isStale(press: Press, now: number): boolean {
  return now - press.issuedAt > STALE_AFTER_MS;
}

/** The line a person could type for the same answer, e.g. "/rotation 1m". */
export function commandLine(press: Pick<Press, "command" | "text">): string {
  return `/${press.command}${press.text ? ` ${press.text}` : ""}`;
}

export const RATE_LIMITED_TEXT = `That is more than ${PRESSES_PER_MINUTE} button presses in a minute. Please wait a moment, then press again.`;

/** The private note for a press on an answer more than 24 hours old, with a "fresh answer" button. */
export function staleNote(press: Press, now: number): { text: string; action: ReplyAction } {
  const hours = Math.floor((now - press.issuedAt) / 3_600_000);
  const days = Math.floor(hours / 24);
  const age = days >= 2 ? `${days} days` : `${hours} hours`;
  return {
    text: `That answer is ${age} old, so its buttons no longer change it. Press "Fresh answer" to post a new one, or type ${commandLine(press)}.`,
    action: {
      label: "Fresh answer",
      payload: encodePress({ ...press, kind: "fresh", issuedAt: now }),
      row: 0,
    },
  };
}
