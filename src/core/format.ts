/** How figures are written in replies: the way a reader would write them by hand. */

const MINUS = "-";

/**
 * Rounds to `digits` decimals the way a reader does by hand: half away from zero, after settling
 * binary noise (2600/2500 - 1 - 0.01225 is 0.027749999999999 in floating point, 277.5 bp by hand).
 */
export function roundHalfAway(value: number, digits = 0): number {
  const scale = 10 ** digits;
  const settled = Math.round(Math.abs(value) * scale * 1e6) / 1e6;
  const rounded = (Math.sign(value) * Math.round(settled)) / scale;
  return rounded === 0 ? 0 : rounded; // no "-0"
}

/** 0.05123 -> "+5.12%" (a fraction in, percent out). */
export function pct(fraction: number, digits = 2): string {
  const v = roundHalfAway(fraction * 100, digits);
  if (v === 0) return `${(0).toFixed(digits)}%`;
  return `${v > 0 ? "+" : MINUS}${Math.abs(v).toFixed(digits)}%`;
}

/** Already in percent: 1.5 -> "+1.50%". */
export function pctPoints(percent: number, digits = 2): string {
  return pct(percent / 100, digits);
}

/** 312 -> "+312 bp". */
export function bp(basisPoints: number): string {
  if (basisPoints === 0) return "0 bp";
  return `${basisPoints > 0 ? "+" : MINUS}${num(Math.abs(basisPoints), 0)} bp`;
}

/** 1234.5 -> "1,234.50". */
export function num(value: number, digits = 2): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Whole counts: 1949 -> "1,949". */
export function count(value: number): string {
  return value.toLocaleString("en-US", { maximumFractionDigits: 0 });
}

/** A count with its noun: 1 -> "1 session", 1949 -> "1,949 sessions" (`many` when not noun + "s"). */
export function counted(value: number, noun: string, many = `${noun}s`): string {
  return `${count(value)} ${value === 1 ? noun : many}`;
}

/** A share of a count, e.g. "62.3% (1,212 of 1,945)". */
export function share(part: number, whole: number): string {
  if (whole === 0) return "n/a (none counted)";
  return `${((part / whole) * 100).toFixed(1)}% (${count(part)} of ${count(whole)})`;
}

/** Rounds to whole basis points (half away from zero) the difference of two fractional returns. */
export function spreadBp(a: number, b: number): number {
  return roundHalfAway((a - b) * 10_000);
}

export function toneOf(value: number): "positive" | "negative" | "neutral" {
  return value > 0 ? "positive" : value < 0 ? "negative" : "neutral";
}
