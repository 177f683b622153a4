/**
 * GIVEN a slow command that reports progress THEN the deferred message shows a progress line,
 * throttled, and the answer replaces it. GIVEN a reply for a channel THEN postReplyToChannel
 * uploads its embeds and chart PNG as the bot.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postReplyToChannel } from "../../../src/adapters/discord/index.ts";
import { progressLine } from "../../../src/adapters/discord/progress.ts";
import { commands } from "../../../src/commands/index.ts";
import { defineCommand } from "../../../src/core/command.ts";
import { dispatch } from "../../../src/core/dispatch.ts";
import { makeReply } from "../../../src/core/reply.ts";
import { slashCommand } from "../../fakes/discord/payloads.ts";
import { type Harness, isFinal, isPng, startHarness } from "./harness.ts";

/** A command that works for a while, reporting progress the way /breadth will. */
const slow = defineCommand<{ total: number }>({
  name: "slowcount",
  description: "Counts members slowly (test command)",
  usage: "[total]",
  examples: ["/slowcount 1949"],
  options: [{ name: "total", description: "How many", type: "integer", min: 1, max: 10_000 }],
  slow: true,
  parse: (text) => ({ total: Number(text || "1949") }),
  async run(args, ctx) {
    // Two synchronous bursts of reports: throttling must coalesce each burst into one edit,
    // whatever the machine's speed, since no timer can fire inside a burst.
    const message = `computing breadth of ${args.total.toLocaleString("en-US")} members`;
    for (const upTo of [1000, args.total]) {
      for (let done = upTo - 99; done <= upTo; done++) ctx.progress?.({ message, done, total: args.total });
      await sleep(200);
    }
    return makeReply([{ type: "title", text: `Counted ${args.total}` }], { total: args.total });
  },
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ commands: [slow, ...commands], progressIntervalMs: 60 });
});
afterAll(async () => {
  await h?.close();
});

describe("progress while a slow command runs", () => {
  it("edits the deferred message with a throttled progress line, then replaces it with the answer", async () => {
    const payload = slashCommand("slowcount", { total: 1949 }, h.guild);
    h.fake.gateway.dispatch("INTERACTION_CREATE", payload);
    const final = await h.fake.waitFor(isFinal(payload.token));
    const edits = h.fake.forToken(payload.token).filter((r) => r.method === "PATCH");
    const progress = edits.filter((r) => String(r.json?.content ?? "").startsWith("⏳"));
    expect(progress.map((r) => r.json?.content)).toEqual([
      "⏳ computing breadth of 1,949 members… (1,000 of 1,949)",
      "⏳ computing breadth of 1,949 members… (1,949 of 1,949)",
    ]);
    for (const p of progress) expect(p.json?.allowed_mentions).toEqual({ parse: [] });
    expect(edits.at(-1)).toBe(final);
    expect(final.json?.content).toBe("");
    expect((final.json?.embeds as { title: string }[] | undefined)?.[0]?.title).toBe("Counted 1949");
  });

  it("writes a progress line without markdown surprises", () => {
    expect(progressLine({ message: "loading *all* members..." })).toBe("⏳ loading \\*all\\* members…");
  });
});

describe("postReplyToChannel", () => {
  it("posts the embeds and the chart PNG to the channel as the bot, with no mentions", async () => {
    const reply = await dispatch("rotation", "1m", { ...h.services, requester: { platform: "schedule" } });
    const id = await postReplyToChannel(h.bot.client, "300000000000000009", reply);
    expect(id).toMatch(/^\d+$/);
    const post = await h.fake.waitFor(
      (r) => r.method === "POST" && r.path === "/api/v10/channels/300000000000000009/messages",
    );
    expect(post.authorization).toBe(`Bot ${h.fake.token}`);
    expect(post.multipart).toBe(true);
    const file = post.files[0];
    expect(isPng(file?.bytes ?? new Uint8Array())).toBe(true);
    const embeds = post.json?.embeds as { title: string; image: { url: string } }[];
    expect(embeds[0]?.title).toMatch(/^Rotation/);
    expect(embeds[0]?.image.url).toBe(`attachment://${file?.name}`);
    expect(post.json?.attachments).toEqual([expect.objectContaining({ id: 0, filename: file?.name })]);
    expect(post.json?.allowed_mentions).toEqual({ parse: [] });
  });

  it("refuses something that is not a channel id before calling Discord", async () => {
    const reply = makeReply([{ type: "text", text: "hi" }], {});
    await expect(postReplyToChannel(h.bot.client, "../../users/@me", reply)).rejects.toThrow(/channel id/);
  });
});
