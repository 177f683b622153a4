/**
 * What /history reads from its text: a pair ("rotation", the default, for RUT vs SPX, or two
 * tickers), an optional window of N sessions (a number, or 1d 5d 1m 3m 6m 1y) and an optional
 * level in bp. A signed number or one ending in "bp" is the level; otherwise the first number is
 * N and the second the level. Bad input is refused with what to type instead, never echoed.
 */
import { UserError } from "../../core/errors.ts";
import { words } from "../../core/text.ts";
import { looksLikePeriod, symbolFromWord } from "./args.ts";

export interface HistoryArgs {
  a: string;
  b: string;
  /** True for the default pair, asked for as "rotation" or by leaving the pair out. */
  rotation: boolean;
  n: number;
  /** The level in whole bp; absent means today's spread. */
  levelBp?: number;
}

export const DEFAULT_SESSIONS = 21;
export const MAX_SESSIONS = 252;
/** A level beyond +-1,000% is not a spread any pair reaches; refusing it catches typos. */
export const MAX_LEVEL_BP = 100_000;
export const HISTORY_EXAMPLE = "/history rotation 21";
const SESSION_CODES = new Map([
  ["1d", 1],
  ["5d", 5],
  ["1m", 21],
  ["3m", 63],
  ["6m", 126],
  ["1y", 252],
]);

const refuse = (code: string, message: string, hint = HISTORY_EXAMPLE) => new UserError(code, message, hint);

export function parseHistoryArgs(text: string): HistoryArgs {
  const parts = words(text.replace(/,/g, " "));
  const names: string[] = [];
  let n: number | undefined;
  let levelBp: number | undefined;
  const setLevel = (value: number) => {
    if (levelBp !== undefined)
      throw refuse(
        "history-args",
        "Give one level at most, in bp (e.g. +500 or -250bp).",
        "/history rotation 21 +500",
      );
    if (Math.abs(value) > MAX_LEVEL_BP)
      throw refuse(
        "history-level",
        `A level is in bp, up to ${MAX_LEVEL_BP.toLocaleString("en-US")} either way.`,
        "/history rotation 21 +500",
      );
    levelBp = value === 0 ? 0 : value;
  };
  const setN = (value: number) => {
    if (value < 1 || value > MAX_SESSIONS)
      throw refuse(
        "history-sessions",
        `The window is 1 to ${MAX_SESSIONS} sessions. For a level, write it signed or with bp (+500, 500bp).`,
        "/history rotation 63 +500",
      );
    n = value;
  };
  for (const word of parts) {
    const lower = word.toLowerCase();
    const signedOrBp = /^([+-])?(\d{1,7})(bp)?$/.exec(lower);
    if (signedOrBp) {
      const value = Number(signedOrBp[2]) * (signedOrBp[1] === "-" ? -1 : 1);
      if (signedOrBp[1] || signedOrBp[3]) setLevel(value);
      else if (n === undefined) setN(value);
      else setLevel(value);
      continue;
    }
    const code = SESSION_CODES.get(lower);
    if (code !== undefined) {
      if (n !== undefined)
        throw refuse("history-args", "Give the window once: a number of sessions or 1d 5d 1m 3m 6m 1y.");
      setN(code);
      continue;
    }
    if (looksLikePeriod(word) || /^[+-]?\d/.test(word))
      throw refuse(
        "history-window",
        "/history takes a window of N sessions (e.g. 21, or 1m = 21, 3m = 63, 1y = 252) and a level in whole bp, not a calendar period or a date.",
      );
    names.push(word);
  }
  const pair = pairOf(names);
  return { ...pair, n: n ?? DEFAULT_SESSIONS, ...(levelBp === undefined ? {} : { levelBp }) };
}

function pairOf(names: readonly string[]): { a: string; b: string; rotation: boolean } {
  if (names.length === 0 || (names.length === 1 && names[0]?.toLowerCase() === "rotation"))
    return { a: "^RUT", b: "^GSPC", rotation: true };
  if (names.length !== 2 || names.some((w) => w.toLowerCase() === "rotation"))
    throw refuse(
      "history-pair",
      "/history takes rotation (Russell 2000 vs S&P 500) or two tickers, then an optional window and level.",
      "/history IWM SPY 21",
    );
  const a = symbolFromWord(names[0] as string, 1, "/history IWM SPY 21");
  const b = symbolFromWord(names[1] as string, 2, "/history IWM SPY 21");
  if (a === b) throw refuse("history-pair", "Give two different tickers.", "/history IWM SPY 21");
  return { a, b, rotation: false };
}

/** The text that asks for these arguments again (for hints and buttons). */
export function historyText(args: HistoryArgs): string {
  const pair = args.rotation ? "rotation" : `${args.a} ${args.b}`;
  const level = args.levelBp === undefined ? "" : ` ${args.levelBp >= 0 ? "+" : ""}${args.levelBp}`;
  return `${pair} ${args.n}${level}`;
}
