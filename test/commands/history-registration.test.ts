/** /history as Slack, Discord and /help see it: generated from the registry like every command. */
import { describe, expect, it } from "vitest";
import { commands } from "../../src/commands/index.ts";
import { parseHistoryArgs } from "../../src/commands/views/history-args.ts";
import { suggest } from "../../src/adapters/discord/autocomplete.ts";
import { commandPayload, optionsToText } from "../../src/adapters/discord/registration.ts";
import { buildManifest } from "../../src/adapters/slack/manifest.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { csvContext } from "./helpers.ts";

const history = commands.find((c) => c.name === "history");

describe("/history registrations", () => {
  it("a Slack slash command with its usage hint", () => {
    const manifest = buildManifest(commands, { mode: "socket" });
    const entry = manifest.features.slash_commands.find((c) => c.command === "/history");
    expect(entry?.usage_hint).toBe("[rotation | TICKER TICKER] [sessions] [level bp]");
    expect(entry?.description.length).toBeLessThanOrEqual(100);
  });

  it("Discord options: the pair with ticker completions, the window as a bounded integer, the level", () => {
    if (!history) throw new Error("no /history");
    const payload = commandPayload(history);
    expect(payload.options?.map((o) => [o.name, o.type])).toEqual([
      ["pair", 3],
      ["sessions", 4],
      ["level", 3],
    ]);
    expect(payload.options?.[0]).toMatchObject({ autocomplete: true, required: false });
    expect(payload.options?.[1]).toMatchObject({ min_value: 1, max_value: 252 });
    const pair = history.options[0];
    if (!pair) throw new Error("no pair option");
    expect(suggest(pair, "IWM S").map((s) => s.value)).toContain("IWM SPY");
  });

  it("Discord's option values read back as the typed text would", () => {
    if (!history) throw new Error("no /history");
    const text = (values: Record<string, string | number>) => optionsToText(history, (name) => values[name]);
    expect(parseHistoryArgs(text({ pair: "IWM SPY", sessions: 63, level: "+300" }))).toEqual({
      a: "IWM",
      b: "SPY",
      rotation: false,
      n: 63,
      levelBp: 300,
    });
    // Only a level: being signed, it is not read as the window.
    expect(parseHistoryArgs(text({ level: "-250" }))).toMatchObject({ rotation: true, n: 21, levelBp: -250 });
    // An unsigned level in its own box is still the level (Discord passes it as "150bp").
    expect(parseHistoryArgs(text({ level: "150" }))).toMatchObject({ rotation: true, n: 21, levelBp: 150 });
    expect(parseHistoryArgs(text({ sessions: 63, level: "400" }))).toMatchObject({ n: 63, levelBp: 400 });
    expect(parseHistoryArgs(text({ level: "500bp" }))).toMatchObject({ n: 21, levelBp: 500 });
    expect(parseHistoryArgs(text({ sessions: 5 }))).toMatchObject({ rotation: true, n: 5 });
  });

  it("/help history explains it", async () => {
    const reply = await dispatchText("/help history", csvContext("2026-01-13"));
    expect(reply.fallback).toContain("/history [rotation | TICKER TICKER] [sessions] [level bp]");
    expect(reply.fallback).toContain("/history RSP SPY 21 +300");
  });
});
