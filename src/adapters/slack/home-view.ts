/**
 * The App Home tab as a Block Kit view: how to ask the bot, the workspace's brief subscriptions and
 * alerts (those in channels the person may see) with their state, and the latest brief with its own
 * source and as-of. Within Slack's limits for a view: 100 blocks, 3,000 characters per text; long
 * lists are cut and say how many were left out.
 */
import type { types } from "@slack/bolt";
import { specText } from "../../core/alerts/spec.ts";
import type { ChannelWithAlerts } from "../../core/alerts/store.ts";
import type { LatestBrief } from "../../core/brief/latest.ts";
import { formatAge } from "../../core/market/as-of.ts";
import { formatShortDate } from "../../core/market/time.ts";
import { makeReply } from "../../core/reply.ts";
import { statusText } from "../../core/subscriptions/describe.ts";
import type { Subscription } from "../../core/subscriptions/model.ts";
import { renderReply } from "./blocks.ts";
import { escapeMrkdwn, fitEscaped } from "./escape.ts";

export const VIEW_LIMITS = { blocks: 100, text: 3000 } as const;
/** Subscriptions, and channels with alerts, listed at most (each is one block). */
export const MAX_LISTED = 15;

export interface HomeContent {
  now: number;
  botUserId?: string;
  /** Subscriptions in channels this person may see. */
  subscriptions: Subscription[];
  /** Channels with alerts this person may see. */
  alerts: ChannelWithAlerts[];
  /** Subscriptions and alert channels left out because the person is not in their channel. */
  hidden: number;
  /** False when Slack could not say which channels the person is in (nothing is listed then). */
  membershipKnown: boolean;
  brief?: LatestBrief;
}

type ViewBlock = types.KnownBlock;

const mrkdwn = (text: string): types.MrkdwnElement => ({ type: "mrkdwn", text, verbatim: true });
const section = (text: string): types.SectionBlock => ({ type: "section", text: mrkdwn(text) });
const context = (text: string): types.ContextBlock => ({ type: "context", elements: [mrkdwn(text)] });
const header = (text: string): types.HeaderBlock => ({
  type: "header",
  text: { type: "plain_text", text, emoji: false },
});
const divider: types.DividerBlock = { type: "divider" };

/** A channel as Slack shows it (its name, or "private channel" to someone not in it). */
function channelRef(id: string): string {
  return /^[CGD][A-Z0-9]{2,20}$/.test(id) ? `<#${id}>` : escapeMrkdwn(id);
}

/** Our markup `head`, then `body` (plain, escaped) cut to fit one text object. */
function withBody(head: string, body: string): string {
  if (body === "") return head;
  return `${head}\n${fitEscaped(body, VIEW_LIMITS.text - head.length - 1, escapeMrkdwn)}`;
}

function subscriptionState(sub: Subscription): string {
  if (sub.state.pausedAt !== undefined) return "paused";
  return sub.state.failures > 0 ? "failing" : "active";
}

function subscriptionBlocks(content: HomeContent): ViewBlock[] {
  const blocks: ViewBlock[] = [divider, header("Morning brief subscriptions")];
  const subs = [...content.subscriptions].sort((a, b) => a.time.localeCompare(b.time));
  if (subs.length === 0)
    blocks.push(
      section(
        content.membershipKnown
          ? "No channel of yours receives the brief. A channel manager can start it there with `/subscribe brief 08:30 America/New_York`."
          : "I could not check which channels you are in, so none is listed. `/subscriptions` in a channel shows what it receives.",
      ),
    );
  for (const sub of subs.slice(0, MAX_LISTED))
    blocks.push(
      section(
        withBody(
          `*${channelRef(sub.channelId)}* · ${escapeMrkdwn(`${sub.time} ${sub.zone}`)} · *${subscriptionState(sub)}*`,
          statusText(sub, content.now),
        ),
      ),
    );
  if (subs.length > MAX_LISTED)
    blocks.push(
      context(
        `${subs.length - MAX_LISTED} more not listed here: \`/subscriptions all\` lists every one (workspace admins).`,
      ),
    );
  return blocks;
}

function alertLine(c: ChannelWithAlerts, id: number, spec: Parameters<typeof specText>[0]): string {
  const fired = c.states.get(id)?.lastFired;
  return `#${id} ${specText(spec)} · last fired ${fired ? `${formatShortDate(fired.session)} (${fired.figure})` : "never"}`;
}

function alertBlocks(content: HomeContent): ViewBlock[] {
  const blocks: ViewBlock[] = [divider, header("Alerts")];
  const channels = content.alerts.filter((c) => c.alerts.length > 0);
  if (channels.length === 0)
    blocks.push(
      section(
        content.membershipKnown
          ? "No channel of yours has alerts. A channel manager can add one with `/alert add record RUT` (see `/help alert`)."
          : "I could not check which channels you are in, so no alert is listed.",
      ),
    );
  for (const c of channels.slice(0, MAX_LISTED)) {
    const paused = c.delivery.pausedAt !== undefined;
    const state = paused
      ? `*paused* ${escapeMrkdwn(formatAge(content.now - (c.delivery.pausedAt ?? content.now)))} ago (\`/alert resume\` there)`
      : "*active*";
    const count = `${c.alerts.length} alert${c.alerts.length === 1 ? "" : "s"}`;
    blocks.push(
      section(
        withBody(
          `*${channelRef(c.channel.channelId)}* · ${count} · ${state}`,
          c.alerts.map((a) => alertLine(c, a.id, a.spec)).join("\n"),
        ),
      ),
    );
  }
  if (channels.length > MAX_LISTED)
    blocks.push(
      context(
        `${channels.length - MAX_LISTED} more channels with alerts: \`/alert list\` in each shows them.`,
      ),
    );
  return blocks;
}

function briefBlocks(content: HomeContent, room: number): ViewBlock[] {
  const blocks: ViewBlock[] = [divider, header("Latest brief")];
  const brief = content.brief;
  if (!brief) {
    blocks.push(
      section("No brief has been computed yet. Type `/brief` for one; it will show here afterwards."),
    );
    return blocks;
  }
  blocks.push(
    context(
      escapeMrkdwn(`Computed ${formatAge(content.now - brief.computedAt)} ago. Type /brief for a fresh one.`),
    ),
  );
  // The brief as its message reads (figures, source, as-of), without its chart.
  const body = renderReply(makeReply(brief.blocks, {})).blocks as ViewBlock[];
  const left = room - blocks.length;
  if (body.length <= left) return [...blocks, ...body];
  // Keep the top and the footer (source, as-of, coverage), which is the last block.
  const footer = body.at(-1) as ViewBlock;
  return [
    ...blocks,
    ...body.slice(0, Math.max(0, left - 2)),
    context("The rest of the brief did not fit here: type /brief to see it all."),
    footer,
  ];
}

export function homeView(content: HomeContent): types.HomeView {
  const me =
    content.botUserId && /^[UW][A-Z0-9]{2,20}$/.test(content.botUserId)
      ? `<@${content.botUserId}>`
      : "@rotation-bot";
  const blocks: ViewBlock[] = [
    header("rotation-bot"),
    section(
      `Ask me in a channel or a thread by mentioning me: ${me} \`rotation ytd\` (I answer in the thread). ` +
        "In the *Messages* tab, just type a command: `breadth RUT`. Slash commands work too; `help` lists them all.",
    ),
    ...subscriptionBlocks(content),
    ...alertBlocks(content),
  ];
  if (content.hidden > 0)
    blocks.push(
      context(
        `${content.hidden} more subscription${content.hidden === 1 ? "" : "s"} or alert channel${content.hidden === 1 ? "" : "s"} in channels you are not in ${content.hidden === 1 ? "is" : "are"} not shown.`,
      ),
    );
  blocks.push(...briefBlocks(content, VIEW_LIMITS.blocks - blocks.length));
  return { type: "home", blocks: blocks.slice(0, VIEW_LIMITS.blocks) };
}
