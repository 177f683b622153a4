/** Each index's member list as stored: its own date, its count, and how old the copy is. */
import { count } from "../../format.ts";
import { formatAge } from "../../market/as-of.ts";
import { formatShortDate } from "../../market/time.ts";
import type { Field } from "../../reply.ts";
import { beforeDeadline } from "../describe.ts";
import type { MemberListStatus } from "../port.ts";
import type { StatusProvider } from "../sections.ts";

export const memberListsSection: StatusProvider = {
  id: "member-lists",
  title: "Member lists",
  async collect({ status, signal, now }) {
    if (!status.memberLists)
      return {
        title: "Member lists",
        fields: [{ label: "Member lists", value: "no member source is configured" }],
        data: { memberLists: [] },
      };
    const lists = await beforeDeadline(status.memberLists(signal), signal);
    const fields: Field[] = lists.map((l) => ({ label: l.alias, value: describe(l, now) }));
    return {
      title: "Member lists",
      fields,
      data: {
        memberLists: lists.map((l) => ({
          ...l,
          ...(l.fetchedAt === undefined ? {} : { ageMs: Math.max(0, now - l.fetchedAt) }),
        })),
      },
    };
  },
};

function describe(l: MemberListStatus, now: number): string {
  if (l.memberCount === undefined) return `${l.source}: not loaded yet (it is read on first use)`;
  const date = l.asOf ? `dated ${formatShortDate(l.asOf)}` : "the list states no date";
  const age = l.fetchedAt === undefined ? "" : `, copy ${formatAge(Math.max(0, now - l.fetchedAt))} old`;
  return `${count(l.memberCount)} members, ${date}${age} (${l.source})`;
}
