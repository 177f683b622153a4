/**
 * The rotation figures of one period: index returns, spreads in bp and the IWM/SPY line,
 * computed from daily closes exactly as the analytics guide defines them.
 */

import { spreadBp } from "../format.ts";
import type { DailySeries } from "../ports.ts";
import { commonWindowReturns, sameWindow, type Window, windowText } from "./common-window.ts";
import type { Period } from "./periods.ts";
import { type Regime, regime } from "./regime.ts";
import { type RelativeStrength, relativeStrength } from "./relative-strength.ts";
import { type PeriodReturn, periodReturn } from "./returns.ts";

export const ROTATION_INDEXES = [
  { symbol: "^RUT", name: "Russell 2000" },
  { symbol: "^GSPC", name: "S&P 500" },
  { symbol: "^IXIC", name: "Nasdaq Composite" },
  { symbol: "^NDX", name: "Nasdaq-100" },
] as const;

export const ROTATION_PROXIES = ["IWM", "SPY", "RSP"] as const;

export const SPREADS = [
  { key: "RUT-SPX", a: "^RUT", b: "^GSPC", label: "Russell 2000 - S&P 500" },
  { key: "RUT-NDX", a: "^RUT", b: "^NDX", label: "Russell 2000 - Nasdaq-100" },
  { key: "RSP-SPY", a: "RSP", b: "SPY", label: "Equal weight - S&P 500 (RSP - SPY)" },
] as const;

/** A spread over one window for both sides; `why` is set when it is not both sides' own window. */
export interface PairFigure {
  key: string;
  a: PeriodReturn;
  b: PeriodReturn;
  bp: number;
  window: Window;
  why?: string;
}

export interface RotationFigures {
  /** Each series over its own window (the table), to its own last close. */
  returns: Record<string, PeriodReturn>;
  spreadsBp: Record<string, number>;
  /** The spreads with the returns and window they compare. */
  pairs: Record<string, PairFigure>;
  /** Spreads withheld, with the reason (no session or base in common). */
  withheld: Record<string, string>;
  smallCapLine?: RelativeStrength;
  regime: Regime;
  /** Symbols whose data ends before the evaluation date. */
  lagging: { symbol: string; endDate: string }[];
}

export function rotationFigures(
  series: ReadonlyMap<string, DailySeries>,
  period: Period,
  date: string,
): RotationFigures {
  const returns: Record<string, PeriodReturn> = {};
  for (const [symbol, s] of series) {
    const r = periodReturn(s.bars, period, date);
    if (r) returns[symbol] = r;
  }
  const spreadsBp: Record<string, number> = {};
  const pairs: Record<string, PairFigure> = {};
  const withheld: Record<string, string> = {};
  for (const sp of SPREADS) {
    const a = series.get(sp.a);
    const b = series.get(sp.b);
    if (!a || !b || !returns[sp.a] || !returns[sp.b]) continue;
    const c = commonWindowReturns([a, b], period, date);
    if (!c.ok) {
      withheld[sp.key] = c.reason;
      continue;
    }
    const [ra, rb] = c.returns as [PeriodReturn, PeriodReturn];
    const bp = spreadBp(ra.value, rb.value);
    spreadsBp[sp.key] = bp;
    pairs[sp.key] = { key: sp.key, a: ra, b: rb, bp, window: c.window, ...(c.why ? { why: c.why } : {}) };
  }
  // The IWM/SPY line over the dates both have: its base and end are common to the two.
  const iwm = series.get("IWM");
  const spy = series.get("SPY");
  const lineWindow = iwm && spy ? commonWindowReturns([iwm, spy], period, date) : undefined;
  const smallCapLine =
    iwm && spy && lineWindow?.ok
      ? relativeStrength(iwm.bars, spy.bars, lineWindow.window.baseDate, lineWindow.window.endDate)
      : undefined;
  const lagging = Object.entries(returns)
    .filter(([, r]) => r.endDate < date)
    .map(([symbol, r]) => ({ symbol, endDate: r.endDate }));
  return {
    returns,
    spreadsBp,
    pairs,
    withheld,
    regime: regimeOf(pairs, smallCapLine),
    lagging,
    ...(smallCapLine ? { smallCapLine } : {}),
  };
}

/**
 * The label reads RUT-SPX, RSP-SPY and the IWM/SPY line together, so only over one window: when
 * they end (or start) on different sessions it is withheld, naming the windows.
 */
function regimeOf(pairs: Record<string, PairFigure>, line: RelativeStrength | undefined): Regime {
  const rut = pairs["RUT-SPX"];
  const rsp = pairs["RSP-SPY"];
  const parts: [string, Window][] = [];
  if (rut) parts.push(["RUT-SPX", rut.window]);
  if (rsp) parts.push(["RSP-SPY", rsp.window]);
  if (line) parts.push(["the IWM/SPY line", { baseDate: line.baseDate, endDate: line.endDate }]);
  const first = parts[0];
  if (rut && first && !parts.every(([, w]) => sameWindow(w, first[1])))
    return {
      label: `No regime label: its figures cover different dates (${parts.map(([k, w]) => `${k} ${windowText(w)}`).join(", ")})`,
      tone: "neutral",
    };
  return regime({
    ...(rut ? { rutSpxBp: rut.bp } : {}),
    ...(rsp ? { rspSpyBp: rsp.bp } : {}),
    ...(line?.rising === undefined ? {} : { smallCapLineRising: line.rising }),
  });
}

/** "RUT-SPX is over 31 Dec 2025 to 12 Jan 2026: ^RUT has no close on 13 Jan 2026." for each shifted spread. */
export function pairNotes(f: RotationFigures, suffix = ""): string[] {
  const notes: string[] = [];
  for (const p of Object.values(f.pairs))
    if (p.why) notes.push(`${p.key}${suffix} is over ${windowText(p.window)}: ${p.why}.`);
  for (const [key, reason] of Object.entries(f.withheld)) notes.push(`No ${key}${suffix} spread: ${reason}.`);
  return notes;
}
