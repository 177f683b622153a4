/** How an alert's firing reads in a channel: the figure, the threshold, the session, why, a chart. */
import { formatShortDate } from "../market/time.ts";
import { type Block, makeReply, type Reply } from "../reply.ts";
import type { Firing } from "./evaluate.ts";
import { type AlertSpec, specText } from "./spec.ts";

export interface FiringContext {
  /** The alert's number in its channel (absent for /alert test of an alert not added). */
  id?: number;
  spec: AlertSpec;
  source: string;
  /** A line above the figures: posted late, or a test. */
  note?: string;
}

export function firingReply(f: Firing, c: FiringContext): Reply {
  const blocks: Block[] = [
    { type: "title", text: `Alert${c.id !== undefined ? ` #${c.id}` : ""}: ${f.title}` },
  ];
  if (c.note) blocks.push({ type: "text", text: c.note });
  blocks.push(
    {
      type: "fields",
      fields: [
        { label: "Figure", value: f.figure },
        { label: "Threshold", value: f.threshold },
        { label: "Session", value: formatShortDate(f.session) },
      ],
    },
    { type: "text", text: f.reason },
  );
  if (f.chart)
    blocks.push({
      type: "chart",
      spec: f.chart,
      alt: `${f.chart.title}, to ${formatShortDate(f.session)}.`,
      filename: `alert-${c.spec.kind}-${f.session}.png`,
    });
  const approx = f.approximate
    ? " From the session's daily high and low: an approximation of the live rule."
    : "";
  blocks.push({
    type: "footer",
    text: `Alert: ${specText(c.spec)}. ${f.definition}${approx} Source: ${c.source}, as of ${f.asOf ? `${f.asOf}, ${formatShortDate(f.session)}` : `the ${formatShortDate(f.session)} close`}.`,
  });
  return makeReply(blocks, {
    alert: { ...(c.id !== undefined ? { id: c.id } : {}), spec: c.spec },
    session: f.session,
    occurrence: f.occurrence,
    figure: f.figure,
    threshold: f.threshold,
    ...f.data,
  });
}

/** One line for a channel that reached its cap of posts for a session. */
export function capReply(
  session: string,
  cap: number,
  left: { id: number; spec: AlertSpec; figure: string }[],
): Reply {
  const list = left.map((l) => `#${l.id} ${specText(l.spec)} (${l.figure})`).join("; ");
  const text = `${left.length} more alert${left.length === 1 ? "" : "s"} fired for the ${formatShortDate(session)} session, past this channel's cap of ${cap} posts a session: ${list}.`;
  return makeReply(
    [
      { type: "title", text: "More alerts" },
      { type: "text", text },
    ],
    { session, capped: left.length },
  );
}
