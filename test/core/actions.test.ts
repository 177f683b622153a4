// Button payloads: compact, validated like typed input, never trusted.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { commands } from "../../src/commands/index.ts";
import {
  answerActions,
  decodePress,
  encodePress,
  MAX_PAYLOAD,
  withIndex,
  withPeriod,
} from "../../src/core/actions.ts";
import { UserError } from "../../src/core/errors.ts";
import { makeReply } from "../../src/core/reply.ts";

const find = (name: string) => commands.find((c) => c.name === name) as (typeof commands)[number];
const answer = makeReply([{ type: "table", columns: ["a"], rows: [["1"]] }], {});
const NOW = Date.parse("2026-01-16T22:00:00Z");

describe("button payloads", () => {
  it("round-trips a press to the second", () => {
    const press = { kind: "rerun" as const, command: "compare", text: "IWM SPY ytd", issuedAt: NOW };
    expect(decodePress(encodePress(press), commands)).toEqual(press);
  });

  it("switches the period or the index and keeps the rest of the arguments", () => {
    expect(withPeriod("IWM SPY 1m", "ytd")).toBe("IWM SPY ytd");
    expect(withPeriod("RUT 2026-01-02..2026-01-13 10", "1y")).toBe("RUT 10 1y");
    expect(withPeriod("", "5d")).toBe("5d");
    expect(withIndex("SPX history 20", "NDX")).toBe("NDX history 20");
  });

  it("gives each command its buttons: periods, indexes, Refresh, CSV", () => {
    const labels = (name: string, text: string) =>
      answerActions(answer, find(name), text, NOW).map((a) => a.label);
    expect(labels("rotation", "")).toEqual(["1d", "5d", "1m", "ytd", "1y", "CSV"]);
    expect(labels("compare", "IWM SPY")).toEqual(["1d", "5d", "1m", "ytd", "1y", "CSV"]);
    expect(labels("leaders", "RUT 1m")).toEqual(["1d", "5d", "1m", "ytd", "1y", "CSV"]);
    expect(labels("breadth", "SPX")).toEqual(["RUT", "SPX", "NDX", "CSV"]);
    expect(labels("quote", "IWM")).toEqual(["Refresh", "CSV"]);
    expect(labels("help", "")).toEqual([]);
    const privately = { ...answer, visibility: "private" as const };
    expect(answerActions(privately, find("rotation"), "", NOW)).toEqual([]);
  });

  it("highlights the index a /breadth answer shows, however it was named", () => {
    const selected = (text: string) =>
      answerActions(answer, find("breadth"), text, NOW)
        .filter((a) => a.selected)
        .map((a) => a.label);
    expect(selected("RUT")).toEqual(["RUT"]);
    expect(selected("small")).toEqual(["RUT"]);
    expect(selected("r2k")).toEqual(["RUT"]);
    expect(selected("sp500 history 20")).toEqual(["SPX"]);
    expect(selected("nasdaq100")).toEqual(["NDX"]);
  });

  it("refuses what it did not make: other commands, damaged text, bad arguments", () => {
    for (const bad of [
      "",
      "x",
      "r:subscribe:abc:all",
      "q:rotation:abc:1m",
      "r:rotation:abc:1m\nmore",
      "r:compare:abc:IWM",
    ])
      expect(() => decodePress(bad, commands), bad).toThrow(UserError);
  });

  it("property: any payload either decodes to an allowed, parseable press or is a UserError", () => {
    const payload = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc
        .tuple(
          fc.constantFrom("r", "c", "f", "x"),
          fc.constantFrom("rotation", "compare", "breadth", "quote", "alert", "subscribe"),
          fc.string({ maxLength: 60 }),
        )
        .map(([k, c, t]) => `${k}:${c}:${Math.floor(NOW / 1000).toString(36)}:${t}`),
    );
    fc.assert(
      fc.property(payload, (p) => {
        try {
          const press = decodePress(p, commands);
          expect(p.length).toBeLessThanOrEqual(MAX_PAYLOAD);
          expect(["rotation", "compare", "sectors", "leaders", "breadth", "quote"]).toContain(press.command);
          expect(() => find(press.command).parse(press.text)).not.toThrow();
        } catch (err) {
          expect(err).toBeInstanceOf(UserError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
