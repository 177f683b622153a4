import { mkdtemp, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { recordingLogger } from "./recording-logger.ts";
import { storeContract } from "./store-contract.ts";

const dir = await mkdtemp(join(tmpdir(), "rotation-bot-sqlite-"));
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("Store on SQLite (keyv + @keyv/sqlite on node:sqlite)", () => {
  storeContract(() => createStore({ sqlitePath: join(dir, "contract.sqlite") }, recordingLogger()));

  it("GIVEN a path whose folders do not exist THEN it creates them and the file", async () => {
    const file = join(dir, "nested", "deeper", "bot.sqlite");
    const store = await createStore({ sqlitePath: file }, recordingLogger());
    await store.set("subs", "C123", { channel: "C123" });
    await store.close();
    expect((await stat(file)).isFile()).toBe(true);
  });

  it("GIVEN a store closed and opened again THEN what was saved is still there", async () => {
    const file = join(dir, "reopen.sqlite");
    const first = await createStore({ sqlitePath: file }, recordingLogger());
    await first.set("breadth", "RUT:2026-01-13", { advancers: 1204, decliners: 702 });
    await first.set("quotes", "IWM", { price: 261.3 }, 60_000);
    await first.close();
    await first.close(); // closing twice is harmless

    const second = await createStore({ sqlitePath: file }, recordingLogger());
    expect(await second.get("breadth", "RUT:2026-01-13")).toEqual({ advancers: 1204, decliners: 702 });
    expect(await second.get("quotes", "IWM")).toEqual({ price: 261.3 });
    await second.close();
  });

  it("GIVEN a path under a regular file THEN opening fails with an error, not a crash", async () => {
    const blocker = join(dir, "not-a-folder");
    await writeFile(blocker, "x");
    await expect(
      createStore({ sqlitePath: join(blocker, "bot.sqlite") }, recordingLogger()),
    ).rejects.toThrow();
  });

  it("GIVEN the store was closed THEN getMany misses and setMany rejects, naming what was lost", async () => {
    const store = await createStore({ sqlitePath: join(dir, "closed.sqlite") }, recordingLogger());
    await store.setMany("quotes", [{ key: "IWM", value: 1 }]);
    await store.close();
    expect(await store.getMany("quotes", ["IWM"])).toEqual([undefined]);
    await expect(store.setMany("quotes", [{ key: "SPY", value: 2 }])).rejects.toThrow(
      /Store \(sqlite\) did not save 1 of 1 entries of quotes, e\.g\. quotes\/SPY/,
    );
  });

  it("GIVEN two stores on one file (two connections) racing setIfAbsent THEN exactly one wins", async () => {
    const file = join(dir, "race.sqlite");
    const a = await createStore({ sqlitePath: file }, recordingLogger());
    const b = await createStore({ sqlitePath: file }, recordingLogger());
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).setIfAbsent("claims", "k", i, 60_000)),
    );
    expect(results.filter((r) => r)).toHaveLength(1);
    expect(await a.get("claims", "k")).toBe(results.indexOf(true));
    await a.close();
    await b.close();
  });

  it("GIVEN the store was closed THEN setIfAbsent rejects rather than guess", async () => {
    const store = await createStore({ sqlitePath: join(dir, "closed-add.sqlite") }, recordingLogger());
    await store.close();
    await expect(store.setIfAbsent("claims", "k", 1)).rejects.toThrow(/closed/);
  });

  it("GIVEN it opens THEN it says which driver it uses", async () => {
    const logger = recordingLogger();
    const store = await createStore({ sqlitePath: join(dir, "driver.sqlite") }, logger);
    await store.close();
    const ready = logger.lines.find((l) => l.msg === "store ready");
    expect(ready?.obj).toMatchObject({ backend: "sqlite", driver: "node:sqlite", component: "store" });
  });
});
