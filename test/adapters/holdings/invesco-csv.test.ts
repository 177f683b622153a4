// Invesco's holdings download: header, padded tickers, the fund filter and the list's date.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseMemberFile, looksLikeMemberCsv } from "../../../src/adapters/holdings/member-file.ts";
import { isInvescoHeader, looksLikeInvescoCsv } from "../../../src/adapters/holdings/invesco-csv.ts";
import { BadDataError } from "../../../src/core/errors.ts";
import { INVESCO_HEADER, invescoFile } from "../members/holdings-server.ts";

const SOURCE = "holdings file from www.invesco.example";

const FIVE = [
  { ticker: "DLTW", name: "Deltawave Semiconductor Inc", sector: "Information Technology", weight: "8.12" },
  { ticker: "GOOGL", name: "Alphabet Inc, Class A", sector: "Communication Services", weight: "2.5" },
  { ticker: "GOOG", name: "Alphabet Inc, Class C", sector: "Communication Services", weight: "2.4" },
  { ticker: "BRK.B", name: "A dotted class", sector: "Financials", weight: "0.3" },
  { ticker: "RUSHA", name: "Rush Enterprises Inc", sector: "Industrials", weight: "0.1" },
];

function badData(fn: () => unknown): BadDataError {
  try {
    fn();
  } catch (err) {
    if (err instanceof BadDataError) return err;
    throw err;
  }
  throw new Error("expected a BadDataError");
}

describe("parseMemberFile on Invesco's layout", () => {
  const holdings = parseMemberFile(invescoFile("12/01/2026", FIVE), SOURCE, { fund: "QQQ" });

  it("reads every holding, trims the padded tickers and maps them to Yahoo symbols", () => {
    expect(holdings.members.map((m) => [m.ticker, m.symbol])).toEqual([
      ["DLTW", "DLTW"],
      ["GOOGL", "GOOGL"], // NASDAQ classes stay as written
      ["GOOG", "GOOG"],
      ["BRK.B", "BRK-B"],
      ["RUSHA", "RUSHA"],
    ]);
  });

  it("takes the list's date from the Date column, and name, sector and weight of each row", () => {
    expect(holdings.asOf).toBe("2026-12-01");
    expect(holdings.fund).toBe("QQQ");
    expect(holdings.members[1]).toEqual({
      ticker: "GOOGL",
      symbol: "GOOGL",
      name: "Alphabet Inc, Class A",
      sector: "Communication Services",
      weight: 2.5,
    });
  });

  it("GIVEN rows of two funds THEN keeps only the fund asked for", () => {
    const qqq = invescoFile("2026-12-01", FIVE.slice(0, 2));
    const qqqm = invescoFile("2026-12-01", FIVE.slice(2), "QQQM").split("\r\n").slice(1).join("\r\n");
    const mixed = `${qqq}${qqqm}`;
    expect(parseMemberFile(mixed, SOURCE, { fund: "QQQ" }).members.map((m) => m.ticker)).toEqual([
      "DLTW",
      "GOOGL",
    ]);
    expect(parseMemberFile(mixed, SOURCE, { fund: "qqqm" }).members).toHaveLength(3);
    // Without a fund, the first row's fund.
    expect(parseMemberFile(mixed, SOURCE).members).toHaveLength(2);
  });

  it("GIVEN only another fund's rows THEN says whose rows it holds", () => {
    const err = badData(() =>
      parseMemberFile(invescoFile("2026-12-01", FIVE, "SPY"), SOURCE, { fund: "QQQ" }),
    );
    expect(err.message).toBe(`${SOURCE}: it lists no holdings of QQQ, only of SPY`);
  });

  it("GIVEN a header and no rows THEN says so", () => {
    const err = badData(() => parseMemberFile(`${INVESCO_HEADER}\r\n`, SOURCE, { fund: "QQQ" }));
    expect(err.message).toBe(`${SOURCE}: the file has a header but no holdings`);
  });

  it("GIVEN a short row THEN names its line", () => {
    const text = `${INVESCO_HEADER}\nQQQ,1,AAPL,10,100,1.0,Apple,Common Stock,IT,12/01/2026\nQQQ,2,MSFT,10\n`;
    const err = badData(() => parseMemberFile(text, SOURCE, { fund: "QQQ" }));
    expect(err.message).toBe(`${SOURCE} line 3: expected 10 fields as in the header, got 4`);
  });

  it("GIVEN a date that is not one THEN names it", () => {
    const text = `${INVESCO_HEADER}\nQQQ,1,AAPL,10,100,1.0,Apple,Common Stock,IT,someday\n`;
    expect(badData(() => parseMemberFile(text, SOURCE)).message).toContain(
      'line 2: date "someday" is not a date',
    );
  });

  it("GIVEN an empty ticker THEN the row is counted as skipped, not invented", () => {
    const text = `${INVESCO_HEADER}\nQQQ,1,AAPL,10,100,1.0,Apple,Common Stock,IT,12/01/2026\nQQQ,2, ,10,100,0.1,Cash,,,12/01/2026\n`;
    const h = parseMemberFile(text, SOURCE);
    expect(h.members.map((m) => m.symbol)).toEqual(["AAPL"]);
    expect(h.skipped.noTicker).toBe(1);
  });
});

describe("telling the layouts apart", () => {
  it("recognises Invesco's header, and not the iShares one", () => {
    expect(isInvescoHeader(INVESCO_HEADER.split(","))).toBe(true);
    expect(isInvescoHeader(["Ticker", "Name", "Sector"])).toBe(false);
    expect(looksLikeInvescoCsv(`\uFEFF\r\n${INVESCO_HEADER}\r\n`)).toBe(true);
    expect(looksLikeInvescoCsv("Ticker,Name\nAAA,Aaa\n")).toBe(false);
  });

  it("accepts either CSV and refuses HTML and an empty body", () => {
    expect(looksLikeMemberCsv(invescoFile("2026-12-01", FIVE))).toBe(true);
    expect(looksLikeMemberCsv("Symbol,Name\nAAA,Aaa\n")).toBe(true);
    expect(looksLikeMemberCsv("<!DOCTYPE html><html><body>moved</body></html>")).toBe(false);
    expect(looksLikeMemberCsv("")).toBe(false);
  });
});

describe("properties", () => {
  const ticker = fc.stringMatching(/^[A-Z]{1,5}$/);
  const name = fc.string({ maxLength: 30 }).map(
    (s) =>
      s
        .replaceAll('"', "'")
        .replace(/[\r\n]/g, " ")
        .trim() || "X",
  );
  const member = fc.record({
    ticker,
    name,
    sector: fc.constantFrom("Industrials", "Health Care"),
    weight: fc.double({ min: 0, max: 20, noNaN: true }).map((w) => w.toFixed(4)),
  });
  const funds = fc.array(fc.tuple(member, fc.constantFrom("QQQ", "QQQM", "SPY")), {
    minLength: 1,
    maxLength: 40,
  });

  it("keeps exactly the wanted fund's distinct tickers, in order, whatever the mix", () => {
    fc.assert(
      fc.property(funds, (rows) => {
        const lines = rows.map(([m, fund], i) =>
          [
            fund,
            i,
            `${m.ticker}   `,
            "1",
            "1",
            m.weight,
            `"${m.name}"`,
            "Common Stock",
            m.sector,
            "12/01/2026",
          ].join(","),
        );
        const text = [INVESCO_HEADER, ...lines].join("\n");
        const expected = [...new Set(rows.filter(([, f]) => f === "QQQ").map(([m]) => m.ticker))];
        if (expected.length === 0) {
          expect(() => parseMemberFile(text, SOURCE, { fund: "QQQ" })).toThrow(BadDataError);
          return;
        }
        const h = parseMemberFile(text, SOURCE, { fund: "QQQ" });
        expect(h.members.map((m) => m.ticker)).toEqual(expected);
        expect(h.asOf).toBe("2026-12-01");
      }),
    );
  });

  it("any text after the header either parses or fails with our BadDataError", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (tail) => {
        try {
          parseMemberFile(`${INVESCO_HEADER}\n${tail}`, SOURCE, { fund: "QQQ" });
        } catch (err) {
          expect(err).toBeInstanceOf(BadDataError);
          expect((err as Error).message.startsWith(SOURCE)).toBe(true);
        }
      }),
    );
  });
});
