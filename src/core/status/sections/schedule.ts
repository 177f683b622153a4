/**
 * The scheduler of this process, the subscriptions of this channel and workspace (the whole bot
 * in the terminal), and the next post due. Read from the store under the status deadline.
 */
import { count } from "../../format.ts";
import { nextSlot } from "../../schedule/slots.ts";
import { slotText } from "../../subscriptions/describe.ts";
import type { Subscription } from "../../subscriptions/model.ts";
import { SubscriptionStore } from "../../subscriptions/store.ts";
import type { Field } from "../../reply.ts";
import { beforeDeadline } from "../describe.ts";
import type { SchedulerKind } from "../port.ts";
import type { StatusProvider } from "../sections.ts";

const SCHEDULER: Record<SchedulerKind, string> = {
  embedded: "timers in this process (croner)",
  bullmq: "BullMQ jobs on Redis, shared by every bot process",
  standby: "standing by: another process on this store runs the timers",
  off: "off in this process (SCHEDULER=off); another process may post",
  none: "none here: scheduled posts go out from the chat bot's process",
};

export const scheduleSection: StatusProvider = {
  id: "schedule",
  title: "Schedule",
  async collect({ ctx, status, signal, now }) {
    const r = ctx.requester;
    const store = new SubscriptionStore(ctx.store);
    const inChat = r.platform === "slack" || r.platform === "discord";
    const subs = await beforeDeadline(
      inChat ? store.inWorkspace(r.platform, r.workspaceId) : store.all(),
      signal,
    );
    const here = inChat && r.channelId ? subs.filter((s) => s.channelId === r.channelId) : undefined;
    const next = nextDue(here ?? subs, now);
    const fields: Field[] = [{ label: "Scheduler", value: SCHEDULER[status.scheduler] }];
    if (here) fields.push({ label: "This channel", value: listed(here) });
    fields.push({ label: inChat ? "This workspace" : "Every channel", value: listed(subs) });
    fields.push({
      label: here ? "Next post here" : "Next post",
      value: next ? `${slotText(next.slot, next.sub.zone)} (morning ${next.sub.kind})` : "none due",
    });
    return {
      title: "Schedule",
      fields,
      data: {
        scheduler: status.scheduler,
        subscriptions: subs.length,
        paused: subs.filter(isPaused).length,
        ...(here ? { inChannel: here.length } : {}),
        nextPostAt: next?.slot.at ?? null,
      },
    };
  },
};

const isPaused = (s: Subscription) => s.state.pausedAt !== undefined;

function listed(subs: readonly Subscription[]): string {
  if (subs.length === 0) return "no subscriptions";
  const paused = subs.filter(isPaused).length;
  const what = `${count(subs.length)} subscription${subs.length === 1 ? "" : "s"}`;
  return paused > 0 ? `${what}, ${count(paused)} paused` : what;
}

function nextDue(subs: readonly Subscription[], now: number) {
  let best: { sub: Subscription; slot: NonNullable<ReturnType<typeof nextSlot>> } | undefined;
  for (const sub of subs) {
    if (isPaused(sub)) continue;
    const slot = nextSlot(sub, now);
    if (slot && (!best || slot.at < best.slot.at)) best = { sub, slot };
  }
  return best;
}
