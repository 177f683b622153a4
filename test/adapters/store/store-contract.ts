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
    expect(await store.get("contract", "short")).toBe("soon gone");
    await sleep(450);
    expect(await store.get("contract", "short")).toBeUndefined();
    expect(await store.get("contract", "forever")).toBe("stays");
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
}
