/**
 * /subscribe, /unsubscribe and /subscriptions through the real dispatcher on a real SQLite store:
 * clear answers for bad times and zones, channel managers only, and a round trip that the
 * subscription index (the Store cannot list keys) keeps right.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CsvMarketData } from "../../src/adapters/csv/csv-market-data.ts";
import { createStore } from "../../src/adapters/store/create-store.ts";
import { commands } from "../../src/commands/index.ts";
import { parseSubscribe } from "../../src/commands/subscribe.ts";
import type { Requester } from "../../src/core/command.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { UserError } from "../../src/core/errors.ts";
import { type Store, silentLogger } from "../../src/core/ports.ts";
import type { Reply } from "../../src/core/reply.ts";
import {
  SUBSCRIPTIONS_NAMESPACE,
  SubscriptionStore,
  workspaceKey,
} from "../../src/core/subscriptions/store.ts";
import { CLOSES_DIR } from "./helpers.ts";

/** Tue 24 Nov 2026, 09:00 New York. */
const NOW = Date.parse("2026-11-24T14:00:00Z");
let store: Store;

const manager = (channelId: string, platform: "slack" | "discord" = "slack"): Requester => ({
  platform,
  channelId,
  workspaceId: "T1",
  userId: "U-manager",
  isAdmin: true,
});

function ask(text: string, requester: Requester, now = NOW): Promise<Reply> {
  const clock = { now: () => now };
  return dispatchText(text, {
    commands,
    market: new CsvMarketData({ dir: CLOSES_DIR, clock }),
    store,
    clock,
    logger: silentLogger,
    requester,
  });
}

function userError(text: string): UserError {
  try {
    parseSubscribe(text);
  } catch (err) {
    if (err instanceof UserError) return err;
  }
  throw new Error(`expected a user error for "${text}"`);
}

beforeEach(async () => {
  store = await createStore({ sqlitePath: ":memory:" }, silentLogger);
});
afterEach(async () => {
  await store.close();
});

describe("/subscribe arguments", () => {
  it("defaults to 08:30 America/New_York and takes a time and a zone in either order", () => {
    expect(parseSubscribe("brief")).toEqual({ kind: "brief", time: "08:30", zone: "America/New_York" });
    expect(parseSubscribe("brief 7:05 europe/london")).toEqual({
      kind: "brief",
      time: "07:05",
      zone: "Europe/London",
    });
    expect(parseSubscribe("BRIEF Asia/Tokyo 18:00")).toEqual({
      kind: "brief",
      time: "18:00",
      zone: "Asia/Tokyo",
    });
  });

  it("GIVEN 25:00 THEN says how to write a time", () => {
    const e = userError("brief 25:00");
    expect(e.code).toBe("bad-time");
    expect(e.message).toBe(
      '"25:00" is not a time of day. Write HH:MM on a 24-hour clock, from 00:00 to 23:59, e.g. 08:30 or 16:45.',
    );
    expect(userError("brief 8am").code).toBe("bad-time");
    expect(userError("brief 08:60").code).toBe("bad-time");
  });

  it("GIVEN Mars/Olympus THEN names real zones to use instead", () => {
    const e = userError("brief 08:30 Mars/Olympus");
    expect(e.code).toBe("bad-zone");
    expect(e.message).toContain('"Mars/Olympus" is not a time zone I know.');
    expect(e.message).toContain("America/New_York");
    expect(e.hint).toBe("/subscribe brief 08:30 America/New_York");
  });

  it("GIVEN EST, PST or CET THEN refuses the abbreviation and names the place's zone", () => {
    // Intl would take "EST" as America/Panama (UTC-5 all year): 08:30 "EST" would post at 09:30
    // New York from March to November, after the open.
    const e = userError("brief 08:30 EST");
    expect(e.code).toBe("zone-abbreviation");
    expect(e.message).toContain("EST is an abbreviation, not a time zone name");
    expect(e.message).toContain("America/New_York");
    expect(e.hint).toBe("/subscribe brief 08:30 America/New_York");
    expect(userError("brief pst").hint).toBe("/subscribe brief 08:30 America/Los_Angeles");
    expect(userError("brief 07:00 CET").hint).toBe("/subscribe brief 08:30 Europe/Paris");
    // Real IANA names, UTC and the old US/Eastern alias still work.
    expect(parseSubscribe("brief US/Eastern").zone).toBe("America/New_York");
    expect(parseSubscribe("brief UTC").zone).toBe("UTC");
  });

  it("GIVEN something other than the brief THEN says what can be scheduled", () => {
    expect(userError("weather").code).toBe("bad-subscription-kind");
    expect(userError("").message).toContain("morning brief");
  });
});

describe("who may subscribe", () => {
  it("GIVEN someone who does not manage the channel THEN refuses privately and stores nothing", async () => {
    const reply = await ask("/subscribe brief", { ...manager("C1"), isAdmin: false });
    expect(reply).toMatchObject({ kind: "user-error", visibility: "private" });
    expect(reply.fallback).toContain("Only people who manage this channel");
    expect(await new SubscriptionStore(store).all()).toEqual([]);
    expect((await ask("/unsubscribe brief", { ...manager("C1"), isAdmin: false })).kind).toBe("user-error");
  });

  it("GIVEN the terminal THEN explains subscriptions live in Slack or Discord channels", async () => {
    const reply = await ask("/subscribe brief", { platform: "cli" });
    expect(reply.kind).toBe("user-error");
    expect(reply.fallback).toContain("works in a Slack or Discord channel");
  });
});

describe("subscribe, list, change, unsubscribe", () => {
  it("round-trips, with the next post and the holiday it skips", async () => {
    // Wed 25 Nov 2026, 09:00 New York: the next post skips Thanksgiving.
    const wed = Date.parse("2026-11-25T14:00:00Z");
    const first = await ask("/subscribe brief", manager("C1"), wed);
    expect(first.kind, first.fallback).toBe("answer");
    expect(first.fallback).toContain(
      "Subscribed: this channel will get the morning brief every NYSE trading day at 08:30 America/New_York.",
    );
    expect(first.fallback).toContain("Next post: Fri 27 Nov 2026, 08:30 America/New_York");
    expect(first.fallback).toContain("No post on 26 Nov 2026 (Thanksgiving Day): the NYSE is closed.");
    expect(first.data.nextPostAt).toBe("2026-11-27T13:30:00.000Z");

    const changed = await ask("/subscribe brief 07:00 Europe/London", manager("C1"), wed);
    expect(changed.fallback).toContain(
      "Changed: this channel now gets the morning brief every NYSE trading day at 07:00 Europe/London (02:00 New York).",
    );
    await ask("/subscribe brief 09:15", manager("C2"), wed);
    await ask("/subscribe brief", manager("D1", "discord"), wed);

    const here = await ask("/subscriptions", { ...manager("C1"), isAdmin: false }, wed);
    expect(here.visibility).toBe("private");
    // 07:00 London on Thu 26 Nov is 02:00 on Thanksgiving in New York: the next post is Friday's.
    expect(here.fallback).toContain(
      "morning brief at 07:00 Europe/London (02:00 New York); next post Fri 27 Nov 2026, 07:00 Europe/London",
    );
    expect(here.fallback).not.toContain("09:15");

    // Workspace view: admins only, and only this workspace's (the Discord one is elsewhere).
    expect((await ask("/subscriptions all", { ...manager("C1"), isAdmin: false }, wed)).kind).toBe(
      "user-error",
    );
    const all = await ask("/subscriptions all", manager("C1"), wed);
    expect(all.fallback).toContain("channel C1:");
    expect(all.fallback).toContain("channel C2: morning brief at 09:15 America/New_York");
    expect(all.fallback).not.toContain("D1");

    const gone = await ask("/unsubscribe brief", manager("C1"), wed);
    expect(gone.fallback).toBe("Unsubscribed: this channel will no longer get the morning brief.");
    expect((await ask("/unsubscribe brief", manager("C1"), wed)).fallback).toContain(
      "does not get the morning brief",
    );
    expect((await new SubscriptionStore(store).all()).map((s) => s.channelId).sort()).toEqual(["C2", "D1"]);
    expect((await ask("/subscriptions", manager("C1"), wed)).fallback).toContain(
      "This channel does not get anything",
    );
  });

  it("GIVEN a subscription its index lost THEN /subscriptions in its channel shows it and re-indexes it", async () => {
    await ask("/subscribe brief", manager("C7"));
    await store.set(SUBSCRIPTIONS_NAMESPACE, workspaceKey("slack", "T1"), []);
    expect(await new SubscriptionStore(store).all()).toEqual([]);
    expect((await ask("/subscriptions", manager("C7"))).fallback).toContain("morning brief at 08:30");
    expect((await new SubscriptionStore(store).all()).map((s) => s.channelId)).toEqual(["C7"]);
  });

  it("keeps every subscription in the index when many channels subscribe at once", async () => {
    const channels = Array.from({ length: 40 }, (_, i) => `C${i}`);
    const replies = await Promise.all(channels.map((c) => ask("/subscribe brief", manager(c))));
    expect(replies.every((r) => r.kind === "answer")).toBe(true);
    const all = await new SubscriptionStore(store).all();
    expect(all.map((s) => s.channelId).sort()).toEqual([...channels].sort());
  });
});
