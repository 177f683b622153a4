/**
 * What every Store backend must do, run against each real backend (SQLite file, Redis server).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Store } from "../../../src/core/ports.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function storeContract(open: () => Promise<Store>): void {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("GIVEN nothing stored THEN get answers undefined", async () => {
    expect(await store.get("contract", "absent")).toBeUndefined();
  });

  it("GIVEN a JSON value THEN it round-trips unchanged", async () => {
    const value = {
      symbol: "^RUT",
      bars: [
        { date: "2026-01-12", close: 2612.75, volume: 0 },
        { date: "2026-01-13", close: -0.5, adjClose: null },
      ],
      flags: [true, false],
      text: 'Ünïcode € and "quotes"',
      colon: ":leading colon",
      tagged: ":base64:AAAA",
      nested: { deep: { deeper: [1, [2, [3]]] } },
      empty: {},
    };
    await store.set("contract", "json", value);
    expect(await store.get("contract", "json")).toEqual(value);
    await store.set("contract", "scalar", 42.125);
    expect(await store.get("contract", "scalar")).toBe(42.125);
    await store.set("contract", "string", "plain");
    expect(await store.get("contract", "string")).toBe("plain");
  });

  it("GIVEN a key set twice THEN the second value wins", async () => {
    await store.set("contract", "twice", { n: 1 });
    await store.set("contract", "twice", { n: 2 });
    expect(await store.get("contract", "twice")).toEqual({ n: 2 });
  });

  it("GIVEN a deleted key THEN get answers undefined, and deleting again is fine", async () => {
    await store.set("contract", "gone", "x");
    await store.delete("contract", "gone");
    expect(await store.get("contract", "gone")).toBeUndefined();
    await expect(store.delete("contract", "gone")).resolves.toBeUndefined();
  });

  it("GIVEN a short ttl THEN the value is there before it and gone after it", async () => {
    await store.set("contract", "short", "soon gone", 300);
    await store.set("contract", "forever", "stays");
    await store.setMany("contract", [
      { key: "many-short", value: "soon gone too", ttlMs: 300 },
      { key: "many-forever", value: "stays too" },
    ]);
    expect(await store.get("contract", "short")).toBe("soon gone");
    expect(await store.getMany("contract", ["many-short", "many-forever"])).toEqual([
      "soon gone too",
      "stays too",
    ]);
    await sleep(450);
    expect(await store.get("contract", "short")).toBeUndefined();
    expect(await store.get("contract", "forever")).toBe("stays");
    expect(await store.getMany("contract", ["many-short", "many-forever"])).toEqual([undefined, "stays too"]);
  });

  it("GIVEN the same key in two namespaces THEN they are separate", async () => {
    await store.set("quotes", "IWM", "quote");
    await store.set("history", "IWM", "history");
    expect(await store.get("quotes", "IWM")).toBe("quote");
    expect(await store.get("history", "IWM")).toBe("history");
    await store.delete("quotes", "IWM");
    expect(await store.get("quotes", "IWM")).toBeUndefined();
    expect(await store.get("history", "IWM")).toBe("history");
  });

  it("GIVEN namespace and key that concatenate alike THEN they do not collide", async () => {
    await store.set("a:b", "c", "first");
    await store.set("a", "b:c", "second");
    expect(await store.get("a:b", "c")).toBe("first");
    expect(await store.get("a", "b:c")).toBe("second");
  });

  it("GIVEN a ttl that is not a positive number THEN set refuses it", async () => {
    await expect(store.set("contract", "bad", 1, 0)).rejects.toThrow(RangeError);
    await expect(store.set("contract", "bad", 1, Number.NaN)).rejects.toThrow(RangeError);
    expect(await store.get("contract", "bad")).toBeUndefined();
  });

  it("GIVEN keys some stored and some not THEN getMany answers in the order asked, undefined for the absent", async () => {
    await store.set("many", "IWM", { price: 261.3 });
    await store.set("many", "SPY", 690.1);
    expect(await store.getMany("many", ["SPY", "nope", "IWM", "SPY"])).toEqual([
      690.1,
      undefined,
      { price: 261.3 },
      690.1,
    ]);
    expect(await store.getMany("many", [])).toEqual([]);
    expect(await store.getMany("many-elsewhere", ["IWM", "SPY"])).toEqual([undefined, undefined]);
  });

  it("GIVEN setMany THEN get and getMany see every entry, and a second setMany overwrites", async () => {
    await store.setMany<unknown>("batch", [
      { key: "a", value: { n: 1, text: 'Ünïcode "q"' } },
      { key: "b", value: [1, 2, 3] },
      { key: "c", value: "plain", ttlMs: 60_000 },
    ]);
    expect(await store.get("batch", "a")).toEqual({ n: 1, text: 'Ünïcode "q"' });
    expect(await store.getMany("batch", ["c", "b", "a"])).toEqual([
      "plain",
      [1, 2, 3],
      { n: 1, text: 'Ünïcode "q"' },
    ]);
    await store.setMany("batch", [{ key: "a", value: { n: 2 } }]);
    expect(await store.getMany("batch", ["a", "b"])).toEqual([{ n: 2 }, [1, 2, 3]]);
    await expect(store.setMany("batch", [])).resolves.toBeUndefined();
  });

  it("GIVEN more entries than one SQL statement or MULTI holds THEN all of them round-trip", async () => {
    // Above @keyv/sqlite's per-statement batches (249 rows written, 998 keys read).
    const keys = Array.from({ length: 2_100 }, (_, i) => `S${i}`);
    await store.setMany(
      "big",
      keys.map((key, i) => ({ key, value: { symbol: key, price: i / 4 }, ttlMs: 60_000 })),
    );
    const got = await store.getMany<{ symbol: string; price: number }>("big", keys);
    expect(got).toHaveLength(keys.length);
    expect(got.every((v, i) => v !== undefined && v.symbol === keys[i] && v.price === i / 4)).toBe(true);
  });

  it("GIVEN batches whose namespace and key concatenate alike THEN they do not collide", async () => {
    await store.setMany("m:b", [{ key: "c", value: "first" }]);
    await store.setMany("m", [{ key: "b:c", value: "second" }]);
    expect(await store.getMany("m:b", ["c", "x"])).toEqual(["first", undefined]);
    expect(await store.getMany("m", ["b:c"])).toEqual(["second"]);
  });

  it("GIVEN one bad ttl in a batch THEN setMany refuses it and saves none of it", async () => {
    await expect(
      store.setMany("refused", [
        { key: "ok", value: 1, ttlMs: 1_000 },
        { key: "bad", value: 2, ttlMs: -5 },
      ]),
    ).rejects.toThrow(RangeError);
    expect(await store.getMany("refused", ["ok", "bad"])).toEqual([undefined, undefined]);
  });

  it("GIVEN an absent key THEN setIfAbsent stores it and says so; a second one neither stores nor overwrites", async () => {
    expect(await store.setIfAbsent("once", "k1", { owner: "a" }, 60_000)).toBe(true);
    expect(await store.setIfAbsent("once", "k1", { owner: "b" }, 60_000)).toBe(false);
    expect(await store.get("once", "k1")).toEqual({ owner: "a" });
    expect(await store.getMany("once", ["k1"])).toEqual([{ owner: "a" }]);
    // Without a ttl, too; and a key set the ordinary way counts as present.
    expect(await store.setIfAbsent("once", "forever", 1)).toBe(true);
    expect(await store.setIfAbsent("once", "forever", 2)).toBe(false);
    await store.set("once", "plain", "x");
    expect(await store.setIfAbsent("once", "plain", "y")).toBe(false);
    expect(await store.get("once", "plain")).toBe("x");
  });

  it("GIVEN many racing setIfAbsent calls on one key THEN exactly one wins", async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => store.setIfAbsent("race", "k", { i }, 60_000)),
    );
    expect(results.filter((r) => r)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await store.get("race", "k")).toEqual({ i: winner });
  });

  it("GIVEN a key whose ttl ran out, or that was deleted THEN setIfAbsent takes it again", async () => {
    expect(await store.setIfAbsent("lapse", "k", "first", 200)).toBe(true);
    await sleep(300);
    expect(await store.setIfAbsent("lapse", "k", "second", 60_000)).toBe(true);
    expect(await store.get("lapse", "k")).toBe("second");
    await store.delete("lapse", "k");
    expect(await store.setIfAbsent("lapse", "k", "third")).toBe(true);
    expect(await store.get("lapse", "k")).toBe("third");
  });

  it("GIVEN keys that concatenate alike THEN setIfAbsent keeps them apart, and refuses a bad ttl", async () => {
    expect(await store.setIfAbsent("i:b", "c", "first")).toBe(true);
    expect(await store.setIfAbsent("i", "b:c", "second")).toBe(true);
    expect(await store.get("i:b", "c")).toBe("first");
    await expect(store.setIfAbsent("once", "bad", 1, 0)).rejects.toThrow(RangeError);
    expect(await store.get("once", "bad")).toBeUndefined();
  });
}
