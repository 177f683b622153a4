/** How a subscription reads in replies: when it posts next, what it last did, what went wrong. */

import { formatAge } from "../market/as-of.ts";
import { closureReason } from "../market/calendar.ts";
import { addDays, formatDate, formatNyTime, formatShortDate, NEW_YORK } from "../market/time.ts";
import { formatMinutes, localParts } from "../market/zone.ts";
import { nextSlot, type Slot } from "../schedule/slots.ts";
import type { Subscription } from "./model.ts";

/** "08:30 America/New_York" and, for another zone, the New York time of its next post. */
export function whenText(sub: Pick<Subscription, "time" | "zone">, next: Slot | undefined): string {
  const own = `${sub.time} ${sub.zone}`;
  if (sub.zone === NEW_YORK || !next) return own;
  return `${own} (${formatNyTime(next.at)} New York)`;
}

/** "Tue 24 Nov 2026, 08:30 America/New_York" */
export function slotText(slot: Slot, zone: string): string {
  const local = localParts(slot.at, zone);
  return `${formatDate(local.date)}, ${formatMinutes(local.minutes)} ${zone}`;
}

/** The status of a subscription in one line. */
export function statusText(sub: Subscription, now: number): string {
  const s = sub.state;
  const parts: string[] = [];
  if (s.pausedAt !== undefined) {
    const why = s.lastError ? `: ${s.lastError.message} (${s.lastError.code})` : "";
    parts.push(
      `PAUSED ${formatAge(now - s.pausedAt)} ago after ${s.failures} failed post${s.failures === 1 ? "" : "s"} in a row${why}. Fix the channel, then run /subscribe brief again to resume`,
    );
  } else {
    const next = nextSlot(sub, now);
    parts.push(next ? `next post ${slotText(next, sub.zone)}` : "no post in the next days");
    if (s.failures > 0 && s.lastError)
      parts.push(
        `${s.failures} failed post${s.failures === 1 ? "" : "s"} in a row, last: ${s.lastError.message} (${s.lastError.code})`,
      );
  }
  if (s.lastSentSession) parts.push(`last post ${formatShortDate(s.lastSentSession)}`);
  if (s.lastMissed && s.lastMissed.session !== s.lastSentSession)
    parts.push(
      `missed the post of ${formatShortDate(s.lastMissed.session)}: ${s.lastMissed.reason ?? "the bot was down for longer than the catch-up window"}`,
    );
  return parts.join("; ");
}

/** Why the next post skips days, for the confirmation: "no post on Thu 26 Nov (Thanksgiving Day)". */
export function skippedBefore(next: Slot | undefined, from: string): string | undefined {
  if (!next) return undefined;
  const reasons: string[] = [];
  let d = from;
  while (d < next.session) {
    const why = closureReason(d);
    if (why && why !== "weekend") reasons.push(`${formatShortDate(d)} (${why})`);
    d = addDays(d, 1);
  }
  return reasons.length > 0 ? `No post on ${reasons.join(", ")}: the NYSE is closed.` : undefined;
}
