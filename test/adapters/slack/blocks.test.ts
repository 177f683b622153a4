/**
 * GIVEN Replies at and past Slack's limits, or carrying hostile text
 * THEN the Block Kit stays within every limit, says what it cut, and nothing can ping or format.
 */
import { describe, expect, it } from "vitest";
import { LIMITS, renderReply } from "../../../src/adapters/slack/blocks.ts";
import { escapeMrkdwn, fitEscaped } from "../../../src/adapters/slack/escape.ts";
import { type Block, makeReply } from "../../../src/core/reply.ts";

const reply = (blocks: Block[]) => makeReply(blocks, {});
type AnyBlock = {
  type: string;
  text?: { text: string; type: string };
  fields?: { text: string }[];
  elements?: { text: string }[];
};
const all = (blocks: unknown[]) => blocks as AnyBlock[];
const textsOf = (b: AnyBlock) => [
  b.text?.text ?? "",
  ...(b.fields ?? []).map((f) => f.text),
  ...(b.elements ?? []).map((e) => e.text),
];

describe("Reply -> Block Kit limits", () => {
  it("GIVEN 60 text blocks THEN at most 50 blocks, a note on what was cut, and the footer last", () => {
    const blocks: Block[] = Array.from({ length: 60 }, (_, i) => ({ type: "text", text: `line ${i}` }));
    blocks.push({ type: "footer", text: "Source: test" });
    const out = all(renderReply(reply(blocks)).blocks);
    expect(out.length).toBe(50);
    expect(out.at(-1)).toMatchObject({ type: "context", elements: [{ text: "Source: test" }] });
    expect(out.at(-2)?.elements?.[0]?.text).toMatch(/^12 more sections were left out/);
    expect(out[0]?.text?.text).toBe("line 0");
  });

  it("GIVEN a 3,001-character text THEN no section text is over 3,000 and nothing is lost silently", () => {
    const long = `${"a".repeat(2000)}\n${"b".repeat(1001)}`;
    const out = all(renderReply(reply([{ type: "text", text: long }])).blocks);
    expect(out.length).toBe(2);
    for (const b of out) expect(b.text?.text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(out.map((b) => b.text?.text).join("\n")).toBe(long);
  });

  it("GIVEN one 5,000-character line THEN it is cut at 3,000 with an ellipsis", () => {
    const out = all(renderReply(reply([{ type: "text", text: "word ".repeat(1000) }])).blocks);
    expect(out[0]?.text?.text.length).toBeLessThanOrEqual(3000);
    expect(out[0]?.text?.text.endsWith("…")).toBe(true);
  });

  it("GIVEN 11 fields THEN two sections of at most 10 fields each", () => {
    const fields = Array.from({ length: 11 }, (_, i) => ({ label: `L${i}`, value: `${i}` }));
    const out = all(renderReply(reply([{ type: "fields", fields }])).blocks);
    expect(out.map((b) => b.fields?.length)).toEqual([10, 1]);
    expect(out[0]?.fields?.[0]?.text).toBe("*L0*\n0");
  });

  it("GIVEN a field value of 2,500 characters THEN the field stays within 2,000", () => {
    const out = all(
      renderReply(reply([{ type: "fields", fields: [{ label: "x", value: "y".repeat(2500) }] }])).blocks,
    );
    expect(out[0]?.fields?.[0]?.text.length).toBeLessThanOrEqual(LIMITS.fieldText);
  });

  it("GIVEN a 151-character title THEN the header is 150 characters ending with an ellipsis", () => {
    const out = all(renderReply(reply([{ type: "title", text: "T".repeat(151) }])).blocks);
    expect(out[0]?.type).toBe("header");
    expect(out[0]?.text?.type).toBe("plain_text");
    expect(out[0]?.text?.text).toHaveLength(150);
    expect(out[0]?.text?.text.endsWith("…")).toBe(true);
  });

  it("GIVEN a 200-row table THEN one code block under 3,000 characters, whole rows, and a count of the rest", () => {
    const rows = Array.from({ length: 200 }, (_, i) => [`SYM${i}`, `${i}.00`, "+1.00%"]);
    const out = all(
      renderReply(
        reply([
          { type: "table", columns: ["Symbol", "Close", "Chg"], rows, align: ["left", "right", "right"] },
        ]),
      ).blocks,
    );
    const text = out[0]?.text?.text ?? "";
    expect(text.length).toBeLessThanOrEqual(3000);
    expect(text.startsWith("```\nSymbol")).toBe(true);
    expect(text.endsWith("```")).toBe(true);
    const lines = text.split("\n");
    const more = lines.at(-2) ?? "";
    expect(more).toMatch(/^… \d+ more rows$/);
    const shown = lines.filter((l) => l.startsWith("SYM")).length;
    expect(shown + Number(more.match(/\d+/)?.[0])).toBe(200);
    expect(
      lines.filter((l) => l.startsWith("SYM")).every((l) => /^SYM\d+\s+\d+\.00\s+\+1\.00%$/.test(l)),
    ).toBe(true);
  });

  it("GIVEN a table wider than 80 characters THEN one line per row, labelled by column", () => {
    const rows = [["/rotation [period]", "x".repeat(70), "/rotation ytd"]];
    const out = all(
      renderReply(reply([{ type: "table", columns: ["Command", "What", "Example"], rows }])).blocks,
    );
    expect(out[0]?.text?.text).toBe(
      `*/rotation [period]* · What: ${"x".repeat(70)} · Example: /rotation ytd`,
    );
  });

  it("GIVEN text over the cumulative budget THEN the total stays under it and the footer survives", () => {
    const blocks: Block[] = Array.from({ length: 8 }, () => ({ type: "text", text: "z".repeat(2900) }));
    blocks.push({ type: "footer", text: "as of 16 Jan 2026" });
    const out = all(renderReply(reply(blocks)).blocks);
    const total = out.flatMap(textsOf).reduce((n, t) => n + t.length, 0);
    expect(total).toBeLessThanOrEqual(LIMITS.blocksText);
    expect(out.at(-1)?.elements?.[0]?.text).toBe("as of 16 Jan 2026");
    expect(out.at(-2)?.elements?.[0]?.text).toMatch(/more sections were left out/);
  });

  it("skips empty titles, texts, fields and footers (Slack refuses empty text objects)", () => {
    const out = renderReply(
      reply([
        { type: "title", text: "  " },
        { type: "text", text: "" },
        { type: "fields", fields: [{ label: "", value: " " }] },
        { type: "footer", text: "" },
      ]),
    );
    expect(out.blocks).toEqual([]);
  });

  it("leaves charts out of the blocks and hands them over for upload", () => {
    const msg = renderReply(
      reply([
        { type: "title", text: "T" },
        {
          type: "chart",
          spec: { kind: "line", title: "c", labels: [], series: [] },
          alt: "alt",
          filename: "c.png",
        },
      ]),
    );
    expect(msg.blocks).toHaveLength(1);
    expect(msg.charts).toHaveLength(1);
  });
});

describe("escaping user text", () => {
  const hostile =
    "<!channel> <!here> <@U123> <#C999|general> <https://evil.example|click> *bold* _it_ ~s~ `code` A&B @everyone";

  it("neutralises mentions, links and formatting in a text section", () => {
    const out = all(renderReply(reply([{ type: "text", text: hostile }])).blocks);
    const text = out[0]?.text?.text ?? "";
    expect(text).not.toMatch(/[<>]/);
    expect(text).toContain("&lt;!channel&gt;");
    expect(text).toContain("&lt;@U123&gt;");
    expect(text).toContain("A&amp;B");
    expect(text).not.toMatch(/[*_~`]/);
    expect(text).not.toContain("@everyone");
    expect((out[0]?.text as { verbatim?: boolean } | undefined)?.verbatim).toBe(true);
  });

  it("neutralises them in headers, fields, tables, footers and the fallback text", () => {
    const msg = renderReply(
      reply([
        { type: "title", text: hostile },
        { type: "fields", fields: [{ label: hostile, value: hostile }] },
        { type: "table", columns: ["a"], rows: [["<!here> ```x``` *y*"]] },
        { type: "footer", text: hostile },
      ]),
    );
    for (const t of [...all(msg.blocks).flatMap(textsOf), msg.text]) {
      expect(t).not.toContain("<!");
      expect(t).not.toContain("<@");
      expect(t).not.toMatch(/[^`]```[^`]/); // no user-made fence inside
    }
    expect(all(msg.blocks)[2]?.text?.text).toBe(
      `\`\`\`\na\n${"-".repeat(19)}\n&lt;!here&gt; ˋˋˋxˋˋˋ *y*\n\`\`\``,
    );
  });

  it("keeps an underscore inside a word, so an example such as a time zone can be copied and typed back", () => {
    expect(escapeMrkdwn("Try: /subscribe brief 08:30 America/New_York")).toBe(
      "Try: /subscribe brief 08:30 America/New_York",
    );
    // Underscores that could open or close italics still become look-alikes.
    expect(escapeMrkdwn("_it_ a_ _b")).toBe("ˍitˍ aˍ ˍb");
  });

  it("a line starting with > cannot become a quote", () => {
    expect(escapeMrkdwn("> 50% of members")).toBe("＞ 50% of members");
  });

  it("fitEscaped never cuts inside an entity", () => {
    const out = fitEscaped("&&&&&&&&&&", 12, escapeMrkdwn);
    expect(out).toBe("&amp;&amp;…");
  });
});
