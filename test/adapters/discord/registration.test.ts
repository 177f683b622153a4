/** GIVEN the command registry THEN the Discord registration holds every command with typed options. */
import { ApplicationCommandOptionType, SlashCommandBuilder } from "discord.js";
import { describe, expect, it } from "vitest";
import {
  CHANNEL_POST_PERMISSIONS,
  commandPayload,
  commandPayloads,
  discordName,
  inviteUrl,
  optionsToText,
  type RegistrableCommand,
} from "../../../src/adapters/discord/registration.ts";
import { commands } from "../../../src/commands/index.ts";
import { settings } from "../../../src/commands/settings.ts";
import { defineCommand, type OptionSpec } from "../../../src/core/command.ts";
import { makeReply } from "../../../src/core/reply.ts";

const STRING = 3;
const INTEGER = 4;

function fixture(options: OptionSpec[], extra: Partial<RegistrableCommand> = {}): RegistrableCommand {
  return {
    ...defineCommand<{ text: string }>({
      name: "breadth",
      description: "Breadth of an index",
      usage: "[index] [days]",
      examples: ["/breadth RUT"],
      options,
      parse: (text) => ({ text }),
      run: async () => makeReply([], {}),
    }),
    ...extra,
  };
}

describe("registration payload", () => {
  it("holds every registry command, each with a description and its options in typed form", () => {
    const payloads = commandPayloads(commands);
    expect(payloads.map((p) => p.name)).toEqual(commands.map((c) => c.name));
    for (const [i, p] of payloads.entries()) {
      const command = commands[i];
      expect(p.type).toBe(1);
      expect(p.description.length).toBeGreaterThan(0);
      expect(p.description.length).toBeLessThanOrEqual(100);
      expect(p.options?.map((o) => o.name).sort()).toEqual(command?.options.map((o) => o.name).sort());
      for (const o of p.options ?? []) expect([STRING, INTEGER]).toContain(o.type);
      // Admin-only commands (subscriptions) are for channel managers, in servers only.
      expect(p.default_member_permissions).toBe(command?.admin ? (1n << 4n).toString() : null);
      expect(p.contexts).toEqual(command?.admin ? [0] : [0, 1]);
    }
  });

  it("gives /quote a required string of tickers with autocomplete, /rotation an autocompleted period", () => {
    const payloads = commandPayloads(commands);
    const quote = payloads.find((p) => p.name === "quote");
    expect(quote?.options?.[0]).toMatchObject({
      name: "tickers",
      type: STRING,
      required: true,
      autocomplete: true,
    });
    const rotation = payloads.find((p) => p.name === "rotation");
    expect(rotation?.options?.[0]).toMatchObject({
      name: "period",
      type: STRING,
      required: false,
      autocomplete: true,
    });
  });

  it("passes discord.js's own validation of slash commands (names, lengths, choices, bounds)", () => {
    const extra = commandPayload(
      fixture([
        {
          name: "index",
          description: "i",
          type: "choice",
          choices: [{ value: "RUT", label: "Russell 2000" }],
        },
        { name: "days", description: "d", type: "integer", min: 1, max: 252, required: true },
        { name: "tickers", description: "t", type: "tickers" },
      ]),
    );
    for (const p of [...commandPayloads(commands), extra]) {
      const builder = new SlashCommandBuilder().setName(p.name).setDescription(p.description);
      for (const o of p.options ?? []) {
        if (o.type === ApplicationCommandOptionType.Integer)
          builder.addIntegerOption((s) => {
            s.setName(o.name)
              .setDescription(o.description)
              .setRequired(o.required ?? false);
            if (o.min_value !== undefined) s.setMinValue(o.min_value);
            if (o.max_value !== undefined) s.setMaxValue(o.max_value);
            return s;
          });
        else if (o.type === ApplicationCommandOptionType.String)
          builder.addStringOption((s) => {
            s.setName(o.name)
              .setDescription(o.description)
              .setRequired(o.required ?? false);
            if (o.max_length !== undefined) s.setMaxLength(o.max_length);
            if (o.autocomplete) s.setAutocomplete(true);
            else if (o.choices) s.addChoices(...o.choices);
            return s;
          });
        else throw new Error(`unexpected option type ${o.type}`);
      }
      expect(() => builder.toJSON()).not.toThrow();
    }
  });

  it("maps choices, integers with bounds, and puts required options first", () => {
    const p = commandPayload(
      fixture([
        {
          name: "index",
          description: "Which index",
          type: "choice",
          choices: [
            { value: "RUT", label: "Russell 2000" },
            { value: "SPX", label: "S&P 500" },
          ],
        },
        { name: "days", description: "Sessions", type: "integer", min: 1, max: 252, required: true },
      ]),
    );
    expect(p.options?.map((o) => o.name)).toEqual(["days", "index"]);
    expect(p.options?.[0]).toMatchObject({ type: INTEGER, min_value: 1, max_value: 252, required: true });
    expect(p.options?.[1]).toMatchObject({
      type: STRING,
      choices: [
        { name: "Russell 2000", value: "RUT" },
        { name: "S&P 500", value: "SPX" },
      ],
    });
  });

  it("offers more than 25 choices through autocomplete, since Discord lists at most 25", () => {
    const choices = Array.from({ length: 30 }, (_, i) => ({ value: `c${i}`, label: `Choice ${i}` }));
    const [option] =
      commandPayload(fixture([{ name: "pick", description: "x", type: "choice", choices }])).options ?? [];
    expect(option).toMatchObject({ type: STRING, autocomplete: true });
    expect(option && "choices" in option ? option.choices : undefined).toBeUndefined();
  });

  it("restricts admin commands to channel managers (Manage Channels), in servers only", () => {
    const p = commandPayload(fixture([], { admin: true }));
    expect(p.default_member_permissions).toBe((1n << 4n).toString());
    expect(p.contexts).toEqual([0]);
  });

  it("registers /settings for channel managers, with its setting and on/off as choices", () => {
    const p = commandPayload(settings);
    expect(p.name).toBe("settings");
    expect(p.default_member_permissions).toBe((1n << 4n).toString());
    expect(p.options).toEqual([
      expect.objectContaining({
        name: "setting",
        required: false,
        choices: [expect.objectContaining({ value: "cashtags" })],
      }),
      expect.objectContaining({
        name: "value",
        required: false,
        choices: [
          { name: "on", value: "on" },
          { name: "off", value: "off" },
        ],
      }),
    ]);
    expect(optionsToText(settings, (n) => ({ setting: "cashtags", value: "on" })[n])).toBe("cashtags on");
  });

  it("keeps names and descriptions within Discord's limits", () => {
    const p = commandPayload(
      fixture([{ name: "Index Name", description: "d".repeat(300), type: "string" }], {
        name: "Breadth Of Everything",
        description: "x".repeat(150),
      }),
    );
    expect(p.name).toBe("breadth-of-everything");
    expect(p.description).toHaveLength(100);
    expect(p.options?.[0]?.name).toBe("index-name");
    expect(p.options?.[0]?.description).toHaveLength(100);
    expect(() => discordName("!!!")).toThrow();
  });

  it("refuses two commands that end up with the same Discord name", () => {
    expect(() => commandPayloads([fixture([]), fixture([])])).toThrow(/Two commands/);
  });
});

describe("option values back to command text", () => {
  const command = fixture([
    { name: "index", description: "i", type: "string" },
    { name: "days", description: "d", type: "integer" },
    { name: "from", description: "f", type: "string" },
  ]);

  it("joins values in the command's option order, skipping absent ones", () => {
    const values: Record<string, string | number> = { from: "2026-01-02..2026-01-13", index: "RUT" };
    expect(optionsToText(command, (n) => values[n])).toBe("RUT 2026-01-02..2026-01-13");
    expect(optionsToText(command, (n) => ({ days: 20, index: " RUT " })[n])).toBe("RUT 20");
    expect(optionsToText(command, () => undefined)).toBe("");
  });
});

describe("invite URL", () => {
  it("asks for the bot and commands scopes and exactly the channel-post permissions", () => {
    const url = new URL(inviteUrl("123456789012345678"));
    expect(url.origin + url.pathname).toBe("https://discord.com/oauth2/authorize");
    expect(url.searchParams.get("client_id")).toBe("123456789012345678");
    expect(url.searchParams.get("scope")).toBe("bot applications.commands");
    // View Channel 1024 + Send Messages 2048 + Embed Links 16384 + Attach Files 32768.
    expect(url.searchParams.get("permissions")).toBe("52224");
    expect(CHANNEL_POST_PERMISSIONS).toBe(52224n);
  });
});
