/** GIVEN what a user has typed so far THEN suggestions come from the known instruments, indexes or periods. */
import { describe, expect, it } from "vitest";
import { suggest } from "../../../src/adapters/discord/autocomplete.ts";
import type { OptionSpec } from "../../../src/core/command.ts";
import { KNOWN_INSTRUMENTS } from "../../../src/core/market/instruments.ts";

const tickers: OptionSpec = {
  name: "tickers",
  description: "t",
  type: "tickers",
  autocomplete: "instrument",
};
const index: OptionSpec = { name: "index", description: "i", type: "string", autocomplete: "index" };
const period: OptionSpec = { name: "period", description: "p", type: "string", autocomplete: "period" };

describe("autocomplete", () => {
  it("GIVEN nothing typed THEN offers at most 25 known instruments", () => {
    const out = suggest(tickers, "");
    expect(out).toHaveLength(25);
    for (const s of out) expect(Object.keys(KNOWN_INSTRUMENTS)).toContain(s.value);
  });

  it("GIVEN 'rut' THEN the index symbol comes first, matched without its caret", () => {
    const [first] = suggest(tickers, "rut");
    expect(first).toEqual({ name: "^RUT · Russell 2000", value: "^RUT" });
  });

  it("GIVEN a word of a name THEN matches inside names after symbol prefixes", () => {
    const values = suggest(tickers, "semic").map((s) => s.value);
    expect(values).toEqual(["SMH"]);
  });

  it("GIVEN several tickers THEN completes only the last and keeps the others", () => {
    const out = suggest(tickers, "IWM, xl");
    expect(out.length).toBeGreaterThan(5);
    for (const s of out) expect(s.value).toMatch(/^IWM XL[A-Z]+$/);
    expect(suggest(tickers, "IWM ").every((s) => s.value.startsWith("IWM ") && s.value !== "IWM IWM")).toBe(
      true,
    );
  });

  it("GIVEN an index option THEN offers aliases with their names", () => {
    expect(suggest(index, "r2")).toEqual([{ name: "RUT · Russell 2000", value: "RUT" }]);
    expect(suggest(index, "nasdaq").map((s) => s.value)).toEqual(["NDX"]);
  });

  it("GIVEN an index option THEN offers only indexes with member lists (what /breadth and /leaders accept)", () => {
    expect(suggest(index, "").map((s) => s.value)).toEqual(["RUT", "SPX", "NDX"]);
    expect(suggest(index, "dow")).toEqual([]);
  });

  it("GIVEN a period option THEN offers period codes by prefix", () => {
    expect(suggest(period, "m").map((s) => s.value)).toEqual(["mtd", "1m", "3m", "6m"]);
    expect(suggest(period, "").map((s) => s.value)).toEqual([
      "1d",
      "5d",
      "1m",
      "3m",
      "6m",
      "ytd",
      "1y",
      "mtd",
      "qtd",
    ]);
  });

  it("GIVEN a long choice list THEN filters it and never offers more than 25", () => {
    const choices = Array.from({ length: 40 }, (_, i) => ({ value: `s${i}`, label: `Sector ${i}` }));
    const option: OptionSpec = { name: "sector", description: "s", type: "choice", choices };
    expect(suggest(option, "")).toHaveLength(25);
    expect(suggest(option, "s3").map((s) => s.value)).toEqual([
      "s3",
      "s30",
      "s31",
      "s32",
      "s33",
      "s34",
      "s35",
      "s36",
      "s37",
      "s38",
      "s39",
    ]);
  });

  it("GIVEN an option without completions THEN offers nothing", () => {
    expect(suggest({ name: "x", description: "x", type: "string" }, "a")).toEqual([]);
  });
});
