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
