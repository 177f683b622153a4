/**
 * The rotation figures of one period: index returns, spreads in bp and the IWM/SPY line,
 * computed from daily closes exactly as the analytics guide defines them.
 */

import { spreadBp } from "../format.ts";
import type { DailySeries } from "../ports.ts";
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

export interface RotationFigures {
  returns: Record<string, PeriodReturn>;
  spreadsBp: Record<string, number>;
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
  for (const sp of SPREADS) {
    const a = returns[sp.a];
    const b = returns[sp.b];
    if (a && b) spreadsBp[sp.key] = spreadBp(a.value, b.value);
  }
  const iwm = series.get("IWM");
  const spy = series.get("SPY");
  const iwmReturn = returns.IWM;
  const smallCapLine =
    iwm && spy && iwmReturn
      ? relativeStrength(iwm.bars, spy.bars, iwmReturn.baseDate, iwmReturn.endDate)
      : undefined;
  const lagging = Object.entries(returns)
    .filter(([, r]) => r.endDate < date)
    .map(([symbol, r]) => ({ symbol, endDate: r.endDate }));
  return {
    returns,
    spreadsBp,
    regime: regime({
      ...(spreadsBp["RUT-SPX"] === undefined ? {} : { rutSpxBp: spreadsBp["RUT-SPX"] }),
      ...(spreadsBp["RSP-SPY"] === undefined ? {} : { rspSpyBp: spreadsBp["RSP-SPY"] }),
      ...(smallCapLine?.rising === undefined ? {} : { smallCapLineRising: smallCapLine.rising }),
    }),
    lagging,
    ...(smallCapLine ? { smallCapLine } : {}),
  };
}
