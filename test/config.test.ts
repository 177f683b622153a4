import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type ConfigError, readConfig } from "../src/config.ts";

function error(env: Record<string, string>): ConfigError {
  try {
    readConfig(env);
  } catch (err) {
    return err as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("readConfig", () => {
  it("runs on defaults with no variables at all", () => {
    const c = readConfig({});
    expect(c.marketData).toEqual({ kind: "yahoo" });
    expect(c.charts).toEqual({ kind: "local" });
    expect(c.storePath).toBe("./data/rotation-bot.sqlite");
    expect(c.slack).toBeUndefined();
    expect(c.discord).toBeUndefined();
    expect(c.yahoo.batchSize).toBe(50);
  });

  it("names the variable that is wrong", () => {
    expect(error({ MARKET_DATA: "bloomberg" }).variable).toBe("MARKET_DATA");
    expect(error({ YAHOO_CONCURRENCY: "lots" }).message).toBe(
      'YAHOO_CONCURRENCY: must be a positive whole number (1 to 32), got "lots"',
    );
    expect(error({ YAHOO_BATCH_SIZE: "80" }).variable).toBe("YAHOO_BATCH_SIZE");
    expect(error({ AS_OF: "13/01/2026" }).variable).toBe("AS_OF");
    expect(error({ LOG_LEVEL: "loud" }).variable).toBe("LOG_LEVEL");
    expect(error({ CHART_RENDERER: "excel" }).variable).toBe("CHART_RENDERER");
  });

  it("never echoes a secret in its message", () => {
    const e = error({ REDIS_URL: "http://user:hunter2@host:6379" });
    expect(e.variable).toBe("REDIS_URL");
    expect(e.message).not.toContain("hunter2");
    const e2 = error({ SLACK_BOT_TOKEN: "xoxp-secret-value" });
    expect(e2.variable).toBe("SLACK_BOT_TOKEN");
    expect(e2.message).not.toContain("secret-value");
  });

  it("reads Slack in Socket Mode by default and asks for what is missing", () => {
    const c = readConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" });
    expect(c.slack).toMatchObject({ mode: "socket", apiUrl: "https://slack.com/api/" });
    // Following the Socket Mode steps with only the bot token: name the token still missing.
    const missing = error({ SLACK_BOT_TOKEN: "xoxb-1" });
    expect(missing.variable).toBe("SLACK_APP_TOKEN");
    expect(missing.message).toContain("Socket Mode, the default");
    expect(missing.message).not.toMatch(/^SLACK_SIGNING_SECRET/);
    expect(error({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_MODE: "http" }).variable).toBe("SLACK_SIGNING_SECRET");
    expect(error({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_MODE: "socket" }).variable).toBe("SLACK_APP_TOKEN");
    const http = readConfig({
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_SIGNING_SECRET: "s",
      SLACK_API_URL: "http://127.0.0.1:9/api",
    });
    expect(http.slack).toMatchObject({ mode: "http", apiUrl: "http://127.0.0.1:9/api/", port: 3000 });
  });

  it("reads SLACK_DEDUP_HISTORY (off unless set) and names it when it is not a yes or no", () => {
    const base = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" };
    expect(readConfig(base).slack?.dedupHistory).toBe(false);
    expect(readConfig({ ...base, SLACK_DEDUP_HISTORY: "true" }).slack?.dedupHistory).toBe(true);
    expect(error({ ...base, SLACK_DEDUP_HISTORY: "sometimes" }).variable).toBe("SLACK_DEDUP_HISTORY");
    expect(readConfig(base).slack?.cashtags).toBe(false);
    expect(readConfig({ ...base, SLACK_CASHTAGS: "true" }).slack?.cashtags).toBe(true);
    expect(error({ ...base, SLACK_CASHTAGS: "maybe" }).variable).toBe("SLACK_CASHTAGS");
  });

  it("reads Discord and the CSV folder", () => {
    expect(error({ DISCORD_TOKEN: "t" }).variable).toBe("DISCORD_APPLICATION_ID");
    const c = readConfig({
      DISCORD_TOKEN: "t",
      DISCORD_APPLICATION_ID: "123456789012345678",
      MARKET_DATA: "csv:./closes",
    });
    expect(c.discord).toEqual({
      token: "t",
      applicationId: "123456789012345678",
      apiUrl: "https://discord.com/api",
      shards: { count: "auto" },
    });
    expect(c.marketData).toEqual({ kind: "csv", dir: "./closes" });
  });

  it("reads DISCORD_MESSAGE_CONTENT (off unless set) and names it when it is not a yes or no", () => {
    const base = { DISCORD_TOKEN: "t", DISCORD_APPLICATION_ID: "123456789012345678" };
    expect(readConfig(base).discord?.messageContent).toBeUndefined();
    expect(readConfig({ ...base, DISCORD_MESSAGE_CONTENT: "false" }).discord?.messageContent).toBeUndefined();
    expect(readConfig({ ...base, DISCORD_MESSAGE_CONTENT: "true" }).discord?.messageContent).toBe(true);
    expect(error({ ...base, DISCORD_MESSAGE_CONTENT: "please" }).message).toBe(
      'DISCORD_MESSAGE_CONTENT: must be "true" or "false"',
    );
  });

  it("chooses QuickChart when its URL is set", () => {
    const c = readConfig({ QUICKCHART_URL: "http://127.0.0.1:8080" });
    expect(c.charts).toMatchObject({ kind: "quickchart" });
  });

  it("says what a number must be: YAHOO_TIMEOUT_MS=-5 is not a positive whole number of milliseconds", () => {
    expect(error({ YAHOO_TIMEOUT_MS: "-5" }).message).toBe(
      'YAHOO_TIMEOUT_MS: must be a positive whole number of milliseconds (500 to 120000), got "-5"',
    );
    expect(error({ YAHOO_TIMEOUT_MS: "100" }).message).toBe(
      "YAHOO_TIMEOUT_MS: must be a positive whole number of milliseconds between 500 and 120000",
    );
  });

  it("words a bad URL for what the variable takes: http(s) for YAHOO_BASE_URL, redis for REDIS_URL", () => {
    const yahoo = error({ YAHOO_BASE_URL: "ftp://proxy.local" }).message;
    expect(yahoo).toBe("YAHOO_BASE_URL: must be an absolute http(s) URL, not ftp:");
    expect(yahoo).not.toContain("redis");
    expect(error({ REDIS_URL: "http://cache:6379" }).message).toBe(
      "REDIS_URL: must be an absolute redis:// or rediss:// URL, not http:",
    );
    expect(error({ YAHOO_BASE_URL: "not a url" }).message).toContain("must be an absolute http(s) URL");
  });

  it("reads SLACK_HOST for HTTP mode and refuses what is not an address", () => {
    const env = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" };
    expect(readConfig(env).slack?.host).toBeUndefined();
    expect(readConfig({ ...env, SLACK_HOST: "127.0.0.1" }).slack?.host).toBe("127.0.0.1");
    expect(error({ ...env, SLACK_HOST: "http://x/" }).variable).toBe("SLACK_HOST");
  });

  it("GIVEN .env.example copied as it is plus QUICKCHART_URL THEN QuickChart draws (CHART_RENDERER left blank)", () => {
    const text = readFileSync(new URL("../.env.example", import.meta.url), "utf8");
    const env = Object.fromEntries(
      text
        .split("\n")
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    expect(env.CHART_RENDERER).toBe("");
    expect(readConfig(env).charts).toEqual({ kind: "local" });
    const c = readConfig({ ...env, QUICKCHART_URL: "http://127.0.0.1:8080" });
    expect(c.charts).toMatchObject({ kind: "quickchart" });
  });
});
