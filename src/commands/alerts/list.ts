/** /alert list: every alert of the channel, when each last fired, and what went wrong. */
import { specText, type AlertSpec } from "../../core/alerts/spec.ts";
import type { ChannelWithAlerts } from "../../core/alerts/store.ts";
import { formatAge } from "../../core/market/as-of.ts";
import { formatShortDate } from "../../core/market/time.ts";
import { type Block, makeReply, type Reply } from "../../core/reply.ts";

/** When an alert is checked, for the confirmation. */
export function whenChecked(spec: AlertSpec): string {
  return spec.kind === "cross"
    ? "Watched from live quotes during NYSE hours (where live polling is off: after each close, on the session's high and low)."
    : "Checked after each NYSE close, once the day's breadth is recorded (16:30 New York; 13:30 on early closes).";
}

export function listReply(c: ChannelWithAlerts, now: number): Reply {
  if (c.alerts.length === 0)
    return makeReply(
      [
        {
          type: "text",
          text: "This channel has no alerts. Add one with /alert add record RUT (see /help alert).",
        },
      ],
      { alerts: [] },
    );
  const rows = c.alerts.map((a) => {
    const s = c.states.get(a.id);
    const fired = s?.lastFired
      ? `${formatShortDate(s.lastFired.session)} (${s.lastFired.figure})${s.lastFired.late ? ", posted late" : ""}`
      : "never";
    const notes: string[] = [];
    for (const m of s?.missed ?? [])
      notes.push(`missed ${formatShortDate(m.session)} (${m.figure}): the bot was not running that session`);
    if (s?.capped)
      notes.push(
        s.capped.live
          ? `${formatShortDate(s.capped.session)} (${s.capped.figure}) not posted: the channel's cap for the session was reached`
          : `${formatShortDate(s.capped.session)} (${s.capped.figure}) only in the summary line: cap reached`,
      );
    return [`#${a.id}`, specText(a.spec), fired, notes.join("; ")];
  });
  const blocks: Block[] = [
    { type: "title", text: `Alerts in this channel (${c.alerts.length} of 25)` },
    {
      type: "table",
      columns: ["#", "Alert", "Last fired", "Notes"],
      rows,
      align: ["right", "left", "left", "left"],
    },
  ];
  const d = c.delivery;
  if (d.pausedAt !== undefined)
    blocks.push({
      type: "text",
      text: `PAUSED ${formatAge(now - d.pausedAt)} ago after ${d.failures} failed post${d.failures === 1 ? "" : "s"}${d.lastError ? `: ${d.lastError.message} (${d.lastError.code})` : ""}. Fix the channel, then /alert resume.`,
    });
  else if (d.failures > 0 && d.lastError)
    blocks.push({ type: "text", text: `Last post failed: ${d.lastError.message} (${d.lastError.code}).` });
  blocks.push({
    type: "footer",
    text: "Remove one with /alert remove N; try one on the latest session with /alert test.",
  });
  return makeReply(blocks, {
    alerts: c.alerts.map((a) => ({
      id: a.id,
      spec: a.spec,
      lastFired: c.states.get(a.id)?.lastFired ?? null,
    })),
    paused: d.pausedAt !== undefined,
  });
}
