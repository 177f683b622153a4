import { describe, expect, it } from "vitest";
import { scheduleOptions } from "../src/adapters/schedule/index.ts";
import { ConfigError, readConfig } from "../src/config.ts";

describe("schedule settings", () => {
  it("defaults: scheduler on, 2 h catch-up, pause after 3 failed sessions, channel creators allowed", () => {
    expect(readConfig({}).schedule).toEqual({
      mode: "auto",
      catchUpMinutes: 120,
      pauseAfterFailures: 3,
      slackPostIntervalMs: 1000,
      discordPostIntervalMs: 100,
      allowChannelCreator: true,
      standbyRetrySeconds: 30,
      alertMaxPerSession: 10,
      alertPollSeconds: 60,
    });
  });

  it("reads every variable and turns minutes into the runner's policy", () => {
    const c = readConfig({
      SCHEDULER: "off",
      BRIEF_CATCH_UP_MINUTES: "30",
      BRIEF_PAUSE_AFTER_FAILURES: "5",
      BRIEF_SLACK_POST_INTERVAL_MS: "0",
      BRIEF_DISCORD_POST_INTERVAL_MS: "20",
      SUBSCRIBE_ALLOW_CHANNEL_CREATOR: "false",
      SCHEDULER_STANDBY_RETRY_SECONDS: "5",
      ALERT_MAX_PER_SESSION: "4",
      ALERT_POLL_SECONDS: "0",
    });
    expect(c.schedule).toMatchObject({ mode: "off", allowChannelCreator: false, standbyRetrySeconds: 5 });
    expect(scheduleOptions(c)).toEqual({
      policy: { catchUp: { catchUpMs: 30 * 60_000, lateNoteAfterMs: 5 * 60_000 }, pauseAfterFailures: 5 },
      pacing: { slackIntervalMs: 0, discordIntervalMs: 20 },
      alertPolicy: { maxPerSession: 4, pauseAfterFailures: 5 },
      alertPollSeconds: 0,
    });
  });

  it("names the variable that is wrong", () => {
    const variable = (env: Record<string, string>) => {
      try {
        readConfig(env);
      } catch (err) {
        if (err instanceof ConfigError) return err.variable;
      }
      return undefined;
    };
    expect(variable({ SCHEDULER: "cron" })).toBe("SCHEDULER");
    expect(variable({ BRIEF_CATCH_UP_MINUTES: "2h" })).toBe("BRIEF_CATCH_UP_MINUTES");
    expect(variable({ BRIEF_PAUSE_AFTER_FAILURES: "0" })).toBe("BRIEF_PAUSE_AFTER_FAILURES");
    expect(variable({ SUBSCRIBE_ALLOW_CHANNEL_CREATOR: "maybe" })).toBe("SUBSCRIBE_ALLOW_CHANNEL_CREATOR");
    expect(variable({ SCHEDULER_STANDBY_RETRY_SECONDS: "0" })).toBe("SCHEDULER_STANDBY_RETRY_SECONDS");
    expect(variable({ ALERT_MAX_PER_SESSION: "0" })).toBe("ALERT_MAX_PER_SESSION");
    expect(variable({ ALERT_POLL_SECONDS: "5" })).toBe("ALERT_POLL_SECONDS");
  });
});
