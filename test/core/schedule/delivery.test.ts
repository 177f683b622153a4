/** What a run owes, and how outcomes move a subscription's state; the after-close breadth time. */
import { describe, expect, it } from "vitest";
import { breadthSessionDue } from "../../../src/core/schedule/breadth-job.ts";
import { StoreClaims } from "../../../src/core/schedule/claims.ts";
import {
  afterFailure,
  afterSuccess,
  DEFAULT_POLICY,
  owedPosts,
} from "../../../src/core/schedule/delivery.ts";
import { interleave, paced } from "../../../src/core/schedule/pacer.ts";
import type { Subscription } from "../../../src/core/subscriptions/model.ts";
import { memoryStore } from "../../commands/helpers.ts";

const at = (iso: string) => Date.parse(iso);

function sub(extra: Partial<Subscription> = {}): Subscription {
  return {
    id: "discord:G1:C1:brief",
    platform: "discord",
    workspaceId: "G1",
    channelId: "C1",
    kind: "brief",
    time: "08:30",
    zone: "America/New_York",
    createdBy: "U1",
    createdAt: at("2026-11-01T00:00:00Z"),
    updatedAt: at("2026-11-01T00:00:00Z"),
    state: { failures: 0 },
    ...extra,
  };
}

describe("owed posts", () => {
  const tue0835 = at("2026-11-24T13:35:00Z");
  it("owes today's post once, and not again after it was sent", () => {
    const { owed } = owedPosts([sub()], tue0835, DEFAULT_POLICY);
    expect(owed.map((o) => [o.slot.session, o.late])).toEqual([["2026-11-24", false]]);
    const sent = sub({ state: afterSuccess({ failures: 0 }, owed[0]?.slot as never, tue0835) });
    expect(owedPosts([sent], tue0835 + 3_600_000, DEFAULT_POLICY).owed).toEqual([]);
  });

  it("owes nothing on Thanksgiving, late within the window, missed after it", () => {
    expect(
      owedPosts(
        [sub({ state: { failures: 0, lastSentSession: "2026-11-25" } })],
        at("2026-11-26T14:00:00Z"),
        DEFAULT_POLICY,
      ),
    ).toEqual({ owed: [], missed: [] });
    const late = owedPosts([sub()], at("2026-11-24T15:00:00Z"), DEFAULT_POLICY);
    expect(late.owed[0]?.late).toBe(true);
    const missed = owedPosts([sub()], at("2026-11-24T16:00:00Z"), DEFAULT_POLICY);
    expect(missed.owed).toEqual([]);
    expect(missed.missed.map((m) => m.slot.session)).toEqual(["2026-11-24"]);
  });

  it("never fires a new subscription for a slot already past when it was made", () => {
    const made = sub({ createdAt: at("2026-11-24T14:00:00Z"), updatedAt: at("2026-11-24T14:00:00Z") });
    expect(owedPosts([made], at("2026-11-24T14:05:00Z"), DEFAULT_POLICY)).toEqual({ owed: [], missed: [] });
  });

  it("skips paused subscriptions", () => {
    expect(owedPosts([sub({ state: { failures: 3, pausedAt: 1 } })], tue0835, DEFAULT_POLICY).owed).toEqual(
      [],
    );
  });
});

describe("failures", () => {
  const slot = { session: "2026-11-24", at: at("2026-11-24T13:30:00Z"), localDate: "2026-11-24" };
  const transient = { code: "500", message: "Internal Server Error", permanent: false };
  const permanent = { code: "50001", message: "Missing Access", permanent: true };

  it("retries a transient failure, then settles the session as failed on the last attempt", () => {
    const first = afterFailure({ failures: 0 }, slot, transient, 1, DEFAULT_POLICY);
    expect(first).toMatchObject({
      retry: true,
      paused: false,
      state: { failures: 0, attempts: { count: 1 } },
    });
    const second = afterFailure(first.state, slot, transient, 2, DEFAULT_POLICY);
    expect(second.retry).toBe(true);
    const third = afterFailure(second.state, slot, transient, 3, DEFAULT_POLICY);
    expect(third).toMatchObject({ retry: false, state: { failures: 1, lastFailedSession: "2026-11-24" } });
    expect(third.state.attempts).toBeUndefined();
  });

  it("pauses after three failed sessions in a row, and a success resets the count", () => {
    let state = afterFailure({ failures: 0 }, slot, permanent, 1, DEFAULT_POLICY).state;
    state = afterFailure(state, { ...slot, session: "2026-11-25" }, permanent, 2, DEFAULT_POLICY).state;
    expect(state.pausedAt).toBeUndefined();
    expect(afterSuccess(state, { ...slot, session: "2026-11-27" }, 3)).toMatchObject({ failures: 0 });
    const third = afterFailure(state, { ...slot, session: "2026-11-27" }, permanent, 3, DEFAULT_POLICY);
    expect(third).toMatchObject({
      paused: true,
      state: { failures: 3, pausedAt: 3, lastError: { code: "50001" } },
    });
  });
});

describe("after-close breadth", () => {
  it("is due 30 minutes after the close: 16:30 New York, 13:30 on the early close after Thanksgiving", () => {
    expect(breadthSessionDue(at("2026-11-25T21:29:00Z"))).toBe("2026-11-24");
    expect(breadthSessionDue(at("2026-11-25T21:30:00Z"))).toBe("2026-11-25");
    // Thanksgiving: nothing new.
    expect(breadthSessionDue(at("2026-11-26T22:00:00Z"))).toBe("2026-11-25");
    // Fri 27 Nov closes at 13:00 EST (18:00 UTC); due 18:30 UTC.
    expect(breadthSessionDue(at("2026-11-27T18:29:00Z"))).toBe("2026-11-25");
    expect(breadthSessionDue(at("2026-11-27T18:30:00Z"))).toBe("2026-11-27");
  });
});

describe("claims on the store (one process)", () => {
  it("lets one holder in at a time, lets a lapsed lease be taken over, and never reopens done work", async () => {
    let now = 1_000;
    const claims = new StoreClaims(memoryStore, { now: () => now });
    const key = `test:${Math.random()}`;
    const tries = await Promise.all([claims.acquire(key, "a", 100), claims.acquire(key, "b", 100)]);
    expect(tries.filter(Boolean)).toHaveLength(1);
    expect(await claims.acquire(key, "a", 100)).toBe(false);
    now += 101;
    expect(await claims.acquire(key, "b", 100)).toBe(true);
    await claims.release(key, "a");
    expect(await claims.acquire(key, "c", 100)).toBe(false);
    await claims.complete(key, "b", 10_000);
    now += 1_000;
    expect(await claims.acquire(key, "c", 100)).toBe(false);
  });
});

describe("claims of the sole scheduler", () => {
  it("takes over a lease of another owner at once (its process is gone), never one of its own", async () => {
    const now = 1_000;
    const key = `sole:${Math.random()}`;
    const dead = new StoreClaims(memoryStore, { now: () => now });
    expect(await dead.acquire(key, "dead", 600_000)).toBe(true);
    const sole = new StoreClaims(memoryStore, { now: () => now }, { soleOwner: "me" });
    expect(await sole.available([key])).toEqual([true]);
    expect(await sole.acquire(key, "me", 600_000)).toBe(true);
    // Now it is this owner's own lease: an overlapping run of the same process must not take it.
    expect(await sole.available([key])).toEqual([false]);
    expect(await sole.acquire(key, "me", 600_000)).toBe(false);
    // Without the lock nobody takes a running lease.
    expect(await dead.acquire(key, "dead", 600_000)).toBe(false);
  });
});

describe("pacing", () => {
  it("interleaves lanes so one big workspace does not hold up the rest", () => {
    expect(interleave(["s1", "s2", "s3", "d1", "t1"], (x) => x[0] as string)).toEqual([
      "s1",
      "d1",
      "t1",
      "s2",
      "s3",
    ]);
  });

  it("spaces the starts of one lane by the interval (the sleeps asked for add up)", async () => {
    const slept: number[] = [];
    const done: string[] = [];
    const targets = ["C1", "C2", "C3"].map((channelId) => ({ platform: "discord" as const, channelId }));
    await paced(
      targets,
      (t) => t,
      { concurrency: 3, slackIntervalMs: 0, discordIntervalMs: 1_000 },
      async (t) => void done.push(t.channelId),
      async (ms) => void slept.push(ms),
    );
    expect(done.sort()).toEqual(["C1", "C2", "C3"]);
    // Three starts one second apart: waits of about 1 s and 2 s (the first starts at once).
    expect(slept).toHaveLength(2);
    expect(Math.round(Math.max(...slept) / 1000)).toBe(2);
  });
});
