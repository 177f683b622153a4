/**
 * Every setting the bot reads, validated once at start. A bad value fails fast with the name of
 * the variable and what it should look like; secrets are never echoed.
 */
import { ConfigError } from "./config-error.ts";
import { type DiscordShards, readDiscordShards } from "./config-shards.ts";
import { isIsoDate } from "./core/market/time.ts";

export { ConfigError };
export type { DiscordShards };

export type MarketDataConfig = { kind: "yahoo" } | { kind: "csv"; dir: string };

export interface Config {
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  marketData: MarketDataConfig;
  /** Compute everything as at this session's close (YYYY-MM-DD). */
  asOf?: string;
  /** SQLite file of the embedded store. */
  storePath: string;
  /** Use Redis instead of the SQLite file (several bot processes sharing one store). */
  redisUrl?: string;
  charts: { kind: "local" } | { kind: "quickchart"; url: URL; apiKey?: string };
  outDir: string;
  yahoo: { concurrency: number; timeoutMs: number; retries: number; batchSize: number };
  /** Every command's overall deadline (ms), and the longer one of breadth, the brief and scheduled runs. */
  deadlines: { commandMs: number; longMs: number };
  /** Send Yahoo requests through this base URL (an enterprise proxy or a test double). */
  yahooBaseUrl?: string;
  slack?: SlackConfig;
  discord?: DiscordConfig;
  holdings: { RUT: string; SPX: string; NDX: string };
  /** Local member-list files by index alias; they win over the holdings URLs. */
  membersFiles: { RUT?: string; SPX?: string; NDX?: string };
  schedule: ScheduleConfig;
  ops: OpsConfig;
}

/** Running as a service: the metrics and health port, and shutdown. */
export interface OpsConfig {
  /** Serve /metrics, /health and /ready on this port; off when absent. */
  metricsPort?: number;
  /** The address that port binds (default 127.0.0.1: this machine only). */
  metricsHost: string;
  /** After SIGTERM, how long answers under way may take before the process stops anyway. */
  shutdownGraceMs: number;
  /** After SIGTERM, how long /ready reports not ready while work is still taken (load balancers). */
  shutdownDrainMs: number;
}

/** The morning-brief scheduler and subscriptions. */
export interface ScheduleConfig {
  /** "off" starts no scheduler in this process; "auto" picks BullMQ with REDIS_URL, else croner. */
  mode: "auto" | "off";
  /** A post missed by less than this is sent late with a note; older ones are skipped and logged. */
  catchUpMinutes: number;
  /** Failed sessions in a row after which a channel's subscription is paused. */
  pauseAfterFailures: number;
  /** Least time between two scheduled posts in one Slack workspace. */
  slackPostIntervalMs: number;
  /** Least time between two scheduled posts on Discord (its rate limit is per bot). */
  discordPostIntervalMs: number;
  /** Slack: the channel's creator may manage its subscriptions, besides workspace admins and owners. */
  allowChannelCreator: boolean;
  /** A process whose SQLite store another process schedules from tries to take over this often. */
  standbyRetrySeconds: number;
  /** Alerts: posts a channel gets for one session before the rest go into one summary line. */
  alertMaxPerSession: number;
  /** Seconds between live-quote polls for level crossings during NYSE hours; 0: after the close. */
  alertPollSeconds: number;
}

export interface SlackConfig {
  botToken?: string;
  appToken?: string;
  signingSecret?: string;
  mode: "socket" | "http";
  port: number;
  /** HTTP mode: the address to listen on; every interface when unset. */
  host?: string;
  apiUrl: string;
  oauth?: { clientId: string; clientSecret: string; stateSecret: string };
  /**
   * Before posting a scheduled brief again (an earlier attempt may have gone through), look for it
   * in the channel's history: needs channels:history and groups:history (SLACK_DEDUP_HISTORY).
   */
  dedupHistory?: boolean;
  /**
   * SLACK_CASHTAGS: the app is subscribed to channel messages (message.channels, message.groups;
   * scopes channels:history, groups:history) and answers cashtags where a channel turned them on.
   */
  cashtags?: boolean;
}

export interface DiscordConfig {
  token: string;
  applicationId: string;
  apiUrl: string;
  /** Gateway shards (DISCORD_SHARDS, DISCORD_SHARD_IDS); absent: auto. */
  shards?: DiscordShards;
  /**
   * DISCORD_MESSAGE_CONTENT: ask for the GuildMessages and the privileged Message Content intents,
   * so cashtags in ordinary messages can be answered. Off by default: the gateway refuses a
   * privileged intent the Developer Portal has not enabled (close code 4014).
   */
  messageContent?: boolean;
}

type Env = Record<string, string | undefined>;

function get(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v === "" ? undefined : v;
}

/** `unit` names what the number counts ("milliseconds"), for the message. */
function int(env: Env, name: string, fallback: number, min: number, max: number, unit?: string): number {
  const raw = get(env, name);
  if (raw === undefined) return fallback;
  const what = `${min > 0 ? "a positive" : "a"} whole number${unit ? ` of ${unit}` : ""}`;
  if (!/^\d+$/.test(raw))
    throw new ConfigError(name, `must be ${what} (${min} to ${max}), got "${raw.slice(0, 40)}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(name, `must be ${what} between ${min} and ${max}`);
  return n;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = get(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (["true", "yes", "1", "on"].includes(raw)) return true;
  if (["false", "no", "0", "off"].includes(raw)) return false;
  throw new ConfigError(name, 'must be "true" or "false"');
}

interface UrlRules {
  /** Schemes accepted, e.g. ["http:", "https:"] (the default). */
  schemes?: readonly string[];
  /**
   * What a user name or password in the URL means: "basic" sends them as Basic authentication
   * (the URL is fetched by our own code), "refuse" stops at start (a library makes the requests).
   */
  credentials?: "basic" | "refuse";
}

function url(env: Env, name: string, fallback?: string, rules: UrlRules = {}): URL | undefined {
  const raw = get(env, name) ?? fallback;
  if (raw === undefined) return undefined;
  const schemes = rules.schemes ?? ["http:", "https:"];
  const kinds = schemes.includes("redis:") ? "redis:// or rediss://" : "http(s)";
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    // Never echo the value: URLs can carry credentials.
    throw new ConfigError(name, `must be an absolute ${kinds} URL, e.g. ${schemes[0]}//host:port`);
  }
  if (!schemes.includes(u.protocol))
    throw new ConfigError(name, `must be an absolute ${kinds} URL, not ${u.protocol.replace(/:$/, "")}:`);
  if ((u.username || u.password) && rules.credentials === "refuse")
    throw new ConfigError(
      name,
      "must not carry a user name or password (user:password@): this URL is used by a library that cannot send them safely",
    );
  return u;
}

function token(env: Env, name: string, prefix: string): string | undefined {
  const v = get(env, name);
  if (v !== undefined && !v.startsWith(prefix))
    throw new ConfigError(name, `should start with "${prefix}" (check you pasted the right token)`);
  return v;
}

const BASIC: UrlRules = { credentials: "basic" };

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export const DEFAULT_HOLDINGS = {
  RUT: "https://www.ishares.com/us/products/239710/ishares-russell-2000-etf/1467271812596.ajax?fileType=csv&fileName=IWM_holdings&dataType=fund",
  SPX: "https://www.ishares.com/us/products/239726/ishares-core-sp-500-etf/1467271812596.ajax?fileType=csv&fileName=IVV_holdings&dataType=fund",
  // Invesco's holdings download for QQQ, the fund that tracks the Nasdaq-100.
  NDX: "https://www.invesco.com/us/financial-products/etfs/holdings/main/holdings/0?audienceType=Investor&action=download&ticker=QQQ",
};

export function readConfig(env: Env = process.env): Config {
  const logLevel = (get(env, "LOG_LEVEL") ?? "info").toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    throw new ConfigError("LOG_LEVEL", `must be one of ${LOG_LEVELS.join(", ")}`);

  const md = get(env, "MARKET_DATA") ?? "yahoo";
  let marketData: MarketDataConfig;
  if (md === "yahoo") marketData = { kind: "yahoo" };
  else if (md.startsWith("csv:") && md.length > 4) marketData = { kind: "csv", dir: md.slice(4) };
  else throw new ConfigError("MARKET_DATA", 'must be "yahoo" or "csv:<folder>", e.g. csv:./closes');

  const asOf = get(env, "AS_OF");
  if (asOf !== undefined && !isIsoDate(asOf))
    throw new ConfigError("AS_OF", "must be a date written YYYY-MM-DD");

  const quickchart = url(env, "QUICKCHART_URL", undefined, { credentials: "refuse" });
  const renderer = get(env, "CHART_RENDERER") ?? (quickchart ? "quickchart" : "local");
  let charts: Config["charts"];
  if (renderer === "local") charts = { kind: "local" };
  else if (renderer === "quickchart") {
    const apiKey = get(env, "QUICKCHART_API_KEY");
    charts = {
      kind: "quickchart",
      url: quickchart ?? new URL("https://quickchart.io"),
      ...(apiKey ? { apiKey } : {}),
    };
  } else throw new ConfigError("CHART_RENDERER", 'must be "local" or "quickchart"');

  const redis = url(env, "REDIS_URL", undefined, { schemes: ["redis:", "rediss:"] });

  const config: Config = {
    logLevel: logLevel as Config["logLevel"],
    marketData,
    storePath: get(env, "STORE_PATH") ?? "./data/rotation-bot.sqlite",
    charts,
    outDir: get(env, "OUT_DIR") ?? "./out",
    yahoo: {
      concurrency: int(env, "YAHOO_CONCURRENCY", 4, 1, 32),
      timeoutMs: int(env, "YAHOO_TIMEOUT_MS", 10_000, 500, 120_000, "milliseconds"),
      retries: int(env, "YAHOO_RETRIES", 3, 0, 10),
      batchSize: int(env, "YAHOO_BATCH_SIZE", 50, 1, 50),
    },
    deadlines: readDeadlines(env),
    holdings: {
      // user:password@ in these is sent as Basic authentication (see adapters/http/url-credentials.ts).
      RUT: url(env, "HOLDINGS_URL_RUT", DEFAULT_HOLDINGS.RUT, BASIC)?.href ?? DEFAULT_HOLDINGS.RUT,
      SPX: url(env, "HOLDINGS_URL_SPX", DEFAULT_HOLDINGS.SPX, BASIC)?.href ?? DEFAULT_HOLDINGS.SPX,
      NDX: url(env, "HOLDINGS_URL_NDX", DEFAULT_HOLDINGS.NDX, BASIC)?.href ?? DEFAULT_HOLDINGS.NDX,
    },
    membersFiles: Object.fromEntries(
      (["RUT", "SPX", "NDX"] as const).flatMap((a) => {
        const file = get(env, `MEMBERS_FILE_${a}`);
        return file ? [[a, file]] : [];
      }),
    ),
    schedule: readSchedule(env),
    ops: readOps(env),
    ...(asOf ? { asOf } : {}),
    ...(redis ? { redisUrl: redis.href } : {}),
  };
  const yahooBase = url(env, "YAHOO_BASE_URL", undefined, BASIC);
  if (yahooBase) config.yahooBaseUrl = yahooBase.href.replace(/\/$/, "");

  const slack = readSlack(env);
  if (slack) config.slack = slack;
  const discord = readDiscord(env);
  if (discord) config.discord = discord;
  return config;
}

function readDeadlines(env: Env): Config["deadlines"] {
  const commandMs = int(env, "COMMAND_DEADLINE_MS", 15_000, 100, 600_000);
  const longMs = int(env, "COMMAND_DEADLINE_LONG_MS", Math.max(120_000, commandMs), 100, 3_600_000);
  if (longMs < commandMs)
    throw new ConfigError("COMMAND_DEADLINE_LONG_MS", `must be at least COMMAND_DEADLINE_MS (${commandMs})`);
  return { commandMs, longMs };
}

function readSchedule(env: Env): ScheduleConfig {
  const mode = (get(env, "SCHEDULER") ?? "auto").toLowerCase();
  if (mode !== "auto" && mode !== "off") throw new ConfigError("SCHEDULER", 'must be "auto" or "off"');
  return {
    mode,
    catchUpMinutes: int(env, "BRIEF_CATCH_UP_MINUTES", 120, 0, 1440, "minutes"),
    pauseAfterFailures: int(env, "BRIEF_PAUSE_AFTER_FAILURES", 3, 1, 100),
    slackPostIntervalMs: int(env, "BRIEF_SLACK_POST_INTERVAL_MS", 1000, 0, 60_000, "milliseconds"),
    discordPostIntervalMs: int(env, "BRIEF_DISCORD_POST_INTERVAL_MS", 100, 0, 60_000, "milliseconds"),
    allowChannelCreator: bool(env, "SUBSCRIBE_ALLOW_CHANNEL_CREATOR", true),
    standbyRetrySeconds: int(env, "SCHEDULER_STANDBY_RETRY_SECONDS", 30, 1, 3600),
    alertMaxPerSession: int(env, "ALERT_MAX_PER_SESSION", 10, 1, 100),
    alertPollSeconds: pollSeconds(env),
  };
}

function readOps(env: Env): OpsConfig {
  const host = get(env, "METRICS_HOST") ?? "127.0.0.1";
  if (!/^[A-Za-z0-9.:-]+$/.test(host) || host.length > 253)
    throw new ConfigError("METRICS_HOST", "must be an address or host name, e.g. 127.0.0.1 or 0.0.0.0");
  const port = get(env, "METRICS_PORT");
  return {
    ...(port !== undefined ? { metricsPort: int(env, "METRICS_PORT", 0, 0, 65535) } : {}),
    metricsHost: host,
    shutdownGraceMs: int(env, "SHUTDOWN_GRACE_MS", 10_000, 0, 600_000),
    shutdownDrainMs: int(env, "SHUTDOWN_DRAIN_MS", 0, 0, 600_000),
  };
}

/** ALERT_POLL_SECONDS: 0 (after the close only) or 10 to 3600, default 60. */
function pollSeconds(env: Env): number {
  const n = int(env, "ALERT_POLL_SECONDS", 60, 0, 3600);
  if (n > 0 && n < 10)
    throw new ConfigError("ALERT_POLL_SECONDS", "must be 0 (no live polling) or from 10 to 3600 seconds");
  return n;
}

function readSlack(env: Env): SlackConfig | undefined {
  const botToken = token(env, "SLACK_BOT_TOKEN", "xoxb-");
  const appToken = token(env, "SLACK_APP_TOKEN", "xapp-");
  const signingSecret = get(env, "SLACK_SIGNING_SECRET");
  const clientId = get(env, "SLACK_CLIENT_ID");
  if (!botToken && !appToken && !clientId) return undefined;
  // Socket Mode is the default (the README's steps); a signing secret or OAuth without an app
  // token means HTTP mode.
  const impliedHttp = !appToken && (signingSecret !== undefined || clientId !== undefined);
  const mode = (get(env, "SLACK_MODE") ?? (impliedHttp ? "http" : "socket")).toLowerCase();
  if (mode !== "socket" && mode !== "http") throw new ConfigError("SLACK_MODE", 'must be "socket" or "http"');
  if (mode === "socket" && !appToken)
    throw new ConfigError(
      "SLACK_APP_TOKEN",
      "is needed for Socket Mode, the default: an app-level xapp- token with connections:write (Basic Information > App-Level Tokens). For HTTP mode instead, set SLACK_MODE=http and SLACK_SIGNING_SECRET",
    );
  if (mode === "http" && !signingSecret)
    throw new ConfigError("SLACK_SIGNING_SECRET", "is needed in HTTP mode (Basic Information page)");
  let oauth: SlackConfig["oauth"];
  if (clientId) {
    const clientSecret = get(env, "SLACK_CLIENT_SECRET");
    const stateSecret = get(env, "SLACK_STATE_SECRET");
    if (!clientSecret) throw new ConfigError("SLACK_CLIENT_SECRET", "is needed with SLACK_CLIENT_ID");
    if (!stateSecret)
      throw new ConfigError("SLACK_STATE_SECRET", "is needed with SLACK_CLIENT_ID (any long random string)");
    oauth = { clientId, clientSecret, stateSecret };
  } else if (!botToken) {
    throw new ConfigError("SLACK_BOT_TOKEN", "is needed (an xoxb- token), or set SLACK_CLIENT_ID for OAuth");
  }
  const host = get(env, "SLACK_HOST");
  if (host !== undefined && !/^(\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:.]+|[A-Za-z0-9.-]+)$/.test(host))
    throw new ConfigError("SLACK_HOST", "must be an address to listen on, e.g. 127.0.0.1 or 0.0.0.0");
  const apiUrl =
    url(env, "SLACK_API_URL", "https://slack.com/api/", { credentials: "refuse" })?.href ??
    "https://slack.com/api/";
  return {
    mode,
    port: int(env, "SLACK_PORT", 3000, 0, 65535),
    dedupHistory: bool(env, "SLACK_DEDUP_HISTORY", false),
    cashtags: bool(env, "SLACK_CASHTAGS", false),
    ...(host ? { host } : {}),
    apiUrl: apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/`,
    ...(botToken ? { botToken } : {}),
    ...(appToken ? { appToken } : {}),
    ...(signingSecret ? { signingSecret } : {}),
    ...(oauth ? { oauth } : {}),
  };
}

function readDiscord(env: Env): DiscordConfig | undefined {
  const tokenValue = get(env, "DISCORD_TOKEN");
  if (!tokenValue) return undefined;
  const applicationId = get(env, "DISCORD_APPLICATION_ID");
  if (!applicationId)
    throw new ConfigError(
      "DISCORD_APPLICATION_ID",
      "is needed with DISCORD_TOKEN (General Information page)",
    );
  if (!/^\d{15,22}$/.test(applicationId))
    throw new ConfigError("DISCORD_APPLICATION_ID", "must be the numeric application id");
  const apiUrl =
    url(env, "DISCORD_API_URL", "https://discord.com/api", { credentials: "refuse" })?.href ??
    "https://discord.com/api";
  const messageContent = bool(env, "DISCORD_MESSAGE_CONTENT", false);
  return {
    token: tokenValue,
    applicationId,
    apiUrl: apiUrl.replace(/\/$/, ""),
    shards: readDiscordShards(env),
    ...(messageContent ? { messageContent } : {}),
  };
}
