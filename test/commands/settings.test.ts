/**
 * /settings through the real dispatcher on a real SQLite store: channel managers only, shown
 * privately, a change announced in the channel and kept per channel, clear answers for bad input.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CsvMarketData } from "../../src/adapters/csv/csv-market-data.ts";
import { createStore } from "../../src/adapters/store/create-store.ts";
import { commands } from "../../src/commands/index.ts";
import { parseSettings } from "../../src/commands/settings.ts";
import { readSettings } from "../../src/core/channel-settings.ts";
import type { Requester } from "../../src/core/command.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { UserError } from "../../src/core/errors.ts";
import { type Store, silentLogger } from "../../src/core/ports.ts";
import type { Reply } from "../../src/core/reply.ts";
import { CLOSES_DIR } from "./helpers.ts";

const NOW = Date.parse("2026-11-24T14:00:00Z");
let store: Store;

const manager = (channelId: string, platform: "slack" | "discord" = "slack"): Requester => ({
  platform,
  channelId,
  workspaceId: "T1",
  userId: "U-manager",
  isAdmin: true,
});

function ask(text: string, requester: Requester, extra: { readsMessages?: boolean } = {}): Promise<Reply> {
  const clock = { now: () => NOW };
  return dispatchText(text, {
    commands,
    market: new CsvMarketData({ dir: CLOSES_DIR, clock }),
    store,
    clock,
    logger: silentLogger,
    requester,
    ...extra,
  });
}

beforeEach(async () => {
  store = await createStore({ sqlitePath: ":memory:" }, silentLogger);
});
afterEach(async () => {
  await store.close();
});

describe("/settings", () => {
  it("parses nothing (show), cashtags on and cashtags off, in any case", () => {
    expect(parseSettings("")).toEqual({ action: "show" });
    expect(parseSettings("cashtags on")).toEqual({ action: "set", cashtags: true });
    expect(parseSettings("CashTags OFF")).toEqual({ action: "set", cashtags: false });
  });

  it.each([
    ["cashtags", /on or off/],
    ["cashtags maybe", /on or off/],
    ["cashtags on please", /on or off/],
    ["volume on", /"volume" is not a setting/],
    ["@everyone on", /That is not a setting|"everyone" is not a setting/],
  ])("refuses %j with what to type instead", (text, message) => {
    let error: unknown;
    try {
      parseSettings(text);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(message);
    expect((error as UserError).message).not.toContain("@");
    expect((error as UserError).hint).toBe("/settings cashtags on");
  });

  it("refuses someone who does not manage the channel, privately, and saves nothing", async () => {
    const reply = await ask("/settings cashtags on", { ...manager("C1"), isAdmin: false });
    expect(reply.kind).toBe("user-error");
    expect(reply.visibility).toBe("private");
    expect(reply.fallback).toContain("Only people who manage this channel can use /settings");
    expect(
      (await readSettings(store, { platform: "slack", workspaceId: "T1", channelId: "C1" })).cashtags,
    ).toBe(false);
  });

  it("shows the channel's settings privately: cashtags off until turned on", async () => {
    const reply = await ask("/settings", manager("C1"));
    expect(reply.kind).toBe("answer");
    expect(reply.visibility).toBe("private");
    expect(reply.fallback).toContain("Cashtags: off");
    expect(reply.data.settings).toEqual({ cashtags: false });
  });

  it("turns cashtags on for one channel only, says so in the channel, and shows it", async () => {
    const on = await ask("/settings cashtags on", manager("C1"));
    expect(on.visibility).toBe("public");
    expect(on.fallback).toContain("Changed: Cashtags: on");
    expect((await ask("/settings", manager("C1"))).fallback).toContain("Cashtags: on");
    expect((await ask("/settings", manager("C2"))).fallback).toContain("Cashtags: off");
    // The same channel id on the other platform is another channel.
    expect((await ask("/settings", manager("C1", "discord"))).fallback).toContain("Cashtags: off");
    expect((await ask("/settings cashtags on", manager("C1"))).fallback).toContain("Unchanged");
    const off = await ask("/settings cashtags off", manager("C1"));
    expect(off.fallback).toContain("Changed: Cashtags: off");
    expect(
      (await readSettings(store, { platform: "slack", workspaceId: "T1", channelId: "C1" })).cashtags,
    ).toBe(false);
  });

  it("on Discord without the Message Content intent, says cashtags are saved but not answered", async () => {
    const reply = await ask("/settings cashtags on", manager("D1", "discord"), { readsMessages: false });
    expect(reply.fallback).toContain("DISCORD_MESSAGE_CONTENT=true");
    const without = await ask("/settings cashtags on", manager("D2", "discord"), { readsMessages: true });
    expect(without.fallback).not.toContain("DISCORD_MESSAGE_CONTENT");
  });

  it("on Slack without SLACK_CASHTAGS, says what the operator must change", async () => {
    const reply = await ask("/settings cashtags on", manager("C9"), { readsMessages: false });
    expect(reply.fallback).toContain("SLACK_CASHTAGS=true");
    expect(reply.fallback).not.toContain("DISCORD");
  });

  it("in the terminal, says it works in a channel", async () => {
    const reply = await ask("/settings cashtags on", { platform: "cli" });
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("type it in that channel");
  });
});
