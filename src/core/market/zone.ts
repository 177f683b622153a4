/**
 * Wall-clock time in any IANA zone, on Intl alone (the core imports no date library): validate a
 * zone name, read an instant's local date and minutes, and find the instant a local wall time
 * names. DST: a wall time that does not exist (the spring-forward gap) is read with the offset in
 * force before the gap, so it lands just after it (02:30 -> 03:30); one that happens twice (the
 * fall-back hour) means its first occurrence.
 */

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formats.set(zone, f);
  }
  return f;
}

/** The zone's canonical IANA spelling (e.g. "europe/london" -> "Europe/London"), or undefined. */
export function canonicalZone(zone: string): string | undefined {
  if (!/^[A-Za-z0-9_+\-/]{1,64}$/.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

export interface LocalParts {
  /** YYYY-MM-DD in the zone. */
  date: string;
  /** Minutes since local midnight. */
  minutes: number;
}

/** Local date and minutes of an instant in a zone. */
export function localParts(epochMs: number, zone: string): LocalParts {
  const p: Record<string, string> = {};
  for (const part of formatFor(zone).formatToParts(new Date(epochMs))) p[part.type] = part.value;
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    minutes: (Number(p.hour) % 24) * 60 + Number(p.minute),
  };
}

/** Local wall time of an instant, read as if it were UTC, minus the instant: the zone's offset. */
function offsetAt(epochMs: number, zone: string): number {
  const p: Record<string, string> = {};
  for (const part of formatFor(zone).formatToParts(new Date(epochMs))) p[part.type] = part.value;
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour) % 24,
    Number(p.minute),
    Number(p.second),
  );
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The instant at which the zone's wall clock reads `date` (YYYY-MM-DD) at `minutes` past midnight. */
export function zonedWallTime(date: string, minutes: number, zone: string): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const wanted = Date.UTC(y, m - 1, d, 0, minutes);
  // The offsets in force a day either side cover any one transition near the date.
  const before = offsetAt(wanted - 86_400_000, zone);
  const after = offsetAt(wanted + 86_400_000, zone);
  const fits = [wanted - before, wanted - after].filter((t) => t + offsetAt(t, zone) === wanted);
  if (fits.length > 0) return Math.min(...fits);
  // In the gap: the pre-transition offset carries the wall time past it.
  return wanted - before;
}

/** "HH:MM" from minutes since midnight. */
export function formatMinutes(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}
