/**
 * Who manages a Slack channel, for admin-only commands (subscriptions): workspace admins and
 * owners (users.info, users:read), and unless switched off (SUBSCRIBE_ALLOW_CHANNEL_CREATOR) the
 * channel's creator (conversations.info, channels:read / groups:read). When Slack cannot tell,
 * the answer is no, and the reason is logged.
 */
import type { webApi } from "@slack/bolt";
import { errorMessage } from "../../core/errors.ts";
import type { Logger } from "../../core/ports.ts";

export interface ManagerCheck {
  userId: string;
  channelId: string;
  /** Count the channel's creator as a manager. */
  allowCreator: boolean;
}

export async function managesChannel(
  client: webApi.WebClient,
  check: ManagerCheck,
  log: Logger,
): Promise<boolean> {
  try {
    const { user } = await client.users.info({ user: check.userId });
    if (user?.is_admin || user?.is_owner || user?.is_primary_owner) return true;
  } catch (err) {
    log.warn({ err: errorMessage(err) }, "users.info failed; not treating the user as a workspace admin");
  }
  if (!check.allowCreator) return false;
  try {
    const { channel } = await client.conversations.info({ channel: check.channelId });
    return channel?.creator !== undefined && channel.creator === check.userId;
  } catch (err) {
    log.warn(
      { err: errorMessage(err) },
      "conversations.info failed; not treating the user as the channel's creator",
    );
    return false;
  }
}
