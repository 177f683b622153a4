/**
 * GIVEN the command registry THEN the generated manifest declares every command, its usage hint,
 * exactly the scopes the app calls, and the transport that was asked for.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildManifest } from "../../../src/adapters/slack/manifest.ts";
import { commands } from "../../../src/commands/index.ts";

describe("Slack app manifest", () => {
  it("lists every registry command with its description and usage hint", () => {
    const m = buildManifest(commands, { mode: "socket" });
    // Slack keeps /status for itself: ours is /rotation-status there.
    const slackName = (name: string) => (name === "status" ? "/rotation-status" : `/${name}`);
    expect(m.features.slash_commands.map((c) => c.command)).toEqual(commands.map((c) => slackName(c.name)));
    expect(m.features.slash_commands.map((c) => c.command)).not.toContain("/status");
    for (const c of commands) {
      const entry = m.features.slash_commands.find((s) => s.command === slackName(c.name));
      expect(entry?.description).toBe(c.description);
      if (c.usage) expect(entry?.usage_hint).toBe(c.usage);
      expect(entry?.url).toBeUndefined();
    }
  });

  it("asks for exactly the scopes the app uses and enables Socket Mode by default", () => {
    const m = buildManifest(commands, { mode: "socket" });
    const expected = [
      "chat:write",
      "commands",
      "files:write",
      // Mentions (app_mention) and direct messages (message.im).
      "app_mentions:read",
      "im:history",
      // Admin-only commands, and the channels the App Home may show a person.
      "users:read",
      "channels:read",
      "groups:read",
    ];
    expect([...m.oauth_config.scopes.bot].sort()).toEqual(expected.sort());
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.settings.interactivity).toEqual({ is_enabled: true });
    expect(m.settings.event_subscriptions).toEqual({
      bot_events: ["app_home_opened", "app_mention", "message.im"],
    });
    expect(m.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
    expect(m.oauth_config.redirect_urls).toBeUndefined();
  });

  it("adds the history scopes only when scheduled posts are checked against history", () => {
    const without = buildManifest(commands, { mode: "socket" }).oauth_config.scopes.bot;
    expect(without).not.toContain("channels:history");
    expect(without).not.toContain("groups:history");
    const withHistory = buildManifest(commands, { mode: "socket", dedupHistory: true }).oauth_config.scopes
      .bot;
    expect([...withHistory].sort()).toEqual([...without, "channels:history", "groups:history"].sort());
  });

  it("in HTTP mode points every command at the public URL's events path", () => {
    const m = buildManifest(commands, { mode: "http", publicUrl: "https://bot.example.com/", oauth: true });
    expect(m.settings.socket_mode_enabled).toBe(false);
    // Button presses go to the same request URL as the commands.
    expect(m.settings.interactivity).toEqual({
      is_enabled: true,
      request_url: m.features.slash_commands[0]?.url,
    });
    // Events too.
    expect(m.settings.event_subscriptions.request_url).toBe("https://bot.example.com/slack/events");
    expect(new Set(m.features.slash_commands.map((c) => c.url))).toEqual(
      new Set(["https://bot.example.com/slack/events"]),
    );
    expect(m.oauth_config.redirect_urls).toEqual(["https://bot.example.com/slack/oauth_redirect"]);
  });

  it("refuses HTTP mode without a public https URL, naming the variable", () => {
    expect(() => buildManifest(commands, { mode: "http" })).toThrow(/SLACK_PUBLIC_URL/);
    expect(() => buildManifest(commands, { mode: "http", publicUrl: "http://bot.example.com" })).toThrow(
      /https/,
    );
  });

  it("keeps within Slack's field limits", () => {
    const m = buildManifest(commands, {
      mode: "socket",
      name: "A very long application name that exceeds the limit",
    });
    expect(m.display_information.name.length).toBeLessThanOrEqual(35);
    expect(m.display_information.description.length).toBeLessThanOrEqual(140);
    expect(m.features.bot_user.display_name).toMatch(/^[a-z0-9._-]{1,80}$/);
    for (const c of m.features.slash_commands) expect(c.command.length).toBeLessThanOrEqual(32);
  });

  it("the script prints the same manifest with --stdout", () => {
    const script = fileURLToPath(new URL("../../../scripts/slack-manifest.ts", import.meta.url));
    const out = execFileSync(process.execPath, [script, "--stdout", "--socket"], {
      env: { PATH: process.env.PATH ?? "" },
      // A folder with no .env, so local settings cannot change the result.
      cwd: mkdtempSync(join(tmpdir(), "manifest-")),
      encoding: "utf8",
    });
    expect(JSON.parse(out)).toEqual(buildManifest(commands, { mode: "socket" }));
  });

  it("the script adds the history scopes with SLACK_DEDUP_HISTORY=true, and cashtags with SLACK_CASHTAGS=true", () => {
    const script = fileURLToPath(new URL("../../../scripts/slack-manifest.ts", import.meta.url));
    const out = execFileSync(process.execPath, [script, "--stdout", "--socket"], {
      env: { PATH: process.env.PATH ?? "", SLACK_DEDUP_HISTORY: "true", SLACK_CASHTAGS: "true" },
      cwd: mkdtempSync(join(tmpdir(), "manifest-")),
      encoding: "utf8",
    });
    expect(JSON.parse(out)).toEqual(
      buildManifest(commands, { mode: "socket", dedupHistory: true, cashtags: true }),
    );
  });

  it("with cashtags, subscribes to channel messages and asks for the history scopes they need, nothing more", () => {
    const without = buildManifest(commands, { mode: "http", publicUrl: "https://bot.example.com" });
    const m = buildManifest(commands, { mode: "http", publicUrl: "https://bot.example.com", cashtags: true });
    expect(m.settings.event_subscriptions.bot_events).toEqual([
      ...without.settings.event_subscriptions.bot_events,
      "message.channels",
      "message.groups",
    ]);
    expect(m.settings.event_subscriptions.request_url).toBe("https://bot.example.com/slack/events");
    expect([...m.oauth_config.scopes.bot].sort()).toEqual(
      [...without.oauth_config.scopes.bot, "channels:history", "groups:history"].sort(),
    );
    // With the history check too, each scope is asked for once.
    const both = buildManifest(commands, { mode: "socket", cashtags: true, dedupHistory: true });
    expect(new Set(both.oauth_config.scopes.bot).size).toBe(both.oauth_config.scopes.bot.length);
    expect(without.settings.event_subscriptions.bot_events).not.toContain("message.channels");
  });
});
