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
      'YAHOO_CONCURRENCY: must be a whole number, got "lots"',
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
    expect(error({ SLACK_BOT_TOKEN: "xoxb-1" }).variable).toBe("SLACK_SIGNING_SECRET");
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
    });
    expect(c.marketData).toEqual({ kind: "csv", dir: "./closes" });
  });

  it("chooses QuickChart when its URL is set", () => {
    const c = readConfig({ QUICKCHART_URL: "http://127.0.0.1:8080" });
    expect(c.charts).toMatchObject({ kind: "quickchart" });
  });
});
