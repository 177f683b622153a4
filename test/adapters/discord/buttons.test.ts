/**
 * GIVEN the real discord.js bot on the fake gateway and an answer with buttons
 * WHEN component interactions (type 3) arrive THEN a press defers an update (callback type 6) and
 * edits the message in place with the new embed and chart; CSV comes as an ephemeral attachment;
 * stale and over-limit presses get ephemeral notes.
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodePress } from "../../../src/core/actions.ts";
import type { RecordedRequest } from "../../fakes/discord/fake-discord.ts";
import { buttonPress, slashCommand } from "../../fakes/discord/payloads.ts";
import { CLOCK, type Harness, isFinal, isPng, startHarness } from "./harness.ts";

const EPHEMERAL = 64;
type Button = { type: number; style: number; label: string; custom_id: string };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

function buttonsOf(r: RecordedRequest | undefined): Button[] {
  const rows = (r?.json?.components as { components: Button[] }[] | undefined) ?? [];
  return rows.flatMap((row) => row.components);
}

async function rotationAnswer(): Promise<Button[]> {
  const payload = slashCommand("rotation", { period: "1m" }, h.guild);
  h.fake.gateway.dispatch("INTERACTION_CREATE", payload);
  return buttonsOf(await h.fake.waitFor(isFinal(payload.token), 20_000));
}

function callbackOf(token: string): RecordedRequest | undefined {
  return h.fake.forToken(token).find((r) => r.path.endsWith("/callback"));
}

describe("Discord buttons", () => {
  it("GIVEN /rotation 1m THEN the answer has the period switcher (1m highlighted) and CSV, custom_ids within 100", async () => {
    const buttons = await rotationAnswer();
    expect(buttons.map((b) => b.label)).toEqual(["1d", "5d", "1m", "ytd", "1y", "CSV"]);
    expect(buttons.find((b) => b.label === "1m")?.style).toBe(1);
    expect(buttons.find((b) => b.label === "ytd")?.style).toBe(2);
    for (const b of buttons) expect(b.custom_id.length).toBeLessThanOrEqual(100);
  });

  it("GIVEN a press on ytd THEN deferUpdate (type 6), then the message is edited with YTD figures and a new chart", async () => {
    const ytd = (await rotationAnswer()).find((b) => b.label === "ytd") as Button;
    const payload = buttonPress(ytd.custom_id, h.guild);
    h.fake.gateway.dispatch("INTERACTION_CREATE", payload);
    const edit = await h.fake.waitFor(
      (r) =>
        r.method === "PATCH" &&
        r.path.includes(payload.token) &&
        ((r.json?.embeds as unknown[]) ?? []).length > 0,
      20_000,
    );
    expect(callbackOf(payload.token)?.json).toMatchObject({ type: 6 });
    expect(edit.path).toBe(`/api/v10/webhooks/${h.fake.applicationId}/${payload.token}/messages/@original`);
    expect(JSON.stringify(edit.json?.embeds)).toContain("Rotation YTD");
    // The old chart is dropped (attachments lists none kept) and the new one uploaded.
    expect(edit.json?.attachments).toEqual([expect.objectContaining({ id: "0" })]);
    expect(isPng(edit.files[0]?.bytes ?? new Uint8Array())).toBe(true);
    expect(buttonsOf(edit).find((b) => b.label === "ytd")?.style).toBe(1);
  });

  it("GIVEN the CSV button THEN an ephemeral answer with the CSV attachment of the Reply's figures", async () => {
    const csv = (await rotationAnswer()).find((b) => b.label === "CSV") as Button;
    const payload = buttonPress(csv.custom_id, h.guild);
    h.fake.gateway.dispatch("INTERACTION_CREATE", payload);
    const edit = await h.fake.waitFor(
      (r) => r.method === "PATCH" && r.path.includes(payload.token) && r.files.length > 0,
      20_000,
    );
    expect(callbackOf(payload.token)?.json).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    expect(edit.files[0]?.name).toBe("rotation-1m-2026-01-16-returns.csv");
    const content = Buffer.from(edit.files[0]?.bytes ?? new Uint8Array()).toString("utf8");
    expect(content.split("\n")[0]).toContain("as of: 2026-01-16");
    const rows = parse(content, { comment: "#", comment_no_infix: true }) as string[][];
    expect(rows[0]).toEqual([
      "symbol",
      "name",
      "return_fraction",
      "base_close",
      "base_date",
      "last_close",
      "last_date",
    ]);
    expect(rows.find((r) => r[0] === "^RUT")?.[6]).toBe("2026-01-16");
  });

  it("GIVEN a button from an answer older than 24 hours THEN an ephemeral note with a Fresh answer button, no edit", async () => {
    const old = encodePress({
      kind: "rerun",
      command: "rotation",
      text: "ytd",
      issuedAt: CLOCK.now() - 30 * 3_600_000,
    });
    const payload = buttonPress(old, h.guild);
    h.fake.gateway.dispatch("INTERACTION_CREATE", payload);
    const note = await h.fake.waitFor(
      (r) => r.path.includes(payload.token) && r.path.endsWith("/callback"),
      10_000,
    );
    expect(note.json).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    const data = note.json?.data as { content: string; components: { components: Button[] }[] };
    expect(data.content).toContain("30 hours old");
    expect(data.components.flatMap((r) => r.components).map((b) => b.label)).toEqual(["Fresh answer"]);
    expect(h.fake.forToken(payload.token).some((r) => r.method === "PATCH")).toBe(false);
  });

  it("GIVEN 11 presses in a minute by one user THEN the 11th is told to wait", async () => {
    const value = encodePress({
      kind: "rerun",
      command: "rotation",
      text: "nonsense",
      issuedAt: CLOCK.now(),
    });
    const options = { ...h.guild, userId: "200000000000000099" };
    const tokens: string[] = [];
    for (let i = 0; i < 11; i++) {
      const payload = buttonPress(value, options);
      tokens.push(payload.token);
      h.fake.gateway.dispatch("INTERACTION_CREATE", payload);
      await h.fake.waitFor((r) => r.path.includes(payload.token) && r.path.endsWith("/callback"), 10_000);
    }
    const texts = tokens.map((t) => JSON.stringify(callbackOf(t)?.json));
    expect(texts.slice(0, 10).every((t) => !t.includes("more than 10 button presses"))).toBe(true);
    expect(texts[10]).toContain("more than 10 button presses");
  });
});
