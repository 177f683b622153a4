/**
 * GIVEN the real discord.js bot on the fake gateway and a /quote or /breadth answer
 * WHEN its Refresh or index button is pressed (component interaction) THEN the interaction is
 * deferred as an update and the message is edited in place with the command's figures for the
 * new arguments; a stale answer's "Fresh answer" posts a new public answer with its own buttons.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DiscordBot, startDiscord } from "../../../src/adapters/discord/index.ts";
import { createMemberLists } from "../../../src/adapters/members/index.ts";
import { encodePress } from "../../../src/core/actions.ts";
import type { Services } from "../../../src/core/dispatch.ts";
import { FakeDiscord, type RecordedRequest } from "../../fakes/discord/fake-discord.ts";
import { buttonPress, type InteractionOptions, slashCommand } from "../../fakes/discord/payloads.ts";
import { CLOCK, FIXTURE_DIR, isFinal, recordingLogger, testServices } from "./harness.ts";

const EPHEMERAL = 64;
type Button = { type: number; style: number; label: string; custom_id: string };

let fake: FakeDiscord;
let bot: DiscordBot;
let services: Services;
let guild: InteractionOptions;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  const logger = recordingLogger();
  services = await testServices(logger);
  // The fixture's RUT and NDX member lists, for /breadth.
  services.members = createMemberLists(
    { csvDir: FIXTURE_DIR },
    { store: services.store, clock: CLOCK, logger },
  );
  bot = await startDiscord(
    { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl },
    services,
  );
  guild = { applicationId: fake.applicationId, guildId: "400000000000000001" };
});
afterAll(async () => {
  await bot?.stop();
  await services?.store.close();
  await fake?.close();
});

function buttonsOf(r: RecordedRequest | undefined): Button[] {
  const rows = (r?.json?.components as { components: Button[] }[] | undefined) ?? [];
  return rows.flatMap((row) => row.components);
}

async function answer(name: string, values: Record<string, string>) {
  const payload = slashCommand(name, values, guild);
  fake.gateway.dispatch("INTERACTION_CREATE", payload);
  return fake.waitFor(isFinal(payload.token), 20_000);
}

/** Presses a button; resolves with the callback and the edit that carries the new embed. */
async function press(customId: string) {
  const payload = buttonPress(customId, guild);
  fake.gateway.dispatch("INTERACTION_CREATE", payload);
  const edit = await fake.waitFor(
    (r) =>
      r.method === "PATCH" &&
      r.path.includes(payload.token) &&
      ((r.json?.embeds as unknown[]) ?? []).length > 0,
    20_000,
  );
  const callback = fake.forToken(payload.token).find((r) => r.path.endsWith("/callback"));
  return { payload, callback, edit };
}

describe("Discord Refresh, index switcher and Fresh answer", () => {
  it("GIVEN /quote IWM SPY THEN Refresh defers an update and edits the message with the same figures", async () => {
    const first = await answer("quote", { tickers: "IWM SPY" });
    expect(buttonsOf(first).map((b) => b.label)).toEqual(["Refresh", "CSV"]);
    const refresh = buttonsOf(first).find((b) => b.label === "Refresh") as Button;
    const { callback, edit } = await press(refresh.custom_id);
    expect(callback?.json).toMatchObject({ type: 6 });
    expect(edit.path).toMatch(/\/messages\/@original$/);
    // As of the fixture's close, refreshing gives the same embed: proof it is /quote IWM SPY again.
    expect(JSON.stringify(edit.json?.embeds)).toBe(JSON.stringify(first.json?.embeds));
    expect(buttonsOf(edit).map((b) => b.label)).toEqual(["Refresh", "CSV"]);
  });

  it("GIVEN /breadth RUT THEN RUT SPX NDX with RUT highlighted; NDX edits the message to NDX breadth with NDX highlighted", async () => {
    const first = await answer("breadth", { index: "RUT" });
    const switcher = buttonsOf(first).filter((b) => ["RUT", "SPX", "NDX"].includes(b.label));
    expect(switcher.map((b) => [b.label, b.style])).toEqual([
      ["RUT", 1],
      ["SPX", 2],
      ["NDX", 2],
    ]);
    expect(JSON.stringify(first.json?.embeds)).toContain("Russell 2000");
    const { callback, edit } = await press((switcher[2] as Button).custom_id);
    expect(callback?.json).toMatchObject({ type: 6 });
    const embeds = JSON.stringify(edit.json?.embeds);
    expect(embeds).toContain("Nasdaq-100");
    expect(embeds).not.toContain("Russell 2000");
    expect(
      buttonsOf(edit)
        .filter((b) => ["RUT", "SPX", "NDX"].includes(b.label))
        .map((b) => [b.label, b.style]),
    ).toEqual([
      ["RUT", 2],
      ["SPX", 2],
      ["NDX", 1],
    ]);
  });

  it("GIVEN an answer older than 24 hours THEN its note's Fresh answer posts a new public answer with fresh buttons", async () => {
    const stale = encodePress({
      kind: "rerun",
      command: "rotation",
      text: "ytd",
      issuedAt: CLOCK.now() - 26 * 3_600_000,
    });
    const notePayload = buttonPress(stale, guild);
    fake.gateway.dispatch("INTERACTION_CREATE", notePayload);
    const note = await fake.waitFor(
      (r) => r.path.includes(notePayload.token) && r.path.endsWith("/callback"),
      10_000,
    );
    const data = note.json?.data as { flags: number; components: { components: Button[] }[] };
    expect(data.flags).toBe(EPHEMERAL);
    const fresh = data.components
      .flatMap((r) => r.components)
      .find((b) => b.label === "Fresh answer") as Button;
    expect(fresh).toBeDefined();

    const { callback, edit } = await press(fresh.custom_id);
    // A new message, public: deferred as a reply (type 5) without the ephemeral flag.
    expect(callback?.json?.type).toBe(5);
    expect((callback?.json?.data as { flags?: number } | undefined)?.flags ?? 0).toBe(0);
    expect(JSON.stringify(edit.json?.embeds)).toContain("Rotation YTD");
    const buttons = buttonsOf(edit);
    expect(buttons.map((b) => b.label)).toEqual(["1d", "5d", "1m", "ytd", "1y", "CSV"]);
    // Its buttons are new: pressing one is not refused as stale.
    const issued = buttons.map((b) => Number.parseInt(b.custom_id.split(":")[2] as string, 36) * 1000);
    for (const at of issued) expect(CLOCK.now() - at).toBeLessThan(24 * 3_600_000);
  });
});
