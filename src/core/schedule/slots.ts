/**
 * When a subscription's post is due. A subscription posts at its local time on each local day
 * whose post instant falls, in New York, on an NYSE trading day: 08:30 America/New_York posts
 * Monday to Friday except holidays (early-close days included); 08:30 Asia/Tokyo on a Tuesday is
 * 19:30 Monday in New York, so it follows Monday's session. Every instant comes from the zone's
 * own rules (Intl), so DST changes in either zone land right.
 */
import { isTradingDay } from "../market/calendar.ts";
import { addDays, nyDate } from "../market/time.ts";
import { parseTime } from "../subscriptions/model.ts";
import { localParts, zonedWallTime } from "../market/zone.ts";

/** One post of a subscription. */
export interface Slot {
  /** The NYSE session (New York date of the post instant) it belongs to. */
  session: string;
  /** The post instant (epoch ms). */
  at: number;
  /** The local date in the subscription's zone. */
  localDate: string;
}

/** Days searched for a slot: covers the longest run of closed days (a weekend next to holidays). */
const SEARCH_DAYS = 12;

export interface SlotRule {
  time: string;
  zone: string;
}

function slotOn(localDate: string, minutes: number, zone: string): Slot | undefined {
  const at = zonedWallTime(localDate, minutes, zone);
  const session = nyDate(at);
  return isTradingDay(session) ? { session, at, localDate } : undefined;
}

/** The latest slot at or before `now`. */
export function latestSlot(rule: SlotRule, now: number): Slot | undefined {
  const minutes = parseTime(rule.time);
  const today = localParts(now, rule.zone).date;
  for (let k = 0; k <= SEARCH_DAYS; k++) {
    const slot = slotOn(addDays(today, -k), minutes, rule.zone);
    if (slot && slot.at <= now) return slot;
  }
  return undefined;
}

/** The first slot strictly after `now`. */
export function nextSlot(rule: SlotRule, now: number): Slot | undefined {
  const minutes = parseTime(rule.time);
  const today = localParts(now, rule.zone).date;
  for (let k = 0; k <= SEARCH_DAYS; k++) {
    const slot = slotOn(addDays(today, k), minutes, rule.zone);
    if (slot && slot.at > now) return slot;
  }
  return undefined;
}

/** Slots with `from <= at <= to`, oldest first (for simulations and /subscriptions previews). */
export function slotsBetween(rule: SlotRule, from: number, to: number): Slot[] {
  const out: Slot[] = [];
  let cursor = from - 1;
  for (;;) {
    const next = nextSlot(rule, cursor);
    if (!next || next.at > to) return out;
    out.push(next);
    cursor = next.at;
  }
}

export type Timeliness = "on-time" | "late" | "missed";

export interface CatchUpRule {
  /** A post this late or later is skipped (and logged) rather than sent. */
  catchUpMs: number;
  /** A post later than this carries a note saying so. */
  lateNoteAfterMs: number;
}

export const DEFAULT_CATCH_UP: CatchUpRule = { catchUpMs: 2 * 3_600_000, lateNoteAfterMs: 5 * 60_000 };

/** How a post due at `dueAt` stands at `now`. */
export function timeliness(dueAt: number, now: number, rule: CatchUpRule = DEFAULT_CATCH_UP): Timeliness {
  const late = now - dueAt;
  if (late > rule.catchUpMs) return "missed";
  return late > rule.lateNoteAfterMs ? "late" : "on-time";
}
