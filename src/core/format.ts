/** How figures are written in replies: the way a reader would write them by hand. */

const MINUS = "-";

/** 0.05123 -> "+5.12%" (a fraction in, percent out). */
export function pct(fraction: number, digits = 2): string {
  const v = fraction * 100;
  const s = Math.abs(v).toFixed(digits);
  if (Number(s) === 0) return `${(0).toFixed(digits)}%`;
  return `${v > 0 ? "+" : MINUS}${s}%`;
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

/** A share of a count, e.g. "62.3% (1,212 of 1,945)". */
export function share(part: number, whole: number): string {
  if (whole === 0) return "n/a (none counted)";
  return `${((part / whole) * 100).toFixed(1)}% (${count(part)} of ${count(whole)})`;
}

/** Rounds to whole basis points the difference of two fractional returns. */
export function spreadBp(a: number, b: number): number {
  const v = Math.round((a - b) * 10_000);
  return v === 0 ? 0 : v; // no "-0"
}

export function toneOf(value: number): "positive" | "negative" | "neutral" {
  return value > 0 ? "positive" : value < 0 ? "negative" : "neutral";
}
