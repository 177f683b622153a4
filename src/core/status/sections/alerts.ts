/**
 * Alerts: how many, in how many channels (this channel and workspace in chat, every channel in the
 * terminal), which channels are paused, and how the last after-close evaluation and the last live
 * poll went (recorded by whichever process ran them). Read from the store under the deadline.
 */
import { type AlertRunRecord, AlertStore, channelKey } from "../../alerts/store.ts";
import { count } from "../../format.ts";
import { formatShortDate } from "../../market/time.ts";
import type { Field } from "../../reply.ts";
import { beforeDeadline, whenAgo } from "../describe.ts";
import type { StatusProvider } from "../sections.ts";

/** Paused channels named at most (the rest are counted). */
const NAMED_PAUSED = 5;

export const alertsSection: StatusProvider = {
  id: "alerts",
  title: "Alerts",
  async collect({ ctx, signal, now }) {
    const r = ctx.requester;
    const store = new AlertStore(ctx.store);
    const [all, runs] = await beforeDeadline(Promise.all([store.overview(), store.runs()]), signal);
    const inChat = r.platform === "slack" || r.platform === "discord";
    const prefix = inChat ? `${r.platform}:${r.workspaceId ?? "-"}:` : "";
    const channels = all.filter((c) => c.key.startsWith(prefix));
    const here =
      inChat && r.channelId
        ? channels.find(
            (c) =>
              c.key ===
              channelKey({
                platform: r.platform as "slack" | "discord",
                channelId: r.channelId as string,
                ...(r.workspaceId ? { workspaceId: r.workspaceId } : {}),
              }),
          )
        : undefined;
    const paused = channels.filter((c) => c.pausedAt !== undefined);
    const fields: Field[] = [];
    if (inChat && r.channelId)
      fields.push({
        label: "This channel",
        value: here
          ? `${alertsText(here.alerts)}${here.pausedAt !== undefined ? `, paused ${whenAgo(here.pausedAt, now)}` : ""}`
          : "no alerts",
      });
    const total = channels.reduce((n, c) => n + c.alerts, 0);
    fields.push({
      label: inChat ? "This workspace" : "Every channel",
      value:
        total === 0
          ? "no alerts"
          : `${alertsText(total)} in ${count(channels.length)} channel${channels.length === 1 ? "" : "s"}`,
    });
    if (paused.length > 0)
      fields.push({
        label: "Paused",
        value: `${paused
          .slice(0, NAMED_PAUSED)
          .map(
            (c) =>
              `${c.channelId} since ${whenAgo(c.pausedAt as number, now)}${c.lastError ? ` (${c.lastError})` : ""}`,
          )
          .join(
            "; ",
          )}${paused.length > NAMED_PAUSED ? `; and ${count(paused.length - NAMED_PAUSED)} more` : ""}. /alert resume in the channel once it is fixed.`,
      });
    fields.push({ label: "After the close", value: runText(runs.close, now) });
    fields.push({ label: "Live crossings", value: runText(runs.live, now) });
    return {
      title: "Alerts",
      fields,
      data: {
        alerts: total,
        channels: channels.length,
        ...(inChat && r.channelId ? { inChannel: here?.alerts ?? 0 } : {}),
        paused: paused.map((c) => ({ channel: c.channelId, pausedAt: c.pausedAt })),
        lastEvaluation: runs.close ?? null,
        lastPoll: runs.live ?? null,
      },
    };
  },
};

function alertsText(n: number): string {
  return `${count(n)} alert${n === 1 ? "" : "s"}`;
}

function runText(run: AlertRunRecord | undefined, now: number): string {
  if (!run) return "not run yet";
  const when = whenAgo(run.at, now);
  if (run.error) return `${when}: failed, ${run.error}`;
  const what = [
    run.session ? `the ${formatShortDate(run.session)} session` : undefined,
    `${count(run.evaluated)} evaluated`,
    `${count(run.fired)} fired`,
    `${count(run.posted)} posted`,
    run.failed > 0 ? `${count(run.failed)} failed` : undefined,
    run.waiting ? `${count(run.waiting)} waiting for data` : undefined,
  ].filter((x) => x !== undefined);
  return `${when}: ${what.join(", ")}`;
}
