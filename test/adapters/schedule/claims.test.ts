/**
 * Claims on a real SQLite store shared by two connections (two processes' view): taking over a
 * lapsed lease is atomic, so exactly one taker wins.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { silentLogger } from "../../../src/core/ports.ts";
import { StoreClaims } from "../../../src/core/schedule/claims.ts";

describe("claims on a SQLite store shared by two connections", () => {
  it("of two stores on one SQLite file taking over a lapsed lease, exactly one wins", async () => {
    const dir = await mkdtemp(join(tmpdir(), "claims-"));
    const file = join(dir, "claims.sqlite");
    const a = await createStore({ sqlitePath: file }, silentLogger);
    const b = await createStore({ sqlitePath: file }, silentLogger);
    let now = 1_000;
    const clock = { now: () => now };
    expect(await new StoreClaims(a, clock).acquire("k", "gone", 100)).toBe(true);
    now += 1_000;
    const tries = await Promise.all(
      Array.from({ length: 6 }, (_, i) => new StoreClaims(i % 2 ? a : b, clock).acquire("k", `p${i}`, 100)),
    );
    expect(tries.filter(Boolean)).toHaveLength(1);
    await a.close();
    await b.close();
    await rm(dir, { recursive: true, force: true });
  });
});
