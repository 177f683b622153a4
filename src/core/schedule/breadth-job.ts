/**
 * After each close, the day's breadth record of the Russell 2000 and the S&P 500 (the history
 * behind /breadth history): due `delayMs` after the session's close (16:30 New York, 13:30 on
 * early closes, by default), caught up after downtime for the latest session, done once per index
 * and session under a claim. A record that cannot be computed yet (closes not in, too few members
 * priced) is tried again when the claim's lease runs out.
 */
import { loadRecords } from "../breadth/history-store.ts";
import { recordBreadthSnapshot } from "../breadth/record.ts";
import type { CommandContext } from "../command.ts";
import { errorMessage, UserError } from "../errors.ts";
import { lastCompletedSession, previousTradingDay, sessionTimes } from "../market/calendar.ts";
import { CLAIM_KEEP_MS, type Claims } from "./claims.ts";

export const BREADTH_ALIASES = ["RUT", "SPX"] as const;
export const DEFAULT_BREADTH_DELAY_MS = 30 * 60_000;
/** Between two attempts at a record that could not be computed. */
export const BREADTH_RETRY_MS = 30 * 60_000;

export interface BreadthJobOptions {
  claims: Claims;
  owner: string;
  delayMs?: number;
  retryMs?: number;
}

export interface BreadthJobReport {
  session: string;
  recorded: string[];
  present: string[];
  failed: { alias: string; reason: string }[];
}

/** The latest session whose record is due at `now`. */
export function breadthSessionDue(now: number, delayMs = DEFAULT_BREADTH_DELAY_MS): string {
  const last = lastCompletedSession(now);
  return now >= sessionTimes(last).close + delayMs ? last : previousTradingDay(last);
}

export async function recordDueBreadth(
  ctx: CommandContext,
  options: BreadthJobOptions,
  now = ctx.clock.now(),
): Promise<BreadthJobReport | undefined> {
  if (!ctx.members) return undefined;
  const session = breadthSessionDue(now, options.delayMs);
  const report: BreadthJobReport = { session, recorded: [], present: [], failed: [] };
  const log = ctx.logger.child({ component: "schedule", job: "breadth", session });
  for (const alias of BREADTH_ALIASES) {
    const key = `breadth:${alias}:${session}`;
    if (!(await options.claims.acquire(key, options.owner, options.retryMs ?? BREADTH_RETRY_MS))) continue;
    try {
      const [stored] = await loadRecords(
        ctx.store,
        alias,
        [session],
        log,
        ctx.market.sourceId ?? ctx.market.name,
      );
      if (stored) report.present.push(alias);
      else {
        const record = await recordBreadthSnapshot(alias, ctx, session);
        if (!record) {
          // Not done: the lease runs out and a later run tries again.
          report.failed.push({ alias, reason: "too few members priced, or some closes failed" });
          log.warn(
            { alias },
            "breadth not recorded: too few members priced or some closes failed; will retry",
          );
          continue;
        }
        report.recorded.push(alias);
        log.info({ alias, advancing: record.advancing, declining: record.declining }, "breadth recorded");
      }
      await options.claims.complete(key, options.owner, CLAIM_KEEP_MS);
    } catch (err) {
      report.failed.push({ alias, reason: errorMessage(err) });
      if (err instanceof UserError) {
        // Not configured (no member list): nothing to retry until someone changes the settings.
        log.info({ alias, err: errorMessage(err) }, "breadth not recorded");
        await options.claims.complete(key, options.owner, CLAIM_KEEP_MS);
      } else log.warn({ alias, err: errorMessage(err) }, "breadth not recorded; will retry");
    }
  }
  return report;
}
