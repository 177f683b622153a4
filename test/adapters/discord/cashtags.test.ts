/**
 * GIVEN the real discord.js bot on the fake gateway WHEN ordinary messages with cashtags arrive
 * (MESSAGE_CREATE) THEN a channel whose manager ran /settings cashtags on gets one compact quote
 * as a reply to the message; others, bots and repeats get none; without DISCORD_MESSAGE_CONTENT the
 * intents are not asked for and nothing is answered.
 */
import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDiscord } from "../../../src/adapters/discord/index.ts";
import { saveSettings } from "../../../src/core/channel-settings.ts";
import { FakeDiscord } from "../../fakes/discord/fake-discord.ts";
import { MESSAGE_CONTENT } from "../../fakes/discord/gateway.ts";
import { channelMessage, guildCreate, slashCommand } from "../../fakes/discord/payloads.ts";
import { type Harness, isFinal, startHarness } from "./harness.ts";

const EPHEMERAL = 64;
const GUILD = "400000000000000001";
const ON = "300000000000000011";
const OFF = "300000000000000012";
const ON_TOO = "300000000000000013";
/** A thread started in ON. */
const THREAD = "300000000000000014";
/** Manage Channels (1 << 4) among the member's permissions. */
const MANAGER = String((1 << 4) | 1024);
const GUILDS = 1;
const GUILD_MESSAGES = 1 << 9;

async function joinGuild(h: Harness): Promise<void> {
  const joined = once(h.bot.client, "guildCreate");
  h.fake.gateway.dispatch(
    "GUILD_CREATE",
    guildCreate({
      guildId: GUILD,
      channelIds: [ON, OFF, ON_TOO],
      botId: h.fake.applicationId,
      threads: { [THREAD]: ON },
    }),
  );
  await joined;
}

/** Runs a slash command in the guild and resolves with the request that answered it. */
async function command(
  h: Harness,
  name: string,
  values: Record<string, string>,
  channelId: string,
  permissions = MANAGER,
) {
  const payload = slashCommand(name, values, { ...h.guild, channelId, permissions });
  h.fake.gateway.dispatch("INTERACTION_CREATE", payload);
  return h.fake.waitFor(isFinal(payload.token), 20_000);
}

function say(h: Harness, content: string, channelId: string, extra: { bot?: boolean; id?: string } = {}) {
  const message = channelMessage({ content, guildId: GUILD, channelId, ...extra });
  h.fake.gateway.dispatch("MESSAGE_CREATE", message);
  return message;
}

/** Resolves with the reply to `messageId` once the fake has it. */
function replyTo(h: Harness, messageId: string) {
  return h.fake.waitFor(
    (r) =>
      r.method === "POST" &&
      (r.json?.message_reference as { message_id?: string } | undefined)?.message_id === messageId,
    20_000,
  );
}

/** Resolves once `check` holds (looked at every 20 ms), or rejects after 20 s. */
async function until(check: () => boolean): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 20_000) throw new Error("condition not met within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Messages sent before a marker message in a channel with cashtags on have been handled once the
 * marker is answered (the gateway delivers in order) and the bot is idle.
 */
async function settle(h: Harness): Promise<void> {
  const marker = say(h, "$IWM", ON);
  await replyTo(h, marker.id);
  await h.bot.idle();
}

describe("Discord cashtags with DISCORD_MESSAGE_CONTENT=true", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ config: { messageContent: true } });
    await joinGuild(h);
    await command(h, "settings", { setting: "cashtags", value: "on" }, ON);
    await command(h, "settings", { setting: "cashtags", value: "on" }, ON_TOO);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("asks the gateway for GuildMessages and Message Content besides Guilds", () => {
    const intents = h.fake.gateway.intents.at(-1) ?? 0;
    expect(intents & GUILDS).toBe(GUILDS);
    expect(intents & GUILD_MESSAGES).toBe(GUILD_MESSAGES);
    expect(intents & MESSAGE_CONTENT).toBe(MESSAGE_CONTENT);
  });

  it("GIVEN cashtags on THEN $IWM $SPY gets one compact reply to that message, pinging no one", async () => {
    const message = say(h, "rotation today? $IWM vs $SPY", ON);
    const reply = await replyTo(h, message.id);
    expect(reply.path).toBe(`/api/v10/channels/${ON}/messages`);
    expect(reply.json?.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const embed = JSON.stringify(reply.json?.embeds);
    expect(embed).toMatch(/IWM \d[\d,]*\.\d+ · /);
    expect(embed).toMatch(/SPY \d[\d,]*\.\d+ · /);
    expect(embed).toContain("Source:");
    expect(embed).toContain("2 of 2 priced");
    await h.bot.idle();
    expect(h.fake.replies.filter((r) => r.reference.message_id === message.id)).toHaveLength(1);
  });

  it("GIVEN a thread in a channel with cashtags on THEN a message there gets its reply in the thread", async () => {
    const message = say(h, "$RSP here?", THREAD);
    const reply = await replyTo(h, message.id);
    expect(reply.path).toBe(`/api/v10/channels/${THREAD}/messages`);
  });

  it("GIVEN seven cashtags THEN the first five are quoted and a note says so", async () => {
    const message = say(h, "$IWM $SPY $QQQ $RSP $RUT $SPX $NDX", ON_TOO);
    const embed = JSON.stringify((await replyTo(h, message.id)).json?.embeds);
    expect(embed).toContain("That message has 7 cashtags; I quote the first 5.");
    expect(embed).toContain("5 of 5 priced");
    expect(embed).not.toContain("NDX ");
  });

  it("GIVEN cashtags off, a bot's message, an amount, or the bot itself THEN no reply", async () => {
    const before = h.fake.replies.length;
    const quiet = [
      say(h, "$IWM $SPY", OFF),
      say(h, "$IWM from a bot", ON, { bot: true }),
      say(h, "it cost $100", ON),
    ];
    // The bot's own message comes back over the gateway too.
    const own = channelMessage({
      content: "$IWM",
      guildId: GUILD,
      channelId: ON,
      authorId: h.fake.applicationId,
      bot: true,
    });
    h.fake.gateway.dispatch("MESSAGE_CREATE", own);
    await settle(h);
    const answered = new Set(h.fake.replies.map((r) => r.reference.message_id));
    for (const m of [...quiet, own]) expect(answered.has(m.id)).toBe(false);
    expect(h.fake.replies.length).toBe(before + 1);
  });

  it("GIVEN the same message delivered to two bot processes on one store THEN one reply in all", async () => {
    const second = await FakeDiscord.start();
    const bot = await startDiscord(
      {
        token: second.token,
        applicationId: second.applicationId,
        apiUrl: second.apiUrl,
        messageContent: true,
      },
      h.services,
    );
    try {
      const joined = once(bot.client, "guildCreate");
      second.gateway.dispatch(
        "GUILD_CREATE",
        guildCreate({ guildId: GUILD, channelIds: [ON], botId: second.applicationId }),
      );
      await joined;
      const message = channelMessage({ content: "$QQQ", guildId: GUILD, channelId: ON });
      h.fake.gateway.dispatch("MESSAGE_CREATE", message);
      second.gateway.dispatch("MESSAGE_CREATE", message);
      // Each bot either replies or finds the message already answered: wait for both outcomes.
      const outcomes = () =>
        [...h.fake.replies, ...second.replies].filter((r) => r.reference.message_id === message.id).length +
        h.logger.lines.filter((l) => l.msg === "cashtags already answered for this message").length;
      await until(() => outcomes() >= 2);
      await Promise.all([h.bot.idle(), bot.idle()]);
      const replies = [...h.fake.replies, ...second.replies].filter(
        (r) => r.reference.message_id === message.id,
      );
      expect(replies).toHaveLength(1);
    } finally {
      await bot.stop();
      await second.close();
    }
  });

  it("GIVEN someone without Manage Channels THEN /settings is refused privately at once and nothing changes", async () => {
    const answer = await command(h, "settings", { setting: "cashtags", value: "off" }, ON, "1024");
    expect(answer.json).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(JSON.stringify(answer.json)).toContain("Only people who manage this channel can use /settings");
    // Still on: a cashtag is still answered.
    await settle(h);
  });
});

describe("Discord cashtags without DISCORD_MESSAGE_CONTENT", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await joinGuild(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("asks only for the Guilds intent, answers no message, and /settings says why", async () => {
    expect(h.fake.gateway.intents).toEqual([GUILDS]);
    await saveSettings(
      h.services.store,
      { platform: "discord", workspaceId: GUILD, channelId: ON },
      { cashtags: true },
    );
    const message = say(h, "$IWM $SPY", ON);
    const shown = await command(h, "settings", {}, ON);
    await h.bot.idle();
    expect(h.fake.replies.filter((r) => r.reference.message_id === message.id)).toHaveLength(0);
    expect(h.fake.created).toHaveLength(0);
    expect(JSON.stringify(shown.json)).toContain("turns on the Message Content intent");
  });
});

describe("Discord with DISCORD_MESSAGE_CONTENT=true but the intent not enabled in the Developer Portal", () => {
  it("stops at start with what to enable, not a 60-second wait", async () => {
    const fake = await FakeDiscord.start();
    fake.gateway.refusePrivileged = true;
    const { testServices, recordingLogger } = await import("./harness.ts");
    const services = await testServices(recordingLogger());
    try {
      await expect(
        startDiscord(
          { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, messageContent: true },
          services,
        ),
      ).rejects.toThrow(/Privileged Gateway Intents > Message Content Intent/);
    } finally {
      await services.store.close();
      await fake.close();
    }
  });
});
