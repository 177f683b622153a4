import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  findColumn,
  headerKey,
  isMissingValue,
  leadingIsoDate,
  parseDecimal,
} from "../../../src/adapters/csv/fields.ts";
import {
  type CsvRecord,
  CsvSyntaxError,
  csvRecords,
  csvRecordsFrom,
  isBlankRecord,
} from "../../../src/adapters/csv/records.ts";

async function streamed(source: Readable | string): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of csvRecordsFrom(source)) out.push(r);
  return out;
}

/** Both ways in must agree: the text in memory and the same text streamed. */
async function records(text: string): Promise<CsvRecord[]> {
  const inMemory = [...csvRecords(text)];
  expect(await streamed(text)).toEqual(inMemory);
  return inMemory;
}

const fields = async (text: string) => (await records(text)).map((r) => r.fields);

/** A chunked stream that splits the text at the given byte offsets (mid-field, mid-character). */
function chunked(text: string, size: number): Readable {
  const bytes = Buffer.from(text, "utf8");
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return Readable.from(chunks);
}

describe("CSV records", () => {
  it("splits plain fields and keeps empty ones", async () => {
    expect(await fields("a,b,c\n1,,3\n,\n")).toEqual([
      ["a", "b", "c"],
      ["1", "", "3"],
      ["", ""],
    ]);
  });

  it("reads quoted fields with doubled quotes, commas and line breaks inside", async () => {
    const text = 'name,note\n"Acme, Inc.","said ""hi""\nthen left"\nx,y\n';
    expect(await fields(text)).toEqual([
      ["name", "note"],
      ["Acme, Inc.", 'said "hi"\nthen left'],
      ["x", "y"],
    ]);
  });

  it("counts physical lines, so a record after a multi-line field has its real line number", async () => {
    const got = await records('h\n"one\ntwo\nthree"\nafter\n');
    expect(got.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it("strips a UTF-8 BOM and accepts CRLF, LF and CR line ends, mixed in one file", async () => {
    expect(await fields("\uFEFFDate,Close\r\n2026-01-13,1\r\n2026-01-14,2\r3\n4\r\n")).toEqual([
      ["Date", "Close"],
      ["2026-01-13", "1"],
      ["2026-01-14", "2"],
      ["3"],
      ["4"],
    ]);
  });

  it("passes ragged rows through with their own field counts, for the reader to judge", async () => {
    expect(await fields("a,b,c\n1\n1,2,3,4\n")).toEqual([["a", "b", "c"], ["1"], ["1", "2", "3", "4"]]);
  });

  it("does not add a record for the final line break, but yields blank lines", async () => {
    expect(await fields("a\n\nb\n")).toEqual([["a"], [""], ["b"]]);
    expect(await fields("")).toEqual([]);
    expect(await fields("a")).toEqual([["a"]]);
  });

  it("keeps a quote inside an unquoted field, or after a closing quote, as text", async () => {
    expect(await fields('5" screen,x\n')).toEqual([['5" screen', "x"]]);
    expect(await fields('a\n"x"y,z\n')).toEqual([["a"], ['"x"y', "z"]]);
  });

  it("rejects an unclosed quote with the line its record starts on, after the records before it", async () => {
    expect(() => [...csvRecords('a\nb\n"never closed\n')]).toThrow(CsvSyntaxError);
    expect(() => [...csvRecords('a\nb\n"never closed\n')]).toThrow("line 3: a quoted field is never closed");
    const seen: string[][] = [];
    const reading = (async () => {
      for await (const r of csvRecordsFrom('a\nb\n"never closed\nmore')) seen.push(r.fields);
    })();
    await expect(reading).rejects.toThrow("line 3: a quoted field is never closed");
    expect(seen).toEqual([["a"], ["b"]]);
  });

  it("reports a problem only when the reader gets there, so it can stop before malformed trailing text", async () => {
    const seen: string[][] = [];
    for (const r of csvRecords('a,b\n\n"broken')) {
      if (isBlankRecord(r.fields)) break;
      seen.push(r.fields);
    }
    const seenStreamed: string[][] = [];
    for await (const r of csvRecordsFrom('a,b\n\n"broken')) {
      if (isBlankRecord(r.fields)) break;
      seenStreamed.push(r.fields);
    }
    expect(seen).toEqual([["a", "b"]]);
    expect(seenStreamed).toEqual([["a", "b"]]);
  });

  it("reads a stream whose chunks split fields, line ends and multi-byte characters", async () => {
    const text = '\uFEFFname,note\r\n"Société, Générale","€ ""quoted""\r\nline"\r\nÅ,ß\r\n';
    const whole = [...csvRecords(text)];
    for (const size of [1, 2, 3, 5, 7]) expect(await streamed(chunked(text, size))).toEqual(whole);
    expect(whole.map((r) => r.fields)).toEqual([
      ["name", "note"],
      ["Société, Générale", '€ "quoted"\r\nline'],
      ["Å", "ß"],
    ]);
  });

  it("throws a failing input's own error", async () => {
    const failing = new Readable({
      read() {
        this.destroy(new Error("disk on fire"));
      },
    });
    await expect(streamed(failing)).rejects.toThrow("disk on fire");
  });

  it("treats a non-breaking space as blank", () => {
    expect(isBlankRecord(["\u00a0"])).toBe(true);
    expect(isBlankRecord(["", " "])).toBe(true);
    expect(isBlankRecord(["", "x"])).toBe(false);
  });
});

/** Writes rows the way a careful writer does: every field quoted, quotes doubled. */
function writeCsv(rows: readonly string[][], eol: string, bom: boolean): string {
  const body = rows.map((row) => row.map((f) => `"${f.replaceAll('"', '""')}"`).join(",")).join(eol);
  return (bom ? "\uFEFF" : "") + body + eol;
}

describe("CSV records, any content (property)", () => {
  const field = fc.string({
    unit: fc.constantFrom("a", "Z", "1", ",", '"', "\n", "\r", " ", "é", "€", "\t"),
  });
  const row = fc.array(field, { minLength: 1, maxLength: 6 });

  it("round-trips any quoted content, in memory and streamed in small chunks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        fc.constantFrom("\n", "\r\n", "\r"),
        fc.boolean(),
        fc.integer({ min: 1, max: 9 }),
        async (rows, eol, bom, size) => {
          const text = writeCsv(rows, eol, bom);
          expect([...csvRecords(text)].map((r) => r.fields)).toEqual(rows);
          expect((await streamed(chunked(text, size))).map((r) => r.fields)).toEqual(rows);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("never fails on any text except with our own syntax error naming a line of the text", async () => {
    const garbage = fc.string({ unit: fc.constantFrom("a", ",", '"', "\n", "\r", " ", "\uFEFF", "x") });
    await fc.assert(
      fc.asyncProperty(garbage, async (text) => {
        const lines = text.split(/\r\n|\n|\r/).length;
        let syncError: unknown;
        try {
          for (const r of csvRecords(text)) expect(r.line).toBeLessThanOrEqual(lines);
        } catch (err) {
          syncError = err;
        }
        let streamError: unknown;
        try {
          await streamed(text);
        } catch (err) {
          streamError = err;
        }
        expect(streamError).toEqual(syncError);
        if (syncError !== undefined) {
          expect(syncError).toBeInstanceOf(CsvSyntaxError);
          expect((syncError as CsvSyntaxError).line).toBeLessThanOrEqual(lines);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("field helpers", () => {
  it("matches header names loosely", () => {
    expect(headerKey("Adj Close")).toBe("adjclose");
    expect(headerKey("adj_close")).toBe("adjclose");
    expect(headerKey("Weight (%)")).toBe("weight");
    expect(findColumn(["Date", "Open", "ADJ CLOSE"], ["adjclose"])).toBe(2);
    expect(findColumn(["Date"], ["close"])).toBe(-1);
  });

  it("parses numbers with and without thousands separators", () => {
    expect(parseDecimal("1,532,594,919.50")).toBe(1532594919.5);
    expect(parseDecimal(" 2600.00 ")).toBe(2600);
    expect(parseDecimal("-0.5")).toBe(-0.5);
    expect(parseDecimal("1e3")).toBe(1000);
    expect(parseDecimal(".25")).toBe(0.25);
    expect(parseDecimal("1,2")).toBeUndefined();
    expect(parseDecimal("12,34.5")).toBeUndefined();
    expect(parseDecimal("abc")).toBeUndefined();
    expect(parseDecimal("")).toBeUndefined();
    expect(parseDecimal("Infinity")).toBeUndefined();
  });

  it("recognises the values publishers write for nothing", () => {
    for (const v of ["", "null", "NULL", "NaN", "-", " n/a "]) expect(isMissingValue(v)).toBe(true);
    expect(isMissingValue("0")).toBe(false);
  });

  it("takes the date part of a date or timestamp", () => {
    expect(leadingIsoDate("2026-01-13")).toBe("2026-01-13");
    expect(leadingIsoDate("2026-01-13 00:00:00")).toBe("2026-01-13");
    expect(leadingIsoDate("2026-01-13T00:00:00-05:00")).toBe("2026-01-13");
    expect(leadingIsoDate("2026-01-13 00:00:00-05:00")).toBe("2026-01-13");
    expect(leadingIsoDate("2026-02-30")).toBeUndefined();
    expect(leadingIsoDate("01/13/2026")).toBeUndefined();
    expect(leadingIsoDate("2026-01-131")).toBeUndefined();
  });
});
