/**
 * A channel's subscription to a scheduled post (today: the morning brief), and the checks on what
 * people type for it: a time "HH:MM" on a 24-hour clock and an IANA time zone.
 *
 * The settings (written only by /subscribe) and the delivery state (written only by the
 * scheduler) are stored apart, so neither can overwrite the other; `Subscription` is both.
 */
import { UserError } from "../errors.ts";
import { NEW_YORK } from "../market/time.ts";
import { canonicalZone } from "../market/zone.ts";
import { quoteUserText } from "../text.ts";

export type SubscriptionKind = "brief";
export type ChatPlatform = "slack" | "discord";

export const SUBSCRIPTION_KINDS: readonly SubscriptionKind[] = ["brief"];
export const DEFAULT_TIME = "08:30";
export const DEFAULT_ZONE = NEW_YORK;

export interface SubscriptionSettings {
  /** `<platform>:<workspace>:<channel>:<kind>`: one subscription of a kind per channel. */
  id: string;
  platform: ChatPlatform;
  /** Slack team or Discord guild. */
  workspaceId?: string;
  channelId: string;
  kind: SubscriptionKind;
  /** Local time of the post, "HH:MM" (24-hour). */
  time: string;
  /** IANA zone of `time`, e.g. "America/New_York". */
  zone: string;
  createdBy: string;
  /** First subscribed (epoch ms). */
  createdAt: number;
  /** Settings last written (epoch ms): posts due before this are not owed. */
  updatedAt: number;
}

export interface DeliveryError {
  code: string;
  message: string;
  /** Epoch ms. */
  at: number;
  permanent: boolean;
}

export interface DeliveryState {
  /** The last NYSE session (New York date) whose brief reached the channel. */
  lastSentSession?: string;
  lastSentAt?: number;
  /** Sessions in a row whose post failed; reset by a success or by /subscribe. */
  failures: number;
  /** Set when the channel kept failing: nothing is posted until someone subscribes again. */
  pausedAt?: number;
  lastError?: DeliveryError;
  /**
   * The last post missed for good: not sent within the catch-up window, because the bot was down
   * or, when `reason` says so, because the brief could not be computed.
   */
  lastMissed?: { session: string; dueAt: number; loggedAt: number; reason?: string };
  /** The last session whose post failed for good (no retry until the next session). */
  lastFailedSession?: string;
  /** Attempts at the current session after transient failures. */
  attempts?: { session: string; count: number };
}

export interface Subscription extends SubscriptionSettings {
  state: DeliveryState;
}

export const EMPTY_STATE: DeliveryState = { failures: 0 };

export function subscriptionId(
  platform: ChatPlatform,
  workspaceId: string | undefined,
  channelId: string,
  kind: SubscriptionKind,
): string {
  return `${platform}:${workspaceId ?? "-"}:${channelId}:${kind}`;
}

/** Minutes since midnight of "HH:MM" (or "H:MM"), or a UserError that shows how to write it. */
export function parseTime(text: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const hours = m ? Number(m[1]) : Number.NaN;
  const minutes = m ? Number(m[2]) : Number.NaN;
  if (!(hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59)) {
    const shown = quoteUserText(text, 12);
    throw new UserError(
      "bad-time",
      `${shown ? `"${shown}" is not` : "That is not"} a time of day. Write HH:MM on a 24-hour clock, from 00:00 to 23:59, e.g. 08:30 or 16:45.`,
      `/subscribe brief ${DEFAULT_TIME} ${DEFAULT_ZONE}`,
    );
  }
  return hours * 60 + minutes;
}

/** "8:30" -> "08:30". */
export function normalizeTime(text: string): string {
  const minutes = parseTime(text);
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * Abbreviations people type for a zone, and the IANA zone they mean. Intl accepts some of them
 * (EST, MST, HST, CET, EET...) as fixed-offset or legacy zones: EST resolves to America/Panama,
 * which never moves to daylight saving, so "08:30 EST" would post at 09:30 New York all summer.
 */
const ABBREVIATIONS: Record<string, string> = {
  ET: "America/New_York",
  EST: "America/New_York",
  EDT: "America/New_York",
  EST5EDT: "America/New_York",
  CT: "America/Chicago",
  CST: "America/Chicago",
  CDT: "America/Chicago",
  CST6CDT: "America/Chicago",
  MT: "America/Denver",
  MST: "America/Denver",
  MDT: "America/Denver",
  MST7MDT: "America/Denver",
  PT: "America/Los_Angeles",
  PST: "America/Los_Angeles",
  PDT: "America/Los_Angeles",
  PST8PDT: "America/Los_Angeles",
  HST: "Pacific/Honolulu",
  BST: "Europe/London",
  WET: "Europe/Lisbon",
  CET: "Europe/Paris",
  CEST: "Europe/Paris",
  MET: "Europe/Paris",
  EET: "Europe/Athens",
  EEST: "Europe/Athens",
  JST: "Asia/Tokyo",
  HKT: "Asia/Hong_Kong",
  SGT: "Asia/Singapore",
  AEST: "Australia/Sydney",
  AEDT: "Australia/Sydney",
};

/** The canonical IANA name of a zone, or a UserError naming valid examples. */
export function parseZone(text: string): string {
  const word = text.trim();
  const meant = ABBREVIATIONS[word.toUpperCase()];
  if (meant)
    throw new UserError(
      "zone-abbreviation",
      `${word.toUpperCase()} is an abbreviation, not a time zone name: abbreviations are ambiguous, and some stand for a fixed offset that ignores daylight saving. Write the place's IANA zone, e.g. ${meant}.`,
      `/subscribe brief ${DEFAULT_TIME} ${meant}`,
    );
  const zone = canonicalZone(word);
  if (zone) return zone;
  const shown = quoteUserText(text, 32);
  throw new UserError(
    "bad-zone",
    `${shown ? `"${shown}" is not` : "That is not"} a time zone I know. Use an IANA zone name such as America/New_York, America/Chicago, Europe/London or Asia/Tokyo.`,
    `/subscribe brief ${DEFAULT_TIME} America/New_York`,
  );
}

export function isChatPlatform(platform: string): platform is ChatPlatform {
  return platform === "slack" || platform === "discord";
}
