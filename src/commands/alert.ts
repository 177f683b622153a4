/**
 * /alert: a channel asks to be told when the rotation or breadth does something: a record close,
 * a level crossed, the IWM/SPY line crossing its average, a spread beyond a threshold,
 * participation crossing a level, the McClellan oscillator changing sign, a breadth thrust.
 * add, remove and resume are for people who manage the channel; list and test for anyone.
 */
import { gatherAlertData, latestSessionIn } from "../core/alerts/data.ts";
import { evaluate } from "../core/alerts/evaluate.ts";
import { firingReply } from "../core/alerts/render.ts";
import { ALERT_KINDS, specKey, specText } from "../core/alerts/spec.ts";
import { AlertStore, AlertsBusyError, channelKey, MAX_ALERTS_PER_CHANNEL } from "../core/alerts/store.ts";
import { type CommandContext, defineCommand } from "../core/command.ts";
import { UserError } from "../core/errors.ts";
import { lastCompletedSession } from "../core/market/calendar.ts";
import { formatShortDate } from "../core/market/time.ts";
import { makeReply, type Reply } from "../core/reply.ts";
import { channelOf, requireManager } from "../core/subscriptions/access.ts";
import { listReply, whenChecked } from "./alerts/list.ts";
import { ALERT_ACTIONS, type AlertArgs, parseAlert } from "./alerts/parse.ts";

export const alert = defineCommand<AlertArgs>({
  name: "alert",
  description: "Alerts in this channel: records, level and line crossings, spreads, breadth thrusts",
  usage: "add record RUT | list | remove N | test KIND ...",
  examples: [
    ...ALERT_KINDS.map((k) => `/alert add ${k.example}`),
    "/alert list",
    "/alert remove 3",
    "/alert test record RUT",
  ],
  options: [
    {
      name: "action",
      description: "add, list, remove, test or resume",
      type: "choice",
      choices: ALERT_ACTIONS.map((a) => ({ value: a, label: a })),
      required: true,
    },
    {
      name: "kind",
      description: "For add and test: what to alert on",
      type: "choice",
      choices: ALERT_KINDS.map((k) => ({ value: k.kind, label: `${k.kind}: ${k.what}` })),
    },
    {
      name: "args",
      description: "For add and test: e.g. RUT, IWM 270, IWM/SPY 50, RUT SPX 5d 300, SPX 50",
      type: "string",
      autocomplete: "instrument",
    },
    { name: "number", description: "For remove: the alert's number in /alert list", type: "integer", min: 1 },
  ],
  manages: (text) => /^\s*(add|remove|delete|resume)\b/i.test(text),
  slow: true,
  parse: parseAlert,
  async run(args, ctx) {
    try {
      return await run(args, ctx);
    } catch (err) {
      if (err instanceof AlertsBusyError)
        throw new UserError(
          "alert-busy",
          "Another change to this channel's alerts is under way. Try again in a moment.",
          "/alert list",
        );
      throw err;
    }
  },
});

async function run(args: AlertArgs, ctx: CommandContext): Promise<Reply> {
  const alerts = new AlertStore(ctx.store);
  if (args.action === "test") {
    const wanted = ctx.asOf ?? lastCompletedSession(ctx.clock.now());
    const data = await gatherAlertData([args.spec], wanted, wanted, ctx);
    // The latest session the data has (a source may not have published the last close yet).
    const session = latestSessionIn(args.spec, data, wanted) ?? wanted;
    const e = evaluate(args.spec, data, session, session);
    const first = e.firings[0];
    if (first)
      return firingReply(first, {
        spec: args.spec,
        source: data.source,
        note: `Test: this is what the alert would post for the ${formatShortDate(session)} session${e.firings.length > 1 ? ` (and ${e.firings.length - 1} more firing that session)` : ""}. Nothing was posted.`,
      });
    const why = e.unavailable ? ` Not fully evaluated: ${e.unavailable}.` : "";
    return makeReply(
      [
        { type: "title", text: `Alert test: ${specText(args.spec)}` },
        {
          type: "text",
          text: `Nothing fires on the ${formatShortDate(session)} close.${why} Nothing was posted.`,
        },
        { type: "footer", text: `Source: ${data.source}, as of the ${formatShortDate(session)} close.` },
      ],
      { session, fired: false, ...(e.unavailable ? { unavailable: e.unavailable } : {}) },
    );
  }
  const channel = channelOf(ctx.requester, "alert");
  if (args.action === "list") return listReply(await alerts.channel(channel), ctx.clock.now());
  requireManager(ctx.requester, channel, "alert");
  // Waiting for another process's change of this channel ends with the command's deadline too.
  const lock = ctx.signal ? { signal: ctx.signal } : {};
  if (args.action === "resume") {
    const current = await alerts.channel(channel);
    await alerts.saveDelivery(current.key, () => ({ failures: 0 }));
    return makeReply(
      [
        {
          type: "text",
          text:
            current.delivery.pausedAt !== undefined
              ? "Alerts resume in this channel."
              : "Alerts were not paused here; nothing changed.",
        },
      ],
      { resumed: current.delivery.pausedAt !== undefined },
    );
  }
  if (args.action === "remove") {
    const removed = await alerts.update(
      channel,
      (c) => {
        const found = c.alerts.find((a) => a.id === args.id);
        return { next: { ...c, alerts: c.alerts.filter((a) => a.id !== args.id) }, result: found };
      },
      lock,
    );
    if (!removed)
      throw new UserError(
        "no-such-alert",
        `This channel has no alert #${args.id}. See the numbers with /alert list.`,
        "/alert list",
      );
    await alerts.deleteState(channelKey(channel), args.id);
    return makeReply([{ type: "text", text: `Removed alert #${removed.id}: ${specText(removed.spec)}.` }], {
      removed: removed.id,
    });
  }
  const now = ctx.clock.now();
  const key = specKey(args.spec);
  const added = await alerts.update<{ duplicate: number } | { full: true } | { id: number }>(
    channel,
    (c) => {
      const same = c.alerts.find((a) => specKey(a.spec) === key);
      if (same) return { next: c, result: { duplicate: same.id } };
      if (c.alerts.length >= MAX_ALERTS_PER_CHANNEL) return { next: c, result: { full: true } };
      const a = {
        id: c.nextId,
        spec: args.spec,
        createdBy: ctx.requester.userId ?? "unknown",
        createdAt: now,
      };
      return { next: { ...c, nextId: c.nextId + 1, alerts: [...c.alerts, a] }, result: { id: a.id } };
    },
    lock,
  );
  if ("duplicate" in added)
    throw new UserError(
      "alert-exists",
      `This channel already has that alert: #${added.duplicate}.`,
      "/alert list",
    );
  if ("full" in added)
    throw new UserError(
      "alert-limit",
      `This channel has ${MAX_ALERTS_PER_CHANNEL} alerts, the most it can have. Remove one first.`,
      "/alert list",
    );
  return makeReply(
    [
      { type: "title", text: `Alert #${added.id} added` },
      {
        type: "text",
        text: `${specText(args.spec)}. ${whenChecked(args.spec)} See every alert of this channel with /alert list; stop this one with /alert remove ${added.id}.`,
      },
    ],
    { id: added.id, spec: args.spec },
  );
}
