/**
 * Percentile rank as ANALYTICS.md defines it: the share of the history strictly below the current
 * value, with values equal to it counted half. Returned as a fraction (0..1) with the count behind it,
 * so a reply can always show how many windows it rests on.
 */
export interface PercentileRank {
  /** 0..1: (below + equal / 2) / count. */
  rank: number;
  below: number;
  equal: number;
  count: number;
}

export function percentileRank(values: readonly number[], current: number): PercentileRank | undefined {
  if (values.length === 0 || !Number.isFinite(current)) return undefined;
  let below = 0;
  let equal = 0;
  for (const v of values) {
    if (v < current) below++;
    else if (v === current) equal++;
  }
  return { rank: (below + equal / 2) / values.length, below, equal, count: values.length };
}

/** "97th" from 0.9712: whole percentiles, floored so a figure is never shown as more extreme than it is. */
export function percentileOrdinal(rank: number): string {
  const p = Math.min(100, Math.max(0, Math.floor(rank * 100)));
  if (p % 100 >= 11 && p % 100 <= 13) return `${p}th`;
  const suffix = p % 10 === 1 ? "st" : p % 10 === 2 ? "nd" : p % 10 === 3 ? "rd" : "th";
  return `${p}${suffix}`;
}
