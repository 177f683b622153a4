/**
 * The Slack app manifest, built from the command registry: paste it into "Create an app > From a
 * manifest" and every command exists, with exactly the scopes the app uses. Pure: the script in
 * scripts/slack-manifest.ts decides where it goes.
 */
import type { AnyCommand } from "../../core/command.ts";
import { slackCommandName } from "./command-names.ts";
import { ADMIN_SCOPES, BOT_SCOPES, HISTORY_SCOPES, MESSAGE_SCOPES } from "./explain.ts";

export interface ManifestOptions {
  /** App and bot name (35 characters at most; the bot name allows a-z, 0-9, -, _ and .). */
  name?: string;
  mode: "socket" | "http";
  /** HTTP mode: the public https origin Slack posts to, e.g. https://bot.example.com. */
  publicUrl?: string;
  /** Installing into many workspaces: adds the OAuth redirect URL (needs publicUrl). */
  oauth?: boolean;
  /** SLACK_DEDUP_HISTORY: adds the history scopes that let a repeated scheduled post be found. */
  dedupHistory?: boolean;
  /** SLACK_CASHTAGS: adds the channel message events and the history scopes they need. */
  cashtags?: boolean;
}

export interface SlackManifest {
  _metadata: { major_version: 1; minor_version: 1 };
  display_information: {
    name: string;
    description: string;
    long_description: string;
    background_color: string;
  };
  features: {
    app_home: {
      home_tab_enabled: boolean;
      messages_tab_enabled: boolean;
      messages_tab_read_only_enabled: boolean;
    };
    bot_user: { display_name: string; always_online: boolean };
    slash_commands: {
      command: string;
      description: string;
      usage_hint?: string;
      should_escape: boolean;
      url?: string;
    }[];
  };
  oauth_config: { scopes: { bot: string[] }; redirect_urls?: string[] };
  settings: {
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
    /** Button presses on answers (block_actions). */
    interactivity: { is_enabled: boolean; request_url?: string };
    /** Mentions, direct messages and the App Home tab being opened. */
    event_subscriptions: { bot_events: string[]; request_url?: string };
  };
}

/** Where Bolt's HTTP receiver listens for slash commands, and its OAuth redirect path. */
export const EVENTS_PATH = "/slack/events";
export const OAUTH_REDIRECT_PATH = "/slack/oauth_redirect";

const DESCRIPTION = "Market breadth and rotation: is leadership broadening or narrowing?";
const LONG_DESCRIPTION =
  "Answers market-rotation and breadth questions from daily closes: small caps against large caps, " +
  "the average stock against the index, sector leadership, advance/decline, new highs and lows, with " +
  "a chart. Every answer names its data source, as-of time and coverage. Not investment advice.";

/**
 * The events the app listens for: a mention in a channel or thread, a direct message (message.im),
 * and the App Home tab being opened (it is then drawn for that person).
 */
export const BOT_EVENTS = ["app_home_opened", "app_mention", "message.im"] as const;

/** With cashtags: every message in the public and private channels the bot is in. */
export const CASHTAG_EVENTS = ["message.channels", "message.groups"] as const;

/**
 * Exactly the scopes the app calls: the users and channels lookups (admin-only commands, and whose
 * channels the App Home lists), the history scopes only when scheduled posts are checked against
 * the channel's history or cashtags are read from channel messages. views.publish (the App Home)
 * needs no scope.
 */
export function botScopes(
  _commands: readonly AnyCommand[],
  options: { dedupHistory?: boolean; cashtags?: boolean } = {},
): string[] {
  const history = options.dedupHistory || options.cashtags ? HISTORY_SCOPES : [];
  return [...BOT_SCOPES, ...MESSAGE_SCOPES, ...ADMIN_SCOPES, ...history];
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function buildManifest(commands: readonly AnyCommand[], options: ManifestOptions): SlackManifest {
  const name = clip(options.name ?? "rotation-bot", 35);
  let origin: string | undefined;
  if (options.publicUrl) {
    const url = new URL(options.publicUrl);
    if (url.protocol !== "https:")
      throw new Error("SLACK_PUBLIC_URL must be an https URL (Slack only calls https)");
    origin = url.origin + url.pathname.replace(/\/$/, "");
  }
  if (options.mode === "http" && !origin)
    throw new Error("HTTP mode needs SLACK_PUBLIC_URL: the https URL where Slack can reach this app");
  if (options.oauth && !origin)
    throw new Error("OAuth installs need SLACK_PUBLIC_URL: Slack redirects installers back to it");
  const requestUrl = options.mode === "http" ? `${origin}${EVENTS_PATH}` : undefined;

  const slashCommands = commands.map((c) => ({
    command: clip(slackCommandName(c.name), 32),
    description: clip(c.description, 2000),
    ...(c.usage ? { usage_hint: clip(c.usage, 1000) } : {}),
    // Users' words arrive as typed: the bot treats them as plain text, never as mentions.
    should_escape: false,
    ...(requestUrl ? { url: requestUrl } : {}),
  }));

  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description: DESCRIPTION,
      long_description: LONG_DESCRIPTION,
      background_color: "#1f3a5f",
    },
    features: {
      // The Home tab shows the workspace's subscriptions, alerts and the latest brief; the Messages
      // tab lets people use the commands privately, in a direct message with the bot.
      app_home: {
        home_tab_enabled: true,
        messages_tab_enabled: true,
        messages_tab_read_only_enabled: false,
      },
      bot_user: {
        display_name: clip(name.toLowerCase().replace(/[^a-z0-9._-]/g, "-"), 80),
        always_online: true,
      },
      slash_commands: slashCommands,
    },
    oauth_config: {
      scopes: {
        bot: botScopes(commands, {
          dedupHistory: options.dedupHistory === true,
          cashtags: options.cashtags === true,
        }),
      },
      ...(options.oauth && origin ? { redirect_urls: [`${origin}${OAUTH_REDIRECT_PATH}`] } : {}),
    },
    settings: {
      org_deploy_enabled: false,
      socket_mode_enabled: options.mode === "socket",
      token_rotation_enabled: false,
      // Buttons on answers: presses come over the socket, or to the same URL as the commands.
      interactivity: { is_enabled: true, ...(requestUrl ? { request_url: requestUrl } : {}) },
      // Events come over the socket, or to the same URL as the commands.
      event_subscriptions: {
        bot_events: [...BOT_EVENTS, ...(options.cashtags ? CASHTAG_EVENTS : [])],
        ...(requestUrl ? { request_url: requestUrl } : {}),
      },
    },
  };
}
