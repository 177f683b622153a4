/**
 * The file readers on any input: quoted content comes back as written, and anything else is read
 * or refused with our own error naming the file (and the line, for a row), never a crash.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseClosesCsv } from "../../../src/adapters/csv/closes-file.ts";
import { parseValuationCsv } from "../../../src/adapters/csv/valuation-file.ts";
import { parseHoldings } from "../../../src/adapters/holdings/holdings-csv.ts";
import { BadDataError } from "../../../src/core/errors.ts";

const quote = (f: string) => `"${f.replaceAll('"', '""')}"`;
const lineCount = (text: string) => text.split(/\r\n|\n|\r/).length;

/** Our error: a BadDataError whose message starts with the file, and names a line of the text if any. */
function expectOurError(err: unknown, fileName: string, text: string): void {
  expect(err).toBeInstanceOf(BadDataError);
  const message = (err as BadDataError).message;
  expect(message.startsWith(`${fileName}: `) || message.startsWith(`${fileName} line `)).toBe(true);
  const line = /^\S+ line (\d+): /.exec(message)?.[1];
  if (line !== undefined) {
    expect(Number(line)).toBeGreaterThanOrEqual(1);
    expect(Number(line)).toBeLessThanOrEqual(lineCount(text));
  }
}

/** Free text with everything CSV treats specially. */
const anyText = fc.string({
  unit: fc.constantFrom("a", "Z", "1", ",", '"', "\n", "\r", "\r\n", " ", "é", "\u00a0", "-", "."),
});
/** Text made of pieces of real files, so the readers get past their headers now and then. */
const garbage = fc.string({
  unit: fc.constantFrom(
    "date",
    "close",
    "Date,Close\n",
    "symbol",
    "trailing_pe",
    "Ticker",
    "Name",
    "Fund Holdings as of",
    "2026-01-13",
    "1.5",
    "1,234.50",
    "null",
    "-",
    ",",
    '"',
    "\n",
    "\r\n",
    "\r",
    "\uFEFF",
    " ",
    "x",
  ),
  maxLength: 60,
});
const eol = fc.constantFrom("\n", "\r\n");

describe("closes reader on any input", () => {
  it("reads any quoted note and quoted close as written", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyText, { minLength: 1, maxLength: 10 }), eol, async (notes, end) => {
        const rows = notes.map(
          (note, i) => `2026-01-${String(i + 1).padStart(2, "0")},${quote(`1,00${i}.50`)},${quote(note)}`,
        );
        const text = `\uFEFFDate,Close,Note${end}${rows.join(end)}${end}`;
        const bars = await parseClosesCsv(text, "N.csv");
        expect(bars.map((b) => b.close)).toEqual(notes.map((_, i) => 1000.5 + i));
      }),
      { numRuns: 150 },
    );
  });

  it("answers any text with bars or our error naming the file and line", async () => {
    await fc.assert(
      fc.asyncProperty(garbage, async (text) => {
        try {
          const bars = await parseClosesCsv(text, "G.csv");
          for (const bar of bars) expect(Number.isFinite(bar.close)).toBe(true);
        } catch (err) {
          expectOurError(err, "G.csv", text);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe("holdings reader on any input", () => {
  it("reads any quoted company name as written", () => {
    const name = anyText.filter((n) => n.trim() !== "" && !["-", "null", "nan", "n/a"].includes(n.trim()));
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 10 }), eol, (names, end) => {
        const rows = names.map((n, i) => `${quote(`T${String.fromCharCode(65 + i)}`)},${quote(n)}`);
        const text = `Ticker,Name${end}${rows.join(end)}${end}${end}"Some prose, and a ""quote"" left open`;
        const holdings = parseHoldings(text, "H.csv");
        expect(holdings.members.map((m) => m.name)).toEqual(names.map((n) => n.trim()));
      }),
      { numRuns: 150 },
    );
  });

  it("answers any text with members or our error naming the file and line", () => {
    fc.assert(
      fc.property(garbage, (text) => {
        try {
          parseHoldings(text, "H.csv");
        } catch (err) {
          expectOurError(err, "H.csv", text);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe("valuation reader on any input", () => {
  it("answers any text with a table or our error naming the file and line", () => {
    fc.assert(
      fc.property(garbage, (text) => {
        try {
          parseValuationCsv(text, "valuation.csv");
        } catch (err) {
          expectOurError(err, "valuation.csv", text);
        }
      }),
      { numRuns: 400 },
    );
  });
});
