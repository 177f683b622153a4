/**
 * A short label summarising the rotation figures. It never replaces the numbers; it reads them.
 */
import type { Tone } from "../reply.ts";

export interface RegimeInput {
  /** Russell 2000 minus S&P 500 over the period, bp. */
  rutSpxBp?: number;
  /** Equal-weight (RSP) minus cap-weight (SPY), bp: the average stock vs the index. */
  rspSpyBp?: number;
  /** IWM/SPY line above its 50-session average. */
  smallCapLineRising?: boolean;
}

export interface Regime {
  label: string;
  tone: Tone;
}

export function regime(input: RegimeInput): Regime {
  const { rutSpxBp, rspSpyBp, smallCapLineRising } = input;
  if (rutSpxBp === undefined)
    return { label: "No regime label: the Russell 2000 or S&P 500 is missing", tone: "neutral" };
  const smallLead = rutSpxBp > 0;
  const avgLead = rspSpyBp === undefined ? undefined : rspSpyBp > 0;
  if (smallLead && avgLead === true && smallCapLineRising !== false)
    return { label: "Broadening: small caps and the average stock leading", tone: "positive" };
  if (!smallLead && avgLead === false && smallCapLineRising !== true)
    return { label: "Narrowing: large caps and the biggest stocks leading", tone: "negative" };
  if (smallLead && smallCapLineRising === true) return { label: "Small caps leading", tone: "positive" };
  if (smallLead && smallCapLineRising === false)
    return { label: "Small caps bouncing; their trend vs large caps has not turned", tone: "neutral" };
  if (!smallLead && smallCapLineRising === true)
    return { label: "Small caps pausing within an uptrend vs large caps", tone: "neutral" };
  if (smallLead) return { label: "Small caps ahead over the period", tone: "positive" };
  return { label: "Large caps leading", tone: "negative" };
}
