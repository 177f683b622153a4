/**
 * What a channel can ask to be alerted on, how it is written, and how it reads back. Parsing is
 * pure and refuses anything else with a UserError that says what to type instead; user text is
 * only ever echoed through quoteUserText.
 */

import { DEFAULT_BAND, LINE_AVERAGE_SESSIONS } from "../analytics/events.ts";
import { memberIndex } from "../breadth/members.ts";
import { UserError } from "../errors.ts";
import { bp, num } from "../format.ts";
import { KNOWN_INSTRUMENTS, symbolFromWord } from "../market/instruments.ts";
import { quoteUserText } from "../text.ts";

export type AlertSpec =
  | { kind: "record"; symbol: string }
  | { kind: "cross"; symbol: string; level: number; band: number }
  | { kind: "line"; a: string; b: string; sessions: number }
  | { kind: "spread"; a: string; b: string; sessions: number; thresholdBp: number }
  | { kind: "participation"; index: string; level: number }
  | { kind: "mcclellan"; index: string }
  | { kind: "thrust"; index: string };

export type AlertKind = AlertSpec["kind"];

/** Each kind with its form and an example, in the order help lists them. */
export const ALERT_KINDS: readonly { kind: AlertKind; form: string; example: string; what: string }[] = [
  { kind: "record", form: "record INDEX|TICKER", example: "record RUT", what: "a record close" },
  {
    kind: "cross",
    form: "cross TICKER LEVEL [BAND%]",
    example: "cross IWM 270",
    what: "the price crosses a level, during the session",
  },
  {
    kind: "line",
    form: "line A/B [SESSIONS]",
    example: "line IWM/SPY 50",
    what: "the A/B line crosses its average",
  },
  {
    kind: "spread",
    form: "spread A B Nd BP",
    example: "spread RUT SPX 5d 300",
    what: "the N-session spread goes beyond +/- BP",
  },
  {
    kind: "participation",
    form: "participation INDEX PERCENT",
    example: "participation SPX 50",
    what: "% of members above their 50-day crosses a level",
  },
  {
    kind: "mcclellan",
    form: "mcclellan INDEX",
    example: "mcclellan NDX",
    what: "the McClellan oscillator changes sign",
  },
  { kind: "thrust", form: "thrust INDEX", example: "thrust SPX", what: "a Zweig breadth thrust" },
];

const KIND_WORDS = ALERT_KINDS.map((k) => k.kind).join(", ");
const MAX_SESSIONS = 250;

function hint(kind: AlertKind, action = "add"): string {
  const k = ALERT_KINDS.find((x) => x.kind === kind);
  return `/alert ${action} ${k?.example ?? "record RUT"}`;
}

function number(word: string | undefined): number | undefined {
  if (word === undefined || !/^[+-]?\d+(\.\d+)?$/.test(word.replace(/,/g, ""))) return undefined;
  const n = Number(word.replace(/,/g, ""));
  return Number.isFinite(n) ? n : undefined;
}

function argsError(kind: AlertKind, message: string, action: string): UserError {
  const k = ALERT_KINDS.find((x) => x.kind === kind);
  return new UserError(
    "alert-args",
    `${message} Write: /alert ${action} ${k?.form ?? ""}.`,
    hint(kind, action),
  );
}

function indexWord(word: string | undefined, kind: AlertKind, action: string): string {
  try {
    return memberIndex(word, "alert").alias;
  } catch (err) {
    if (err instanceof UserError) throw new UserError(err.code, err.message, hint(kind, action));
    throw err;
  }
}

/** The words after "add" (or "test"): a kind and its arguments. */
export function parseSpec(parts: readonly string[], action: string): AlertSpec {
  const [first, ...rest] = parts;
  const kind = first?.toLowerCase();
  const symbol = (word: string, position: number) =>
    symbolFromWord(word, position, hint(kind as AlertKind, action));
  switch (kind) {
    case "record": {
      if (rest.length !== 1) throw argsError(kind, "A record alert takes one index or ticker.", action);
      return { kind, symbol: symbol(rest[0] as string, 1) };
    }
    case "cross": {
      const level = number(rest[1]);
      if (rest.length < 2 || rest.length > 3 || level === undefined || !(level > 0))
        throw argsError(kind, "A level alert takes a ticker and a positive price level.", action);
      let band = DEFAULT_BAND;
      if (rest[2] !== undefined) {
        const b = number(rest[2].replace(/%$/, ""));
        if (b === undefined || !(b > 0 && b <= 10))
          throw argsError(kind, "The band is a percentage of the level between 0 and 10, e.g. 0.5%.", action);
        band = b / 100;
      }
      return { kind, symbol: symbol(rest[0] as string, 1), level, band };
    }
    case "line": {
      const pair =
        rest.length >= 1 && (rest[0] as string).includes("/")
          ? (rest[0] as string).split("/")
          : rest.slice(0, 2);
      const after = rest.length >= 1 && (rest[0] as string).includes("/") ? rest.slice(1) : rest.slice(2);
      const sessions = after[0] === undefined ? LINE_AVERAGE_SESSIONS : number(after[0].replace(/d$/i, ""));
      if (
        pair.length !== 2 ||
        !pair[0] ||
        !pair[1] ||
        after.length > 1 ||
        sessions === undefined ||
        !Number.isInteger(sessions) ||
        sessions < 2 ||
        sessions > MAX_SESSIONS
      )
        throw argsError(
          kind,
          `A line alert takes two tickers as A/B and the sessions of its average (2 to ${MAX_SESSIONS}, default 50).`,
          action,
        );
      return { kind, a: symbol(pair[0], 1), b: symbol(pair[1], 2), sessions };
    }
    case "spread": {
      const n = rest[2] === undefined ? undefined : number(rest[2].replace(/d$/i, ""));
      const threshold = rest[3] === undefined ? undefined : number(rest[3].replace(/bp$/i, ""));
      if (
        rest.length !== 4 ||
        n === undefined ||
        !Number.isInteger(n) ||
        n < 1 ||
        n > MAX_SESSIONS ||
        threshold === undefined ||
        !(threshold > 0) ||
        threshold > 100_000
      )
        throw argsError(
          kind,
          `A spread alert takes two tickers, the sessions (1d to ${MAX_SESSIONS}d) and a threshold in bp.`,
          action,
        );
      return {
        kind,
        a: symbol(rest[0] as string, 1),
        b: symbol(rest[1] as string, 2),
        sessions: n,
        thresholdBp: threshold,
      };
    }
    case "participation": {
      const level = number(rest[1]?.replace(/%$/, ""));
      if (rest.length !== 2 || level === undefined || !(level > 0 && level < 100))
        throw argsError(
          kind,
          "A participation alert takes an index and a percentage between 0 and 100.",
          action,
        );
      return { kind, index: indexWord(rest[0], kind, action), level };
    }
    case "mcclellan":
    case "thrust": {
      if (rest.length !== 1) throw argsError(kind, `A ${kind} alert takes one index.`, action);
      return { kind, index: indexWord(rest[0], kind, action) };
    }
    default: {
      const shown = first === undefined ? undefined : quoteUserText(first, 16);
      throw new UserError(
        "alert-kind",
        `${shown ? `"${shown}" is not an alert I know` : "Say what to alert on"}: ${KIND_WORDS}.`,
        `/alert ${action} record RUT`,
      );
    }
  }
}

function name(symbol: string): string {
  return KNOWN_INSTRUMENTS[symbol] ?? symbol;
}

/** How an alert reads in lists and replies: "record ^RUT (Russell 2000)". */
export function specText(s: AlertSpec): string {
  switch (s.kind) {
    case "record":
      return `record ${s.symbol}${KNOWN_INSTRUMENTS[s.symbol] ? ` (${name(s.symbol)})` : ""}`;
    case "cross":
      return `cross ${s.symbol} ${num(s.level, s.level % 1 === 0 ? 0 : 2)} (band ${num(s.band * 100, 2)}%)`;
    case "line":
      return `line ${s.a}/${s.b} vs its ${s.sessions}-session average`;
    case "spread":
      return `spread ${s.a} - ${s.b}, ${s.sessions} sessions, beyond +/-${bp(s.thresholdBp).replace(/^\+/, "")}`;
    case "participation":
      return `participation ${s.index}: % above the 50-day crossing ${num(s.level, s.level % 1 === 0 ? 0 : 1)}%`;
    case "mcclellan":
      return `mcclellan ${s.index}: oscillator changes sign`;
    case "thrust":
      return `thrust ${s.index}: Zweig breadth thrust`;
  }
}

/** The same alert written twice is one alert. */
export function specKey(s: AlertSpec): string {
  return JSON.stringify(Object.entries(s).sort(([a], [b]) => a.localeCompare(b)));
}

export function symbolName(symbol: string): string {
  return name(symbol);
}
