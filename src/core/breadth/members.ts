/**
 * Index members for breadth and leaders: which index a word names, the MemberLists port from the
 * command context, and the line every reply carries about the list (its own date and count).
 */
import type { CommandContext } from "../command.ts";
import { UserError } from "../errors.ts";
import { count } from "../format.ts";
import { formatAge } from "../market/as-of.ts";
import { findIndex, INDEXES, type IndexInfo } from "../market/instruments.ts";
import { formatShortDate } from "../market/time.ts";
import type { MemberList, MemberLists } from "../ports.ts";
import { quoteUserText } from "../text.ts";

/** Indexes whose members the bot can list. */
export const MEMBER_INDEXES: readonly IndexInfo[] = INDEXES.filter((i) => i.hasMembers);

const ALIASES = MEMBER_INDEXES.map((i) => i.alias).join(", ");

/** The index a word names, or a UserError that says which ones have members. */
export function memberIndex(word: string | undefined, command: string): IndexInfo {
  const hint = `/${command} RUT`;
  if (!word) throw new UserError(`${command}-index`, `Name an index: ${ALIASES}.`, hint);
  const index = findIndex(word);
  if (!index) {
    const shown = quoteUserText(word, 16);
    throw new UserError(
      `${command}-index`,
      `${shown ? `"${shown}" is not` : "That is not"} an index I know. /${command} works on ${ALIASES}.`,
      hint,
    );
  }
  if (!index.hasMembers)
    throw new UserError(
      `${command}-no-members`,
      `/${command} needs the member list of an index, and I have none for the ${index.name}. Try ${ALIASES}.`,
      hint,
    );
  return index;
}

/**
 * The MemberLists port. It travels in the command context as `members` (the dispatcher passes
 * every context field through); see the report for the one-line change that types it there.
 */
export function memberListsOf(ctx: CommandContext): MemberLists | undefined {
  return ctx.members;
}

/** The members of an index, or a UserError when this bot has no member source at all. */
export async function loadMemberList(index: IndexInfo, ctx: CommandContext): Promise<MemberList> {
  const lists = memberListsOf(ctx);
  if (!lists)
    throw new UserError(
      "no-member-lists",
      `This bot has no source of index members configured, so it cannot compute the ${index.name}'s breadth.`,
      "/rotation ytd",
    );
  const list = await lists.members(index.alias);
  if (list.members.length === 0)
    throw new UserError(
      "empty-member-list",
      `The ${index.name} member list from ${list.source} holds no members.`,
      "/rotation ytd",
    );
  return list;
}

/** "members: holdings file from www.ishares.com as of 5 May 2026, 1,920 listed". */
export function memberListLabel(list: MemberList): string {
  const date = list.asOf ? ` as of ${formatShortDate(list.asOf)}` : " (the list states no date)";
  return `members: ${list.source}${date}, ${count(list.memberCount)} listed`;
}

/** A note when the list could not be refreshed and an older stored one is used. */
export function memberListNote(list: MemberList): string | undefined {
  if (list.staleAgeMs === undefined) return undefined;
  const dated = list.asOf ? `, dated ${formatShortDate(list.asOf)}` : "";
  return `The member list could not be refreshed (${list.source}); using the copy stored ${formatAge(list.staleAgeMs)} ago${dated}.`;
}
