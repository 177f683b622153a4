/**
 * GIVEN Slack (Socket Mode, real Bolt) and Discord (real discord.js) started in one process on the
 * same services, as `npm start` does when both are configured, WHEN a command arrives on each
 * THEN both answer, and Discord's PNG upload still works after Slack's socket-mode client has
 * loaded its own undici (the reason the Discord client uses `makeRequest: fetch`).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DiscordBot, startDiscord } from "../../../src/adapters/discord/index.ts";
import { type RunningSlack, startSlack } from "../../../src/adapters/slack/index.ts";
import type { Services } from "../../../src/core/dispatch.ts";
import { FakeDiscord } from "../../fakes/discord/fake-discord.ts";
import { slashCommand } from "../../fakes/discord/payloads.ts";
import { FakeSlack } from "../../fakes/slack/fake-slack.ts";
import { FakeSocketMode } from "../../fakes/slack/fake-socket.ts";
import { slashPayload } from "../../fakes/slack/sign.ts";
import { isFinal, isPng, recordingLogger, testServices } from "./harness.ts";

let discordFake: FakeDiscord;
let slackFake: FakeSlack;
let socket: FakeSocketMode;
let services: Services;
let slack: RunningSlack;
let discord: DiscordBot;
const logger = recordingLogger();

beforeAll(async () => {
  discordFake = await FakeDiscord.start();
  slackFake = await new FakeSlack().start();
  socket = await new FakeSocketMode().start(slackFake);
  services = await testServices(logger);
  // Slack first: its socket-mode client is what replaces the global undici dispatcher.
  slack = await startSlack(
    {
      mode: "socket",
      port: 0,
      apiUrl: slackFake.apiUrl,
      botToken: "xoxb-1111-2222-fakebottoken",
      appToken: "xapp-1-A0000001-3333-fakeapptoken",
    },
    services,
  );
  discord = await startDiscord(
    { token: discordFake.token, applicationId: discordFake.applicationId, apiUrl: discordFake.apiUrl },
    services,
  );
});

afterAll(async () => {
  await discord?.stop();
  await slack?.stop();
  await socket?.stop();
  await slackFake?.stop();
  await discordFake?.close();
  await services?.store.close();
});

describe("Slack and Discord in one process", () => {
  it("answers /rotation on Slack with its chart upload", async () => {
    const ack = await socket.sendSlashCommand(
      slashPayload({
        command: "/rotation",
        text: "ytd",
        channel_id: "C0BOTH",
        response_url: slackFake.responseUrl(),
      }),
    );
    expect(ack.envelopeId).toMatch(/^env-/);
    await slackFake.waitFor(
      () => slackFake.callsTo("files.completeUploadExternal").some((c) => c.params.channel_id === "C0BOTH"),
      20_000,
      "the Slack chart upload",
    );
    expect(slackFake.uploads.length).toBeGreaterThan(0);
  });

  it("answers /rotation on Discord with an embed and a multipart PNG upload", async () => {
    const payload = slashCommand("rotation", { period: "ytd" }, { applicationId: discordFake.applicationId });
    discordFake.gateway.dispatch("INTERACTION_CREATE", payload);
    const edit = await discordFake.waitFor(isFinal(payload.token), 20_000);
    expect(discordFake.forToken(payload.token)[0]?.json).toMatchObject({ type: 5 });
    expect(edit.multipart).toBe(true);
    const file = edit.files[0];
    expect(isPng(file?.bytes ?? new Uint8Array())).toBe(true);
    expect((edit.json?.embeds as { image?: { url: string } }[] | undefined)?.[0]?.image?.url).toBe(
      `attachment://${file?.name}`,
    );
  });

  it("logged no failure from either adapter", () => {
    const failures = logger.lines.filter((l) => l.level === "error");
    expect(failures).toEqual([]);
  });
});
