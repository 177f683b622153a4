// CSV of answers: the file checked against the Reply's own figures, and formula-looking text.
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { replyCsvFiles } from "../../../src/adapters/csv/write-sheet.ts";
import type { Block, Reply } from "../../../src/core/reply.ts";
import { ask } from "../../commands/helpers.ts";

type Returns = Record<
  string,
  { value: number; baseClose: number; baseDate: string; endClose: number; endDate: string }
>;

function records(content: string): string[][] {
  return parse(content, { comment: "#", comment_no_infix: true }) as string[][];
}

describe("CSV of /rotation from the closes folder", () => {
  it("GIVEN /rotation 1m as of 13 Jan 2026 THEN a returns file whose figures are the Reply's, unrounded", async () => {
    const reply = await ask("/rotation 1m", "2026-01-13");
    const files = replyCsvFiles(reply, "/rotation 1m");
    expect(files.map((f) => f.filename)).toEqual([
      "rotation-1m-2026-01-13-returns.csv",
      "rotation-1m-2026-01-13-history-not-a-forecast.csv",
    ]);
    const content = (files[0] as { content: string }).content;
    const first = content.split("\n")[0] as string;
    expect(first).toMatch(/^# \/rotation 1m \| source: CSV folder .* \| as of: 2026-01-13 \| full precision/);
    expect(first).toContain("fractions");
    const [header, ...rows] = records(content);
    expect(header).toEqual([
      "symbol",
      "name",
      "return_fraction",
      "base_close",
      "base_date",
      "last_close",
      "last_date",
    ]);
    const returns = (reply.data as { returns: Returns }).returns;
    expect(rows).toHaveLength(7);
    for (const row of rows) {
      const r = returns[row[0] as string];
      expect(r, row[0]).toBeDefined();
      if (!r) continue;
      // Full precision: the number read back is exactly the Reply's figure, not the shown "+4.54%".
      expect(Number(row[2])).toBe(r.value);
      expect(Number(row[3])).toBe(r.baseClose);
      expect(row[4]).toBe(r.baseDate);
      expect(Number(row[5])).toBe(r.endClose);
      expect(row[6]).toBe(r.endDate);
      // No thousands separators anywhere.
      expect(row.join("|")).not.toMatch(/\d,\d/);
    }
    // ^RUT 2600 / 2487.03 - 1 (hand computation from the fixture's closes).
    expect(Number(rows.find((r) => r[0] === "^RUT")?.[2])).toBeCloseTo(2600 / 2487.03 - 1, 14);
  });

  it("GIVEN formula-looking text in a table THEN it is quoted with a leading ' and negative numbers stay numbers", async () => {
    const reply = await ask("/rotation 1m", "2026-01-13");
    const table = reply.blocks.find((b) => b.type === "table") as Extract<Block, { type: "table" }>;
    const csv = table.csv as NonNullable<typeof table.csv>;
    const row = csv.rows[0] as (string | number | null)[];
    row[1] = '=HYPERLINK("http://example.invalid","x")';
    (csv.rows[1] as (string | number | null)[])[1] = "@SUM(A1)";
    (csv.rows[2] as (string | number | null)[])[1] = "+1";
    (csv.rows[3] as (string | number | null)[])[1] = "-2+3";
    (csv.rows[4] as (string | number | null)[])[2] = -0.0123;
    const content = (replyCsvFiles(reply, "/rotation 1m")[0] as { content: string }).content;
    expect(content).toContain(`"'=HYPERLINK(""http://example.invalid"",""x"")"`);
    expect(content).toContain(`"'@SUM(A1)"`);
    expect(content).toContain(`"'+1"`);
    expect(content).toContain(`"'-2+3"`);
    expect(content).toContain(",-0.0123,");
    const rows = records(content).slice(1);
    expect(rows[0]?.[1]).toBe(`'=HYPERLINK("http://example.invalid","x")`);
  });

  it("GIVEN a table without a machine form THEN shown cells are read back: percent as fractions, ISO dates", () => {
    const reply: Reply = {
      kind: "answer",
      visibility: "public",
      fallback: "",
      data: {},
      blocks: [
        {
          type: "table",
          columns: ["Ticker", "Return", "Close", "Date", "Spread"],
          rows: [["IWM", "+5.12%", "1,234.50", "13 Jan 2026", "-312 bp"]],
        },
        {
          type: "footer",
          text: "Source: Yahoo Finance · as of close Tue 13 Jan 2026 · Not investment advice",
        },
      ],
    };
    const [file] = replyCsvFiles(reply, "/quote IWM");
    expect(file?.filename).toBe("quote-iwm-2026-01-13.csv");
    expect(file?.content.split("\n")[0]).toContain(
      "source: Yahoo Finance | as of: 2026-01-13 | figures as shown",
    );
    expect(records(file?.content ?? "")[1]).toEqual(["IWM", "0.0512", "1234.5", "2026-01-13", "-312"]);
  });

  it("GIVEN an error reply THEN no file", () => {
    const reply: Reply = { kind: "user-error", visibility: "private", fallback: "", data: {}, blocks: [] };
    expect(replyCsvFiles(reply, "/rotation x")).toEqual([]);
  });
});
