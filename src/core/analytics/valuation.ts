/**
 * Valuation gaps between two funds from their reported price/earnings ratios:
 * discount = PE_small / PE_large - 1 (negative = the first is cheaper, a discount; positive = a
 * premium). Undefined when either ratio is missing or not positive (no meaningful multiple).
 */
export function peGap(pe: number | undefined, benchmarkPe: number | undefined): number | undefined {
  if (pe === undefined || benchmarkPe === undefined) return undefined;
  if (!(pe > 0) || !(benchmarkPe > 0)) return undefined;
  return pe / benchmarkPe - 1;
}
