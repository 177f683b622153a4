/** /history's argument text: examples, and properties over any pair, window and level typed. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { historyText, parseHistoryArgs } from "../../src/commands/views/history-args.ts";
import { UserError } from "../../src/core/errors.ts";

describe("parseHistoryArgs", () => {
  it("reads the pair, the window and the level", () => {
    expect(parseHistoryArgs("")).toEqual({ a: "^RUT", b: "^GSPC", rotation: true, n: 21 });
    expect(parseHistoryArgs("rotation 63")).toEqual({ a: "^RUT", b: "^GSPC", rotation: true, n: 63 });
    expect(parseHistoryArgs("Rotation 3m -250bp")).toMatchObject({ n: 63, levelBp: -250 });
    expect(parseHistoryArgs("IWM SPY")).toEqual({ a: "IWM", b: "SPY", rotation: false, n: 21 });
    expect(parseHistoryArgs("rsp spy 5 300")).toMatchObject({ a: "RSP", b: "SPY", n: 5, levelBp: 300 });
    // A signed number is a level even when it comes first; the window keeps its default.
    expect(parseHistoryArgs("rotation +500")).toMatchObject({ n: 21, levelBp: 500 });
    expect(parseHistoryArgs("IWM SPY 500bp 10")).toMatchObject({ n: 10, levelBp: 500 });
    // After a window, a plain number is the level.
    expect(parseHistoryArgs("rotation 1m 150")).toMatchObject({ n: 21, levelBp: 150 });
    // Index words become index symbols, as in /compare.
    expect(parseHistoryArgs("RUT SPX 1y")).toMatchObject({ a: "^RUT", b: "^GSPC", n: 252 });
  });

  it("refuses what it cannot read, saying what to type", () => {
    for (const text of [
      "IWM",
      "IWM SPY QQQ",
      "rotation IWM",
      "rotation ytd",
      "rotation 0",
      "rotation 253",
      "IWM SPY 21 +5 +6",
      "rotation 1m 3m",
      "IWM SPY 2.5",
      "rotation 2026-01-02..2026-01-13",
      "rotation +200000",
    ]) {
      let error: unknown;
      try {
        parseHistoryArgs(text);
      } catch (err) {
        error = err;
      }
      expect(error, text).toBeInstanceOf(UserError);
      expect((error as UserError).hint).toMatch(/^\/history /);
    }
  });

  it("any pair, window and level typed in any order of number forms reads back the same", () => {
    const ticker = fc.constantFrom("IWM", "SPY", "RSP", "QQQ", "KRE", "XLF", "BRK-B", "^RUT");
    fc.assert(
      fc.property(
        fc.option(fc.tuple(ticker, ticker).filter(([x, y]) => x !== y)),
        fc.option(fc.integer({ min: 1, max: 252 })),
        fc.option(fc.integer({ min: -100_000, max: 100_000 })),
        (pair, n, level) => {
          const text = [
            pair ? pair.join(" ") : "rotation",
            n === null ? "" : String(n),
            level === null ? "" : `${level >= 0 ? "+" : ""}${level}`,
          ].join(" ");
          const args = parseHistoryArgs(text);
          expect(args.rotation).toBe(pair === null);
          if (pair) expect([args.a, args.b]).toEqual(pair);
          expect(args.n).toBe(n ?? 21);
          expect(args.levelBp).toBe(level === null ? undefined : level);
          // Its own text asks for the same again (what buttons and hints carry).
          expect(parseHistoryArgs(historyText(args))).toEqual(args);
        },
      ),
    );
  });

  it("any text at all: arguments or a UserError, and never an echo of markup", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        try {
          const args = parseHistoryArgs(text);
          expect(args.n).toBeGreaterThanOrEqual(1);
          expect(args.n).toBeLessThanOrEqual(252);
          expect(args.a).not.toBe(args.b);
        } catch (err) {
          expect(err).toBeInstanceOf(UserError);
          expect((err as Error).message).not.toMatch(/[<>@]/);
        }
      }),
    );
  });
});
