/**
 * The command in a mention: examples of Slack's encodings, then properties over any text: no
 * crash, the bot's own mention never kept, and nothing that could ping (@channel, @here,
 * @everyone, a user or a user group) reaching the answer, whatever the command makes of it.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderReply } from "../../../src/adapters/slack/blocks.ts";
import { commandText } from "../../../src/adapters/slack/mention-text.ts";
import { dispatchText, type Services } from "../../../src/core/dispatch.ts";
import { silentLogger } from "../../../src/core/ports.ts";
import { testServices } from "./harness.ts";

const BOT = "UBOT0001";

describe("commandText", () => {
  it.each([
    [`<@${BOT}> rotation ytd`, "rotation ytd"],
    [`<@${BOT}|rotation-bot> /rotation 1m`, "/rotation 1m"],
    [`<@${BOT}>: breadth RUT`, "breadth RUT"],
    [`<@${BOT}>, sectors 5d`, "sectors 5d"],
    [`rotation ytd <@${BOT}>`, "rotation ytd"],
    // Slack links what looks like a domain: the typed ticker comes back.
    [`<@${BOT}> quote <http://RY.TO|RY.TO> IWM`, "quote RY.TO IWM"],
    [`<@${BOT}> quote <http://ry.to>`, "quote http://ry.to"],
    // Entities are decoded once: "&amp;lt;" was typed as "&lt;".
    [`<@${BOT}> compare A&amp;B &amp;lt;x&gt;`, "compare A&B &lt;x>"],
    // Special mentions, other people and channels carry no command words.
    [`<!channel> <@${BOT}> <!here|here> help <@U0OTHER> <#C01|markets> <!subteam^S1|@team>`, "help"],
    [`<@${BOT}>`, ""],
    ["", ""],
    // A colon that is part of the command stays when the mention is not first.
    [`range: <@${BOT}> x`, "range: x"],
  ])("%j -> %j", (text, expected) => {
    expect(commandText(text, BOT)).toBe(expected);
  });

  const token = fc.oneof(
    fc.constantFrom(
      `<@${BOT}>`,
      `<@${BOT}|rotation-bot>`,
      "<!channel>",
      "<!here>",
      "<!here|here>",
      "<!everyone>",
      "<!subteam^S0123|@traders>",
      "<@U0OTHER>",
      "<#C0123|markets>",
      "<http://RY.TO|RY.TO>",
      "<mailto:a@b.co|a@b.co>",
      "&lt;",
      "&gt;",
      "&amp;",
      ":",
      ",",
      " ",
      "\n",
      "\u200b",
      "@channel",
      "rotation",
      "ytd",
      "/quote",
      "help",
    ),
    fc
      .string({ maxLength: 12, unit: "grapheme" })
      .map((typed) => typed.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")),
  );
  const messageText = fc.array(token, { maxLength: 12 }).map((parts) => parts.join(""));

  // Slack sends typed &, < and > as entities: a bare "<" only ever opens a mention or a link.
  const slackEscaped = (typed: string) =>
    typed.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

  it("never throws on any text at all, even text Slack would never send", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        expect(commandText(text, BOT)).toBe(commandText(text, BOT).trim());
      }),
      { numRuns: 300 },
    );
  });

  it("never throws, never keeps the bot's mention, and adds no markup Slack's text did not spell out", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "grapheme" }).map(slackEscaped), messageText), (text) => {
        const out = commandText(text, BOT);
        expect(out).not.toContain(`<@${BOT}`);
        expect(out).toBe(out.trim());
        // A "<" in the result can only come from a typed "<" (which Slack sends as &lt;).
        if (!text.includes("&lt;")) expect(out).not.toContain("<");
      }),
      { numRuns: 500 },
    );
  });

  describe("through the commands", () => {
    let services: Services;
    beforeAll(async () => {
      // Without a chart renderer: the property is about text.
      const { charts: _charts, ...rest } = await testServices(silentLogger);
      services = rest;
    });
    afterAll(() => services.store.close());

    it("whatever was typed, the rendered answer pings nobody", async () => {
      await fc.assert(
        fc.asyncProperty(messageText, async (text) => {
          const line = commandText(text, BOT);
          const reply = await dispatchText(line || "help", {
            ...services,
            requester: { platform: "slack", userId: "U0000001", channelId: "C0000001", workspaceId: "T1" },
          });
          const message = renderReply(reply);
          const shown = JSON.stringify([message.text, message.blocks]);
          expect(shown).not.toMatch(/<[!@#]/);
          expect(shown).not.toMatch(/@(channel|here|everyone)\b/i);
        }),
        { numRuns: 150 },
      );
    }, 60_000);
  });
});
