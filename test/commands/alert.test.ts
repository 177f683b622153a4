/**
 * /alert in a channel: add, list, remove, test, the 25-alert limit, managers only for changes,
 * alerts surviving a restart (a new store connection on the same file), and bad input of every
 * shape answered privately with what to type (fast-check over random text).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvMarketData } from "../../src/adapters/csv/csv-market-data.ts";
import { createMemberLists } from "../../src/adapters/members/index.ts";
import { createStore } from "../../src/adapters/store/create-store.ts";
import { parseAlert } from "../../src/commands/alerts/parse.ts";
import { commands } from "../../src/commands/index.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { UserError } from "../../src/core/errors.ts";
import { type Store, silentLogger } from "../../src/core/ports.ts";
import type { Requester } from "../../src/core/command.ts";
import { CLOSES_DIR, LATER } from "./helpers.ts";

const clock = { now: () => LATER };
const manager: Requester = {
  platform: "slack",
  channelId: "C1",
  workspaceId: "T1",
  userId: "U1",
  isAdmin: true,
};
const member: Requester = {
  platform: "slack",
  channelId: "C1",
  workspaceId: "T1",
  userId: "U2",
  isAdmin: false,
};

describe("/alert", () => {
  let dir: string;
  let store: Store;
  const ask = (text: string, requester: Requester = manager, s: Store = store) =>
    dispatchText(text, {
      commands,
      market: new CsvMarketData({ dir: CLOSES_DIR, clock }),
      members: createMemberLists({ csvDir: CLOSES_DIR }, { store: s, clock, logger: silentLogger }),
      store: s,
      clock,
      logger: silentLogger,
      requester,
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "alert-cmd-"));
    store = await createStore({ sqlitePath: join(dir, "store.sqlite") }, silentLogger);
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("adds every kind of alert, numbered, and lists them; they survive a restart", async () => {
    const texts = [
      "/alert add record RUT",
      "/alert add cross IWM 270",
      "/alert add line IWM/SPY 50",
      "/alert add spread RUT SPX 5d 300",
      "/alert add participation SPX 50",
      "/alert add mcclellan NDX",
      "/alert add thrust SPX",
    ];
    for (const [i, text] of texts.entries()) {
      const reply = await ask(text);
      expect(reply.kind, reply.fallback).toBe("answer");
      expect(reply.fallback).toContain(`Alert #${i + 1} added`);
    }
    await store.close();
    store = await createStore({ sqlitePath: join(dir, "store.sqlite") }, silentLogger);
    const list = await ask("/alert list", member);
    expect(list.kind).toBe("answer");
    expect(list.fallback).toContain("Alerts in this channel (7 of 25)");
    expect(list.fallback).toContain("record ^RUT (Russell 2000)");
    expect(list.fallback).toContain("spread ^RUT - ^GSPC, 5 sessions, beyond +/-300 bp");
    expect(list.fallback).toContain("never");
  });

  it("refuses the same alert twice, and changes by people who do not manage the channel", async () => {
    const again = await ask("/alert add record R2K");
    expect(again.kind).toBe("user-error");
    expect(again.fallback).toContain("already has that alert: #1");
    const refused = await ask("/alert add record SPX", member);
    expect(refused.kind).toBe("user-error");
    expect(refused.visibility).toBe("private");
    expect(refused.fallback).toContain("Only people who manage this channel");
  });

  it("removes by number, and says so when there is no such alert", async () => {
    const removed = await ask("/alert remove 2");
    expect(removed.fallback).toContain("Removed alert #2: cross IWM 270");
    const missing = await ask("/alert remove 2");
    expect(missing.kind).toBe("user-error");
    expect(missing.fallback).toContain("no alert #2");
    const list = await ask("/alert list");
    expect(list.fallback).not.toContain("cross IWM");
  });

  it("holds at most 25 alerts a channel", async () => {
    const other = { ...manager, channelId: "C-FULL" };
    for (let i = 1; i <= 25; i++) {
      const r = await ask(`/alert add cross SPY ${500 + i}`, other);
      expect(r.kind, r.fallback).toBe("answer");
    }
    const over = await ask("/alert add cross SPY 600", other);
    expect(over.kind).toBe("user-error");
    expect(over.fallback).toContain("has 25 alerts, the most it can have");
  });

  it("holds at most 25 alerts, numbered once each, when two processes add at the same time", async () => {
    // A second connection to the same file: another process (replica) on the same store.
    const second = await createStore({ sqlitePath: join(dir, "store.sqlite") }, silentLogger);
    try {
      const where = { ...manager, channelId: "C-RACE" };
      const replies = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          ask(`/alert add cross QQQ ${400 + i}`, where, i % 2 === 0 ? store : second),
        ),
      );
      expect(replies.filter((r) => r.kind === "answer")).toHaveLength(25);
      const refused = replies.filter((r) => r.kind !== "answer");
      expect(refused).toHaveLength(15);
      for (const r of refused) expect(r.fallback).toContain("has 25 alerts, the most it can have");
      const list = await ask("/alert list", where, second);
      const ids = (list.data.alerts as { id: number }[]).map((a) => a.id);
      expect(ids).toHaveLength(25);
      expect(new Set(ids).size).toBe(25);
      // Each added alert is the one its answer named.
      const added = replies.flatMap((r) => (r.kind === "answer" ? [r.data.id as number] : []));
      expect([...added].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    } finally {
      await second.close();
    }
  });

  it("tests an alert on the latest session without posting: a record close of RUT on 16 Jan", async () => {
    const reply = await ask("/alert test record RUT", { platform: "cli" });
    expect(reply.kind, reply.fallback).toBe("answer");
    expect(reply.fallback).toContain("Alert: Russell 2000: record close");
    expect(reply.fallback).toContain("2,620.00");
    expect(reply.fallback).toContain("Nothing was posted");
    expect(reply.blocks.some((b) => b.type === "chart")).toBe(true);
    const none = await ask("/alert test mcclellan RUT", { platform: "cli" });
    expect(none.kind, none.fallback).toBe("answer");
  });

  it("answers any text with valid arguments or a UserError saying what to type, never a crash", () => {
    const word = fc.oneof(
      fc.constantFrom(
        "add",
        "list",
        "remove",
        "test",
        "resume",
        "record",
        "cross",
        "line",
        "spread",
        "participation",
        "mcclellan",
        "thrust",
        "RUT",
        "SPX",
        "IWM/SPY",
        "5d",
        "300",
        "50",
        "#3",
        "0",
        "-1",
        "1e9",
        "NaN",
        "@everyone",
      ),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 7 }), (parts) => {
        const text = parts.join(" ");
        try {
          const args = parseAlert(text);
          expect(["add", "list", "remove", "test", "resume"]).toContain(args.action);
          if (args.action === "remove") expect(Number.isInteger(args.id) && args.id >= 1).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(UserError);
          const e = err as UserError;
          expect(e.hint).toMatch(/^\/alert /);
          expect(e.message).not.toContain("@everyone");
        }
      }),
      { numRuns: 2000 },
    );
  });
});
