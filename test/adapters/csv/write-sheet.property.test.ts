// Any table, any text: the CSV parses back to the same cells, and no cell can run as a formula.
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { replyCsvFiles } from "../../../src/adapters/csv/write-sheet.ts";
import { guardCell, isSafeCell } from "../../../src/core/csv-export.ts";
import type { CsvCell, Reply } from "../../../src/core/reply.ts";

const text = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({
    unit: fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", '"', ",", "'", "a", "1", " ", "#"),
    maxLength: 12,
  }),
);
const cell: fc.Arbitrary<CsvCell> = fc.oneof(
  text,
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.constant(null),
);

function written(c: CsvCell): string {
  const g = guardCell(c);
  return g === null ? "" : String(g);
}

describe("CSV writer, property-based", () => {
  it("parses back (csv-parse) to the same guarded cells, none of which can start a formula", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((width) =>
          fc.record({
            columns: fc.array(text, { minLength: width, maxLength: width }),
            rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), { maxLength: 8 }),
            command: text,
          }),
        ),
        ({ columns, rows, command }) => {
          const reply: Reply = {
            kind: "answer",
            visibility: "public",
            fallback: "",
            data: { source: command, asOf: "2026-01-13" },
            blocks: [{ type: "table", columns, rows: [], csv: { columns, rows } }],
          };
          const [file] = replyCsvFiles(reply, `/x ${command}`);
          expect(file).toBeDefined();
          if (!file) return;
          expect(file.filename).toMatch(/^[a-z0-9.-]+\.csv$/);
          const parsed = parse(file.content, { comment: "#", comment_no_infix: true }) as string[][];
          const expected = [columns.map(written), ...rows.map((r) => r.map(written))];
          expect(parsed).toEqual(expected);
          for (const r of parsed) for (const c of r) expect(isSafeCell(c), JSON.stringify(c)).toBe(true);
          // The comment line is one cell starting with "#".
          const first = parse(file.content.split("\n")[0] as string, {}) as string[][];
          expect(first[0]).toHaveLength(1);
          expect(first[0]?.[0]?.startsWith("#")).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
