/**
 * GIVEN /alert, a command whose first option says what to do THEN Discord gets a required action
 * choice, a kind choice, a free-text argument with instrument completions and a number, and the
 * values come back as the text /alert parses; Slack's manifest carries its usage hint.
 */
import { describe, expect, it } from "vitest";
import { suggest } from "../../../src/adapters/discord/autocomplete.ts";
import { commandPayload, optionsToText } from "../../../src/adapters/discord/registration.ts";
import { buildManifest } from "../../../src/adapters/slack/manifest.ts";
import { alert } from "../../../src/commands/alert.ts";
import { parseAlert } from "../../../src/commands/alerts/parse.ts";
import { commands } from "../../../src/commands/index.ts";

describe("/alert on Discord and Slack", () => {
  it("registers the action first and required, every kind as a choice, and visible to everyone", () => {
    const p = commandPayload(alert);
    const opts = p.options as {
      name: string;
      required?: boolean;
      choices?: { value: string }[];
      autocomplete?: boolean;
    }[];
    expect(opts.map((o) => o.name)).toEqual(["action", "kind", "args", "number"]);
    expect(opts[0]?.required).toBe(true);
    expect(opts[0]?.choices?.map((c) => c.value)).toEqual(["add", "list", "remove", "test", "resume"]);
    expect(opts[1]?.choices?.map((c) => c.value)).toEqual([
      "record",
      "cross",
      "line",
      "spread",
      "participation",
      "mcclellan",
      "thrust",
    ]);
    expect(opts[2]?.autocomplete).toBe(true);
    // list and test are for everyone; add and remove check Manage Channels when used.
    expect(p.default_member_permissions).toBeNull();
  });

  it("joins the options back into text that parses", () => {
    const values: Record<string, string | number> = { action: "add", kind: "spread", args: "RUT SPX 5d 300" };
    const text = optionsToText(alert, (name) => values[name]);
    expect(text).toBe("add spread RUT SPX 5d 300");
    expect(parseAlert(text)).toEqual({
      action: "add",
      spec: { kind: "spread", a: "^RUT", b: "^GSPC", sessions: 5, thresholdBp: 300 },
    });
    expect(parseAlert(optionsToText(alert, (name) => ({ action: "remove", number: 3 })[name]))).toEqual({
      action: "remove",
      id: 3,
    });
  });

  it("completes tickers in the args option", () => {
    const args = alert.options.find((o) => o.name === "args");
    expect(args && suggest(args, "IW").map((s) => s.value)).toContain("IWM");
  });

  it("gives Slack a usage hint and the scope to check who manages a channel", () => {
    const m = buildManifest(commands, { mode: "socket" });
    const cmd = m.features.slash_commands.find((c) => c.command === "/alert");
    expect(cmd?.usage_hint).toBe(alert.usage);
    expect(m.oauth_config.scopes.bot).toContain("users:read");
  });
});
