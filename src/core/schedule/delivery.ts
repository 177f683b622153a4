/**
 * Which subscriptions a run owes a post, and how a post's outcome changes a subscription's
 * delivery state. Pure: the runner does the reading, posting and writing.
 *
 * - A post is owed for the latest slot at or before now, unless that session was already posted,
 *   failed for good, or missed; unless the subscription is paused; and unless the slot came before
 *   the subscription was (re)written (a new subscription never fires for a slot already past).
 * - Within the catch-up window it is posted (with a note when late); past it, it is missed.
 * - A transient failure is retried by later runs, up to `transientAttempts` attempts for the
 *   session; a permanent one (or the last attempt) settles the session as failed. After
 *   `pauseAfterFailures` failed sessions in a row the subscription is paused.
 */
import type { DeliveryState, Subscription } from "../subscriptions/model.ts";
import { type CatchUpRule, latestSlot, type Slot, timeliness } from "./slots.ts";

export interface DeliveryPolicy {
  catchUp: CatchUpRule;
  pauseAfterFailures: number;
  transientAttempts: number;
}

export const DEFAULT_POLICY: DeliveryPolicy = {
  catchUp: { catchUpMs: 2 * 3_600_000, lateNoteAfterMs: 5 * 60_000 },
  pauseAfterFailures: 3,
  transientAttempts: 3,
};

export interface Owed {
  sub: Subscription;
  slot: Slot;
  late: boolean;
}

export interface Missed {
  sub: Subscription;
  slot: Slot;
}

export function owedPosts(
  subs: readonly Subscription[],
  now: number,
  policy: DeliveryPolicy,
): { owed: Owed[]; missed: Missed[] } {
  const owed: Owed[] = [];
  const missed: Missed[] = [];
  // Most subscriptions share a few (time, zone) pairs: work each slot out once per run.
  const slots = new Map<string, Slot | undefined>();
  for (const sub of subs) {
    const s = sub.state;
    if (s.pausedAt !== undefined) continue;
    const rule = `${sub.time} ${sub.zone}`;
    if (!slots.has(rule)) slots.set(rule, latestSlot(sub, now));
    const slot = slots.get(rule);
    if (!slot || slot.at < sub.updatedAt) continue;
    if (s.lastSentSession !== undefined && s.lastSentSession >= slot.session) continue;
    if (s.lastFailedSession === slot.session || s.lastMissed?.session === slot.session) continue;
    const t = timeliness(slot.at, now, policy.catchUp);
    if (t === "missed") missed.push({ sub, slot });
    else owed.push({ sub, slot, late: t === "late" });
  }
  return { owed, missed };
}

export function afterSuccess(state: DeliveryState, slot: Slot, now: number): DeliveryState {
  const { lastError: _e, attempts: _a, ...rest } = state;
  return { ...rest, lastSentSession: slot.session, lastSentAt: now, failures: 0 };
}

export function afterMissed(state: DeliveryState, slot: Slot, now: number, reason?: string): DeliveryState {
  return {
    ...state,
    lastMissed: { session: slot.session, dueAt: slot.at, loggedAt: now, ...(reason ? { reason } : {}) },
  };
}

export interface FailureOutcome {
  state: DeliveryState;
  /** True when later runs should try this session again. */
  retry: boolean;
  /** True when this failure paused the subscription. */
  paused: boolean;
}

export function afterFailure(
  state: DeliveryState,
  slot: Slot,
  error: { code: string; message: string; permanent: boolean },
  now: number,
  policy: DeliveryPolicy,
): FailureOutcome {
  const attempt = state.attempts?.session === slot.session ? state.attempts.count + 1 : 1;
  const lastError = {
    code: error.code,
    message: error.message.slice(0, 300),
    at: now,
    permanent: error.permanent,
  };
  if (!error.permanent && attempt < policy.transientAttempts)
    return {
      state: { ...state, lastError, attempts: { session: slot.session, count: attempt } },
      retry: true,
      paused: false,
    };
  const { attempts: _a, ...rest } = state;
  const failures = state.failures + 1;
  const paused = failures >= policy.pauseAfterFailures;
  return {
    state: {
      ...rest,
      failures,
      lastError,
      lastFailedSession: slot.session,
      ...(paused ? { pausedAt: now } : {}),
    },
    retry: false,
    paused,
  };
}
