import { describe, expect, it } from "vitest";
import { EntryMemory } from "../../../src/adapters/cache/entry-memory.ts";
import type { CacheEntry } from "../../../src/adapters/cache/freshness.ts";

const entry = <T>(value: T, fetchedAt = 1_000): CacheEntry<T> => ({
  value,
  fetchedAt,
  freshUntil: fetchedAt + 60_000,
});

describe("EntryMemory", () => {
  it("GIVEN an entry THEN it is held until its expiry, fresh or not, and forgotten from then on", () => {
    const memory = new EntryMemory<number>({ maxEntries: 10 });
    memory.set("k", entry(1), 5_000);
    expect(memory.get("k", 4_999)?.value).toBe(1);
    expect(memory.get("k", 5_000)).toBeUndefined();
    expect(memory.size).toBe(0);
  });

  it("GIVEN more entries than it holds THEN the least recently used goes first", () => {
    const memory = new EntryMemory<string>({ maxEntries: 2 });
    memory.set("a", entry("a"), 9_999);
    memory.set("b", entry("b"), 9_999);
    memory.get("a", 0); // a is now the most recently used
    memory.set("c", entry("c"), 9_999);
    expect(memory.get("b", 0)).toBeUndefined();
    expect(memory.get("a", 0)?.value).toBe("a");
    expect(memory.get("c", 0)?.value).toBe("c");
  });

  it("GIVEN weights THEN their sum stays within maxWeight, and an entry heavier than all of it is not held", () => {
    const memory = new EntryMemory<number[]>({ maxEntries: 100, maxWeight: 10 }, (e) => e.value.length);
    memory.set("four", entry([1, 2, 3, 4]), 9_999);
    memory.set("five", entry([1, 2, 3, 4, 5]), 9_999);
    memory.set("three", entry([1, 2, 3]), 9_999); // 12 > 10: "four" goes
    expect(memory.get("four", 0)).toBeUndefined();
    expect(memory.size).toBe(2);
    const eleven = Array.from({ length: 11 }, (_, i) => i);
    memory.set("five", entry(eleven, 2_000), 9_999); // too heavy: not held, and the old one is gone
    expect(memory.get("five", 0)).toBeUndefined();
    expect(memory.get("three", 0)?.value).toEqual([1, 2, 3]);
  });

  it("GIVEN an older entry for a held key THEN the newer one is kept", () => {
    const memory = new EntryMemory<string>({ maxEntries: 10 });
    memory.set("k", entry("new", 2_000), 9_999);
    memory.set("k", entry("old", 1_000), 9_999);
    expect(memory.get("k", 0)?.value).toBe("new");
    memory.set("k", entry("newer", 3_000), 9_999);
    expect(memory.get("k", 0)?.value).toBe("newer");
  });

  it("GIVEN maxEntries 0 THEN nothing is held", () => {
    const memory = new EntryMemory<number>({ maxEntries: 0 });
    memory.set("k", entry(1), 9_999);
    expect(memory.get("k", 0)).toBeUndefined();
  });

  it("GIVEN an entry held THEN it is frozen through and through, so callers cannot change it for others", () => {
    const memory = new EntryMemory<{ bars: { close: number }[] }>({ maxEntries: 10 });
    memory.set("k", entry({ bars: [{ close: 1 }] }), 9_999);
    const held = memory.get("k", 0);
    expect(() => {
      (held?.value.bars[0] as { close: number }).close = 2;
    }).toThrow(TypeError);
    expect(() => held?.value.bars.push({ close: 3 })).toThrow(TypeError);
    expect(memory.get("k", 0)?.value.bars).toEqual([{ close: 1 }]);
  });
});
