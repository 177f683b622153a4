/**
 * GIVEN the real discord.js client connected to the fake Discord (gateway + REST on 127.0.0.1)
 * WHEN interactions arrive THEN the bot defers, answers with embeds and PNG charts, keeps user
 * errors private, and never lets anything ping.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLOURS } from "../../../src/adapters/discord/embeds.ts";
import type { RecordedRequest } from "../../fakes/discord/fake-discord.ts";
import { autocomplete, buttonPress, slashCommand } from "../../fakes/discord/payloads.ts";
import { type Harness, isFinal, isPng, startHarness } from "./harness.ts";

const EPHEMERAL = 64;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Sends an interaction and waits for the request that completes its answer. */
async function ask(payload: { token: string }): Promise<{ final: RecordedRequest; all: RecordedRequest[] }> {
  h.fake.gateway.dispatch("INTERACTION_CREATE", payload);
  const final = await h.fake.waitFor(isFinal(payload.token), 20_000);
  return { final, all: h.fake.forToken(payload.token) };
}

/** The message part of a request: `data` of an interaction callback, else the body itself. */
function dataOf(r: RecordedRequest): Record<string, unknown> {
  const data = r.path.endsWith("/callback") ? r.json?.data : r.json;
  return (data as Record<string, unknown> | undefined) ?? {};
}

function embedsOf(r: RecordedRequest): Record<string, unknown>[] {
  return (dataOf(r).embeds as Record<string, unknown>[] | undefined) ?? [];
}

function flagsOf(r: RecordedRequest): number {
  return Number(dataOf(r).flags ?? 0);
}

describe("Discord bot on the fake gateway", () => {
  it("defers /rotation, then edits in an embed that shows the chart PNG it uploads", async () => {
    const payload = slashCommand("rotation", { period: "ytd" }, h.guild);
    const { final, all } = await ask(payload);

    const first = all[0];
    expect(first?.path).toBe(`/api/v10/interactions/${payload.id}/${payload.token}/callback`);
    expect(first?.json).toMatchObject({ type: 5 });
    expect(final.method).toBe("PATCH");
    expect(final.path).toBe(`/api/v10/webhooks/${h.fake.applicationId}/${payload.token}/messages/@original`);
    expect(final.multipart).toBe(true);

    const [embed] = embedsOf(final);
    const file = final.files[0];
    expect(file?.field).toBe("files[0]");
    expect(isPng(file?.bytes ?? new Uint8Array())).toBe(true);
    expect(embed?.image).toEqual({ url: `attachment://${file?.name}` });
    // discord.js names the file in its multipart part; payload_json carries its alt text.
    expect(final.json?.attachments).toEqual([{ id: "0", description: expect.stringMatching(/^Line chart/) }]);
    expect(String(embed?.title)).toMatch(/^Rotation/);
    expect(String((embed?.footer as { text?: string } | undefined)?.text)).toMatch(
      /Source: CSV folder.*series priced/,
    );
    expect([COLOURS.positive, COLOURS.negative, COLOURS.neutral]).toContain(embed?.color);
    expect(final.json?.allowed_mentions).toEqual({ parse: [] });
    expect(flagsOf(final)).toBe(0);
  });

  it("answers /help privately from the start: an ephemeral 'thinking', edited into the answer, nothing deleted", async () => {
    const payload = slashCommand("help", {}, h.guild);
    const { final, all } = await ask(payload);
    expect(all.map((r) => r.method)).toEqual(["POST", "PATCH"]);
    expect(all[0]?.json).toMatchObject({ type: 5 });
    expect(flagsOf(all[0] as RecordedRequest) & EPHEMERAL).toBe(EPHEMERAL);
    expect(final.path).toMatch(/\/messages\/@original$/);
    const [embed] = embedsOf(final);
    expect(embed?.title).toBe("rotation-bot commands");
    expect(JSON.stringify(embed?.fields)).toContain("/rotation [period]");
    expect(final.json?.allowed_mentions).toEqual({ parse: [] });
  });

  it("answers /subscribe from someone who may not manage the channel privately at once, with no public 'thinking'", async () => {
    const payload = slashCommand("subscribe", { what: "brief" }, h.guild);
    const { final, all } = await ask(payload);
    expect(all).toHaveLength(1);
    expect(final.json).toMatchObject({ type: 4 });
    expect(flagsOf(final) & EPHEMERAL).toBe(EPHEMERAL);
    expect(JSON.stringify(embedsOf(final))).toContain("Only people who manage this channel");
  });

  it("answers /subscriptions privately from the start", async () => {
    const payload = slashCommand("subscriptions", {}, h.guild);
    const { all } = await ask(payload);
    expect(all[0]?.json).toMatchObject({ type: 5 });
    expect(flagsOf(all[0] as RecordedRequest) & EPHEMERAL).toBe(EPHEMERAL);
    expect(all.map((r) => r.method)).not.toContain("DELETE");
  });

  it("answers an unknown command ephemerally at once, suggesting /help", async () => {
    const payload = slashCommand("retired-command", { channel: "x" }, h.guild);
    const { final, all } = await ask(payload);
    expect(all).toHaveLength(1);
    expect(final.json).toMatchObject({ type: 4 });
    expect(flagsOf(final) & EPHEMERAL).toBe(EPHEMERAL);
    const text = JSON.stringify(embedsOf(final));
    expect(text).toContain("not a command I know");
    expect(text).toContain("/help");
  });

  it("answers a user error found by parse ephemerally, without deferring publicly", async () => {
    const payload = slashCommand("quote", { tickers: "IWM $$$" }, h.guild);
    const { final, all } = await ask(payload);
    expect(all).toHaveLength(1);
    expect(final.json).toMatchObject({ type: 4 });
    expect(flagsOf(final) & EPHEMERAL).toBe(EPHEMERAL);
    expect(JSON.stringify(embedsOf(final))).toContain("Ticker 2 is not a symbol");
  });

  it("keeps a user error found while running private too (delete + ephemeral follow-up)", async () => {
    const payload = slashCommand("rotation", { period: "7q" }, h.guild);
    const { final, all } = await ask(payload);
    expect(all.map((r) => r.method)).toEqual(["POST", "DELETE", "POST"]);
    expect(flagsOf(final) & EPHEMERAL).toBe(EPHEMERAL);
    expect(JSON.stringify(embedsOf(final))).toContain("is not a period I know");
  });

  it("completes tickers from the known instruments, keeping the ones already typed", async () => {
    const payload = autocomplete("quote", { name: "tickers", value: "iwm sp" }, {}, h.guild);
    h.fake.gateway.dispatch("INTERACTION_CREATE", payload);
    const r = await h.fake.waitFor((x) => x.path.includes(payload.token));
    expect(r.json?.type).toBe(8);
    const choices = dataOf(r).choices as { name: string; value: string }[];
    expect(choices.map((c) => c.value)).toContain("IWM SPY");
    expect(choices.length).toBeLessThanOrEqual(25);
    expect(choices.every((c) => c.value.startsWith("IWM "))).toBe(true);
  });

  it("completes periods for /rotation", async () => {
    const payload = autocomplete("rotation", { name: "period", value: "y" }, {}, h.dm);
    h.fake.gateway.dispatch("INTERACTION_CREATE", payload);
    const r = await h.fake.waitFor((x) => x.path.includes(payload.token));
    const choices = dataOf(r).choices as { value: string }[];
    expect(choices.map((c) => c.value)).toEqual(["ytd", "1y"]);
  });

  it("answers an interaction it has no handler for (a button) privately instead of crashing", async () => {
    const payload = buttonPress("old-button", h.guild);
    const { final } = await ask(payload);
    expect(final.json).toMatchObject({ type: 4 });
    expect(flagsOf(final) & EPHEMERAL).toBe(EPHEMERAL);
    expect(String(dataOf(final).content)).toContain("/help");
  });

  it("still answers when Discord rejects the first edit, and keeps serving afterwards", async () => {
    const payload = slashCommand("rotation", { period: "1m" }, h.guild);
    h.fake.failNext((r) => r.method === "PATCH" && r.path.includes(payload.token), 404, {
      message: "Unknown Webhook",
      code: 10015,
    });
    h.fake.gateway.dispatch("INTERACTION_CREATE", payload);
    const apology = await h.fake.waitFor(
      (r) => r.method === "PATCH" && r.path.includes(payload.token) && Boolean(r.json?.content),
      20_000,
    );
    expect(String(apology.json?.content)).toContain("Something went wrong");
    expect(h.logger.lines.some((l) => l.msg === "interaction failed")).toBe(true);

    const next = slashCommand("help", {}, h.dm);
    const { final } = await ask(next);
    expect(embedsOf(final)[0]?.title).toBe("rotation-bot commands");
  });

  it("never sends a message that could mention anyone", () => {
    const messages = h.fake.requests.filter((r) => "embeds" in dataOf(r) || "content" in dataOf(r));
    expect(messages.length).toBeGreaterThan(5);
    for (const r of messages)
      expect(dataOf(r).allowed_mentions, `${r.method} ${r.path}`).toEqual({ parse: [] });
  });

  it("keeps serving after the gateway drops the connection, and logs the reconnect", async () => {
    const resumes = h.fake.gateway.resumes;
    await h.fake.gateway.drop("network");
    await h.fake.gateway.waitFor("resume", resumes + 1);
    const payload = slashCommand("help", {}, h.dm);
    const { final } = await ask(payload);
    expect(embedsOf(final)[0]?.title).toBe("rotation-bot commands");
    const messages = h.logger.lines.map((l) => l.msg);
    expect(messages).toContain("gateway connection lost; reconnecting");
    expect(messages).toContain("gateway session resumed");
  });

  it("never logs the bot token or an interaction token", () => {
    const log = h.logger.text();
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(h.fake.token);
    expect(log).not.toMatch(/itoken-/);
  });
});
