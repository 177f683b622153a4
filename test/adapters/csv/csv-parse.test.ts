import { describe, expect, it } from "vitest";
import { CsvSyntaxError, csvRecords, isBlankRecord, parseCsv } from "../../../src/adapters/csv/csv-parse.ts";
import {
  findColumn,
  headerKey,
  isMissingValue,
  leadingIsoDate,
  parseDecimal,
} from "../../../src/adapters/csv/fields.ts";

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

describe("parseCsv", () => {
  it("splits plain fields and keeps empty ones", () => {
    expect(fields("a,b,c\n1,,3\n,\n")).toEqual([
      ["a", "b", "c"],
      ["1", "", "3"],
      ["", ""],
    ]);
  });

  it("reads quoted fields with doubled quotes, commas and line breaks inside", () => {
    const text = 'name,note\n"Acme, Inc.","said ""hi""\nthen left"\nx,y\n';
    expect(fields(text)).toEqual([
      ["name", "note"],
      ["Acme, Inc.", 'said "hi"\nthen left'],
      ["x", "y"],
    ]);
  });

  it("counts physical lines, so a record after a multi-line field has its real line number", () => {
    const records = parseCsv('h\n"one\ntwo\nthree"\nafter\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it("strips a UTF-8 BOM and accepts CRLF, LF and CR line ends", () => {
    expect(fields("\uFEFFDate,Close\r\n2026-01-13,1\r\n2026-01-14,2\r3\n")).toEqual([
      ["Date", "Close"],
      ["2026-01-13", "1"],
      ["2026-01-14", "2"],
      ["3"],
    ]);
  });

  it("does not add a record for the final line break, but yields blank lines", () => {
    expect(fields("a\n\nb\n")).toEqual([["a"], [""], ["b"]]);
    expect(fields("")).toEqual([]);
    expect(fields("a")).toEqual([["a"]]);
  });

  it("keeps a quote inside an unquoted field as text", () => {
    expect(fields('5" screen,x\n')).toEqual([['5" screen', "x"]]);
  });

  it("rejects an unclosed quote and text after a closing quote, with the line", () => {
    expect(() => parseCsv('a\nb\n"never closed\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\nb\n"never closed\n')).toThrow("line 3: a quoted field is never closed");
    expect(() => parseCsv('a\n"x"y,z\n')).toThrow("line 2: unexpected text after a closing quote in field 1");
  });

  it("is lazy, so a caller can stop before malformed trailing text", () => {
    const seen: string[][] = [];
    for (const r of csvRecords('a,b\n\n"broken')) {
      if (isBlankRecord(r.fields)) break;
      seen.push(r.fields);
    }
    expect(seen).toEqual([["a", "b"]]);
  });

  it("treats a non-breaking space as blank", () => {
    expect(isBlankRecord(["\u00a0"])).toBe(true);
    expect(isBlankRecord(["", " "])).toBe(true);
    expect(isBlankRecord(["", "x"])).toBe(false);
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
