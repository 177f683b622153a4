/**
 * Payloads shaped like Discord's own: INTERACTION_CREATE data for slash commands and autocomplete,
 * and the message objects Discord returns from webhook and channel endpoints.
 */

let counter = 0n;
/** Snowflake-looking ids: 18-19 digits, increasing. */
export function snowflake(): string {
  counter += 1n;
  return (1_300_000_000_000_000_000n + counter).toString();
}

export interface InteractionOptions {
  applicationId: string;
  /** In a guild (with member permissions) rather than a DM. */
  guildId?: string;
  channelId?: string;
  /** Member permission bits, as a decimal string (guild only). */
  permissions?: string;
  userId?: string;
}

/** Option types Discord sends back: STRING 3, INTEGER 4, BOOLEAN 5. */
function optionType(value: string | number | boolean): number {
  if (typeof value === "boolean") return 5;
  return typeof value === "number" ? 4 : 3;
}

function base(type: number, options: InteractionOptions) {
  const user = {
    id: options.userId ?? "200000000000000001",
    username: "trader",
    discriminator: "0",
    global_name: "Trader",
    avatar: null,
  };
  const channelId = options.channelId ?? "300000000000000001";
  const where = options.guildId
    ? {
        guild_id: options.guildId,
        channel: { id: channelId, type: 0, guild_id: options.guildId, name: "markets" },
        member: {
          user,
          roles: [],
          permissions: options.permissions ?? "1024",
          joined_at: "2026-01-02T15:00:00.000Z",
          deaf: false,
          mute: false,
          flags: 0,
        },
        context: 0,
      }
    : { user, channel: { id: channelId, type: 1 }, context: 1 };
  return {
    id: snowflake(),
    application_id: options.applicationId,
    type,
    token: `itoken-${snowflake()}-secret`,
    version: 1,
    locale: "en-US",
    app_permissions: "0",
    entitlements: [],
    authorizing_integration_owners: { "0": options.guildId ?? "0" },
    channel_id: channelId,
    ...where,
  };
}

/** A slash command (type 2, command type 1) with typed option values. */
export function slashCommand(
  name: string,
  values: Record<string, string | number | boolean>,
  options: InteractionOptions,
) {
  return {
    ...base(2, options),
    data: {
      id: snowflake(),
      name,
      type: 1,
      options: Object.entries(values).map(([n, value]) => ({ name: n, type: optionType(value), value })),
    },
  };
}

/** An autocomplete request (type 4) while the user types `focused`. */
export function autocomplete(
  name: string,
  focused: { name: string; value: string },
  others: Record<string, string | number>,
  options: InteractionOptions,
) {
  return {
    ...base(4, options),
    data: {
      id: snowflake(),
      name,
      type: 1,
      options: [
        ...Object.entries(others).map(([n, value]) => ({ name: n, type: optionType(value), value })),
        { name: focused.name, type: 3, value: focused.value, focused: true },
      ],
    },
  };
}

/** A button press (message component, type 3) on a message of the bot's. */
export function buttonPress(customId: string, options: InteractionOptions) {
  return {
    ...base(3, options),
    data: { custom_id: customId, component_type: 2 },
    message: messageObject({
      applicationId: options.applicationId,
      channelId: options.channelId ?? "300000000000000001",
      body: { content: "an older message with a button" },
    }),
  };
}

/** The message object Discord answers with after creating or editing a message. */
export function messageObject(input: {
  applicationId: string;
  channelId: string;
  body: Record<string, unknown>;
  files?: { name: string; bytes: Uint8Array; contentType: string }[];
  id?: string;
}) {
  const { body } = input;
  return {
    id: input.id ?? snowflake(),
    type: 0,
    channel_id: input.channelId,
    content: typeof body.content === "string" ? body.content : "",
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    attachments: (input.files ?? []).map((f) => ({
      id: snowflake(),
      filename: f.name,
      size: f.bytes.byteLength,
      url: `https://cdn.example.invalid/${f.name}`,
      proxy_url: `https://media.example.invalid/${f.name}`,
      content_type: f.contentType,
    })),
    author: {
      id: input.applicationId,
      username: "rotation-bot",
      discriminator: "0000",
      avatar: null,
      global_name: null,
      bot: true,
    },
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    components: Array.isArray(body.components) ? body.components : [],
    flags: typeof body.flags === "number" ? body.flags : 0,
    webhook_id: input.applicationId,
    application_id: input.applicationId,
  };
}

/** GUILD_CREATE for a server with text channels, as Discord sends it after READY. */
export function guildCreate(input: {
  guildId: string;
  channelIds: string[];
  botId: string;
  /** Active threads: id -> the channel they were started in. */
  threads?: Record<string, string>;
}) {
  return {
    id: input.guildId,
    name: "Markets",
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: "200000000000000777",
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 1,
    explicit_content_filter: 0,
    roles: [
      {
        id: input.guildId,
        name: "@everyone",
        color: 0,
        hoist: false,
        icon: null,
        unicode_emoji: null,
        position: 0,
        permissions: "1071698660929",
        managed: false,
        mentionable: false,
        flags: 0,
      },
    ],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: "en-US",
    public_updates_channel_id: null,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: "2026-01-02T15:00:00.000Z",
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [],
    presences: [],
    threads: Object.entries(input.threads ?? {}).map(([id, parent]) => ({
      id,
      type: 11,
      guild_id: input.guildId,
      parent_id: parent,
      name: "rotation talk",
      owner_id: "200000000000000001",
      last_message_id: null,
      rate_limit_per_user: 0,
      message_count: 0,
      member_count: 1,
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: "2026-01-02T15:00:00.000Z",
        locked: false,
      },
    })),
    stage_instances: [],
    guild_scheduled_events: [],
    channels: input.channelIds.map((id, position) => ({
      id,
      type: 0,
      guild_id: input.guildId,
      name: `markets-${position}`,
      position,
      permission_overwrites: [],
      parent_id: null,
      topic: null,
      nsfw: false,
      last_message_id: null,
      rate_limit_per_user: 0,
    })),
  };
}

/** MESSAGE_CREATE for an ordinary message typed in a server's channel (by a person unless `bot`). */
export function channelMessage(input: {
  content: string;
  guildId: string;
  channelId: string;
  authorId?: string;
  bot?: boolean;
  id?: string;
}) {
  const author = {
    // discord.js caches users by id: another bot must not share the person's id.
    id: input.authorId ?? (input.bot ? "200000000000000555" : "200000000000000001"),
    username: input.bot ? "other-bot" : "trader",
    discriminator: "0",
    global_name: input.bot ? null : "Trader",
    avatar: null,
    ...(input.bot ? { bot: true } : {}),
  };
  return {
    id: input.id ?? snowflake(),
    type: 0,
    channel_id: input.channelId,
    guild_id: input.guildId,
    author,
    member: { roles: [], joined_at: "2026-01-02T15:00:00.000Z", deaf: false, mute: false, flags: 0 },
    content: input.content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    flags: 0,
    components: [],
  };
}
