/**
 * DISCORD_SHARDS (auto or the total number of shards) and DISCORD_SHARD_IDS (the ones this
 * process runs): good values read as discord.js needs them, bad ones stop the start with the
 * variable's name and what to write instead.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../src/config.ts";
import { MAX_SHARDS, parseShardIds } from "../src/config-shards.ts";

const DISCORD = { DISCORD_TOKEN: "t", DISCORD_APPLICATION_ID: "123456789012345678" };

function error(env: Record<string, string>): ConfigError {
  try {
    readConfig({ ...DISCORD, ...env });
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

const shards = (env: Record<string, string>) => readConfig({ ...DISCORD, ...env }).discord?.shards;

describe("DISCORD_SHARDS", () => {
  it("is auto by default and when written so, in any case", () => {
    expect(shards({})).toEqual({ count: "auto" });
    expect(shards({ DISCORD_SHARDS: "" })).toEqual({ count: "auto" });
    expect(shards({ DISCORD_SHARDS: "AUTO" })).toEqual({ count: "auto" });
  });

  it("takes a number of shards, all run here unless DISCORD_SHARD_IDS picks some", () => {
    expect(shards({ DISCORD_SHARDS: "2" })).toEqual({ count: 2 });
    expect(shards({ DISCORD_SHARDS: "8", DISCORD_SHARD_IDS: "0-3" })).toEqual({
      count: 8,
      ids: [0, 1, 2, 3],
    });
    expect(shards({ DISCORD_SHARDS: "8", DISCORD_SHARD_IDS: "6, 1-2,7" })).toEqual({
      count: 8,
      ids: [6, 1, 2, 7],
    });
  });

  it("refuses what is not auto or a count, saying what to write", () => {
    for (const bad of ["0", "-1", "two", "1.5", "auto,2", `${MAX_SHARDS + 1}`]) {
      const e = error({ DISCORD_SHARDS: bad });
      expect(e.variable).toBe("DISCORD_SHARDS");
      expect(e.message).toContain('must be "auto"');
    }
  });

  it("refuses shard ids without a number of shards, ids out of range, backwards or twice", () => {
    expect(error({ DISCORD_SHARD_IDS: "0" }).message).toBe(
      "DISCORD_SHARD_IDS: needs DISCORD_SHARDS set to the total number of shards (a number, not auto), the same in every process",
    );
    expect(error({ DISCORD_SHARDS: "2", DISCORD_SHARD_IDS: "2" }).message).toBe(
      "DISCORD_SHARD_IDS: shard 2 does not exist with DISCORD_SHARDS=2: write the shards this process runs as ids from 0 to 1, e.g. 0,1 or 0-3",
    );
    expect(error({ DISCORD_SHARDS: "4", DISCORD_SHARD_IDS: "3-1" }).message).toContain("runs backwards");
    expect(error({ DISCORD_SHARDS: "4", DISCORD_SHARD_IDS: "0-2,1" }).message).toContain(
      "shard 1 is listed twice",
    );
    expect(error({ DISCORD_SHARDS: "4", DISCORD_SHARD_IDS: "0;1" }).message).toContain(
      '"0;1" is not a shard id',
    );
  });

  it("reads any list of distinct ids below the count back as written", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 64 })
          .chain((count) =>
            fc.tuple(
              fc.constant(count),
              fc.uniqueArray(fc.integer({ min: 0, max: count - 1 }), { minLength: 1 }),
            ),
          ),
        ([count, ids]) => {
          expect(parseShardIds(ids.join(","), count)).toEqual(ids);
        },
      ),
    );
  });

  it("answers any text with a list of ids or a ConfigError naming DISCORD_SHARD_IDS, nothing else", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.integer({ min: 1, max: 16 }), (raw, count) => {
        try {
          const ids = parseShardIds(raw, count);
          expect(new Set(ids).size).toBe(ids.length);
          for (const id of ids) expect(id >= 0 && id < count).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          expect((err as ConfigError).variable).toBe("DISCORD_SHARD_IDS");
        }
      }),
    );
  });
});
