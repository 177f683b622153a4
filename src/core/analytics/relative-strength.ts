/**
 * The relative-strength line close_A / close_B, rebased to 100 at the period's base, and whether
 * it is "rising": latest value above its own 50-session simple average.
 */
import type { Bar } from "../ports.ts";
import { alignByDate, smaLast } from "./returns.ts";

export interface RelativeStrength {
  baseDate: string;
  endDate: string;
  /** Rebased to 100 at baseDate. */
  latest: number;
  /** 50-session simple average of the line, on the same rebased scale. */
  average?: number;
  averageSessions: number;
  rising?: boolean;
  /** The line from baseDate to endDate, rebased. */
  points: { date: string; value: number }[];
}

export function relativeStrength(
  a: readonly Bar[],
  b: readonly Bar[],
  baseDate: string,
  endDate: string,
  averageSessions = 50,
): RelativeStrength | undefined {
  const joined = alignByDate(a, b).filter((p) => p.date <= endDate);
  const base = joined.find((p) => p.date === baseDate);
  const last = joined.at(-1);
  if (!base || !last || last.date <= baseDate) return undefined;
  const scale = 100 / (base.a / base.b);
  const ratios = joined.map((p) => (p.a / p.b) * scale);
  const average = smaLast(ratios, averageSessions);
  const latest = (last.a / last.b) * scale;
  return {
    baseDate,
    endDate: last.date,
    latest,
    averageSessions,
    points: joined
      .filter((p) => p.date >= baseDate)
      .map((p) => ({ date: p.date, value: (p.a / p.b) * scale })),
    ...(average === undefined ? {} : { average, rising: latest > average }),
  };
}
