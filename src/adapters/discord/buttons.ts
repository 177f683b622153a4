/**
 * Buttons on Discord answers: a Reply's actions as message components (rows of at most 5 buttons,
 * the custom_id is the encoded press, at most 100 characters), and a press answered the way
 * Discord expects within its 3 seconds: deferUpdate, then the message edited in place with the new
 * embed and chart; CSV as an ephemeral attachment; notes (stale, too many presses, not ours) as
 * ephemeral replies.
 */
import { type ButtonInteraction, ComponentType, MessageFlags } from "discord.js";
import {
  commandLine,
  decodePress,
  isStale,
  type Press,
  pressAllowed,
  RATE_LIMITED_TEXT,
  staleNote,
  withActions,
} from "../../core/actions.ts";
import { dispatch, findCommand, type Services } from "../../core/dispatch.ts";
import { UserError } from "../../core/errors.ts";
import type { Logger } from "../../core/ports.ts";
import type { Reply, ReplyAction } from "../../core/reply.ts";
import { replyCsvFiles } from "../csv/write-sheet.ts";
import { renderReply } from "./embeds.ts";
import { escapeText } from "./limits.ts";

const NO_MENTIONS = { parse: [] as never[] };
/** Discord: 5 buttons in a row, 5 rows in a message. */
const PER_ROW = 5;
const MAX_ROWS = 5;
/** Button styles: Primary (blurple) for what the answer shows, Secondary (grey) for the others. */
const PRIMARY = 1;
const SECONDARY = 2;

/** The actions as component rows (raw API objects, which discord.js sends as they are). */
export function componentRows(actions: readonly ReplyAction[]) {
  const rows = [...new Set(actions.map((a) => a.row))].sort((a, b) => a - b);
  const out: {
    type: ComponentType.ActionRow;
    components: { type: ComponentType.Button; style: number; label: string; custom_id: string }[];
  }[] = [];
  for (const row of rows) {
    const buttons = actions.filter((a) => a.row === row);
    for (let i = 0; i < buttons.length; i += PER_ROW)
      out.push({
        type: ComponentType.ActionRow,
        components: buttons.slice(i, i + PER_ROW).map((a) => ({
          type: ComponentType.Button,
          style: a.selected ? PRIMARY : SECONDARY,
          label: a.label.slice(0, 80),
          custom_id: a.payload,
        })),
      });
  }
  return out.slice(0, MAX_ROWS);
}

/** Embeds, attachments, buttons and the mention guard of a reply, as discord.js sends them. */
export function messageWithButtons(reply: Reply) {
  const { embeds, files } = renderReply(reply);
  return {
    embeds,
    files: files.map((f) => ({ attachment: f.data, name: f.name, description: f.description })),
    components: componentRows(reply.actions ?? []),
    allowedMentions: NO_MENTIONS,
  };
}

export async function answerButton(
  interaction: ButtonInteraction,
  services: Services,
  log: Logger,
): Promise<void> {
  const privately = (content: string, actions: ReplyAction[] = []) =>
    interaction.reply({
      content: escapeText(content),
      components: componentRows(actions),
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
  const now = services.clock.now();
  let press: Press;
  try {
    press = decodePress(interaction.customId, services.commands);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    log.info({ code: err.code }, "button refused");
    await privately(`${err.message}${err.hint ? ` Try: ${err.hint}` : ""}`);
    return;
  }
  const userKey = `discord:${interaction.guildId ?? "dm"}:${interaction.user.id}`;
  if (!(await pressAllowed(services.store, userKey, now))) {
    await privately(RATE_LIMITED_TEXT);
    return;
  }
  if (press.kind !== "fresh" && isStale(press, now)) {
    const note = staleNote(press, now);
    await privately(note.text, [note.action]);
    return;
  }
  // Within Discord's 3 seconds: an update in place shows nothing yet; CSV and fresh answers wait visibly.
  if (press.kind === "rerun") await interaction.deferUpdate();
  else await interaction.deferReply(press.kind === "csv" ? { flags: MessageFlags.Ephemeral } : {});
  const reply = await dispatch(press.command, press.text, {
    ...services,
    requester: {
      platform: "discord",
      userId: interaction.user.id,
      ...(interaction.channelId ? { channelId: interaction.channelId } : {}),
      ...(interaction.guildId ? { workspaceId: interaction.guildId } : {}),
    },
  });
  if (reply.kind !== "answer") {
    // The message keeps its figures; only the presser hears why nothing changed.
    const { embeds } = renderReply(reply);
    if (press.kind === "rerun")
      await interaction.followUp({ embeds, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
    else await interaction.editReply({ embeds, allowedMentions: NO_MENTIONS });
    return;
  }
  if (press.kind === "csv") {
    const files = replyCsvFiles(reply, commandLine(press));
    await interaction.editReply({
      content:
        files.length > 0
          ? `CSV of ${escapeText(commandLine(press))}`
          : "This answer has no table to take away as CSV.",
      files: files.map((f) => ({ attachment: Buffer.from(f.content, "utf8"), name: f.filename })),
      allowedMentions: NO_MENTIONS,
    });
    return;
  }
  const updated = withActions(reply, findCommand(services.commands, press.command), press.text, now);
  // attachments: [] drops the old chart; the new one comes with the edit.
  await interaction.editReply({ ...messageWithButtons(updated), content: "", attachments: [] });
}
