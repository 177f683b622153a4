/** GIVEN replies of every shape and size THEN the embeds respect Discord's limits and keep the meaning. */
import { describe, expect, it } from "vitest";
import {
  COLOURS,
  type RenderedMessage,
  renderReply,
  totalLength,
} from "../../../src/adapters/discord/embeds.ts";
import { clip, escapeText, LIMITS } from "../../../src/adapters/discord/limits.ts";
import { type Block, type Field, makeReply } from "../../../src/core/reply.ts";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const chart = (filename: string, image = true): Block => ({
  type: "chart",
  spec: { kind: "line", title: "t", labels: [], series: [] },
  alt: `Line chart ${filename}`,
  filename,
  ...(image ? { image: { png: PNG, width: 800, height: 400 } } : {}),
});

/** Every limit Discord enforces on a message's embeds and files. */
function expectWithinLimits(m: RenderedMessage): void {
  expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
  expect(m.files.length).toBeLessThanOrEqual(LIMITS.attachments);
  expect(totalLength(m.embeds)).toBeLessThanOrEqual(LIMITS.total);
  for (const e of m.embeds) {
    expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
    expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
    expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
    expect(e.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect(f.name.length).toBeLessThanOrEqual(LIMITS.fieldName);
      expect(f.value.length).toBeGreaterThan(0);
      expect(f.value.length).toBeLessThanOrEqual(LIMITS.fieldValue);
    }
    if (e.image) expect(m.files.map((f) => `attachment://${f.name}`)).toContain(e.image.url);
    // A trimmed code block is still closed.
    expect(((e.description ?? "").match(/```/g) ?? []).length % 2).toBe(0);
  }
}

describe("Reply -> embeds", () => {
  it("puts title, text, fields, chart and footer in one embed coloured by tone", () => {
    const reply = makeReply(
      [
        { type: "title", text: "Rotation YTD" },
        { type: "text", text: "Small caps leading." },
        { type: "fields", fields: [{ label: "RUT - SPX", value: "+313 bp" }] },
        chart("rotation.png"),
        { type: "footer", text: "Source: Yahoo Finance · as of 16:00 New York · 7 of 7 priced" },
      ],
      {},
      { tone: "positive" },
    );
    const m = renderReply(reply);
    expect(m.embeds).toEqual([
      {
        color: COLOURS.positive,
        title: "Rotation YTD",
        description: "Small caps leading.",
        fields: [{ name: "RUT - SPX", value: "+313 bp", inline: true }],
        image: { url: "attachment://rotation.png" },
        footer: { text: "Source: Yahoo Finance · as of 16:00 New York · 7 of 7 priced" },
      },
    ]);
    expect(m.files).toEqual([
      { name: "rotation.png", data: Buffer.from(PNG), description: "Line chart rotation.png" },
    ]);
    expect(
      renderReply(makeReply([{ type: "text", text: "x" }], {}, { tone: "negative" })).embeds[0]?.color,
    ).toBe(COLOURS.negative);
    expect(renderReply(makeReply([{ type: "text", text: "x" }], {})).embeds[0]?.color).toBe(COLOURS.neutral);
  });

  it("escapes markdown in text that may echo user input, but keeps figures readable", () => {
    const m = renderReply(
      makeReply(
        [{ type: "text", text: "**bold** _x_ `code` ||spoiler||\n# head\n> quote\n1. item\n103.08 stays" }],
        {},
      ),
    );
    const d = m.embeds[0]?.description ?? "";
    expect(d).toContain("\\*\\*bold\\*\\*");
    expect(d).toContain("\\_x\\_");
    expect(d).toContain("\\`code\\`");
    expect(d).toContain("\\|\\|spoiler\\|\\|");
    expect(d).toContain("\\# head");
    expect(d).toContain("\\> quote");
    expect(d).toContain("1\\. item");
    expect(d).toContain("\n103.08 stays");
  });

  it("keeps a narrow table as a code block and trims a long one by whole rows", () => {
    const rows = Array.from({ length: 600 }, (_, i) => [`SYM${i}`, `${i}.00`, "+1.0%"]);
    const m = renderReply(
      makeReply(
        [
          { type: "text", text: "Summary first." },
          { type: "table", columns: ["Symbol", "Price", "Change"], rows },
        ],
        {},
      ),
    );
    expectWithinLimits(m);
    const d = m.embeds[0]?.description ?? "";
    expect(d.startsWith("Summary first.\n\n```\nSymbol")).toBe(true);
    const shown = d.split("\n").filter((l) => l.startsWith("SYM")).length;
    expect(shown).toBeGreaterThan(50);
    expect(d).toContain(`… ${(600 - shown).toLocaleString("en-US")} more rows\n\`\`\``);
    expect(d.length).toBeGreaterThan(LIMITS.description - 80);
  });

  it("shows a short wide table row by row as fields, since wide code blocks wrap", () => {
    const rows = [["Russell 2000 (^RUT)", "+4.80%", "2,500.00 (31 Dec 2025)", "2,620.00 (16 Jan 2026)"]];
    const m = renderReply(
      makeReply([{ type: "table", columns: ["Index", "Return", "Base", "Last"], rows }], {}),
    );
    expect(m.embeds[0]?.description).toBeUndefined();
    expect(m.embeds[0]?.fields).toEqual([
      {
        name: "Russell 2000 (^RUT)",
        value: "Return: +4.80%\nBase: 2,500.00 (31 Dec 2025)\nLast: 2,620.00 (16 Jan 2026)",
        inline: true,
      },
    ]);
  });

  it("names a ranked wide table's rows by rank and the next cell, not by the bare rank", () => {
    const rows = [
      ["1", "RSP", "S&P 500 equal weight", "+5.60%", "+368 bp", "Weakening (100.93, 99.70)"],
      ["2", "IWM", "Russell 2000 (small caps)", "+4.54%", "+262 bp", "Leading (106.57, 100.52)"],
    ];
    const columns = ["#", "ETF", "Theme", "Return", "vs SPY", "Rotation (weekly)"];
    const m = renderReply(makeReply([{ type: "table", columns, rows }], {}));
    const fields = m.embeds[0]?.fields ?? [];
    expect(fields.map((f) => f.name)).toEqual(["#1 RSP", "#2 IWM"]);
    expect(fields[0]?.value).toBe(
      "Theme: S&P 500 equal weight\nReturn: +5.60%\nvs SPY: +368 bp\nRotation (weekly): Weakening (100.93, 99.70)",
    );
  });

  it("spreads more than 25 fields over follow-on embeds", () => {
    const fields: Field[] = Array.from({ length: 30 }, (_, i) => ({ label: `F${i}`, value: `${i}` }));
    const m = renderReply(
      makeReply(
        [
          { type: "title", text: "Many" },
          { type: "fields", fields },
        ],
        {},
      ),
    );
    expectWithinLimits(m);
    expect(m.embeds[0]?.fields).toHaveLength(25);
    expect(m.embeds[1]?.fields?.map((f) => f.name)).toEqual(["F25", "F26", "F27", "F28", "F29"]);
  });

  it("keeps the total under 6,000 by dropping trailing figures, and says how many", () => {
    const fields: Field[] = Array.from({ length: 25 }, (_, i) => ({
      label: `Field ${i}`,
      value: "v".repeat(900),
    }));
    const m = renderReply(
      makeReply(
        [
          { type: "title", text: "T".repeat(300) },
          { type: "text", text: `Headline. ${"word ".repeat(1000)}` },
          { type: "fields", fields },
          { type: "footer", text: "Source: Yahoo Finance · 1,942 of 1,961 members priced" },
        ],
        {},
      ),
    );
    expectWithinLimits(m);
    const [e] = m.embeds;
    expect(e?.title).toHaveLength(256);
    expect(e?.title?.endsWith("…")).toBe(true);
    expect(e?.footer?.text).toBe("Source: Yahoo Finance · 1,942 of 1,961 members priced");
    expect(e?.description?.startsWith("Headline.")).toBe(true);
    const kept = e?.fields?.length ?? 0;
    expect(kept).toBeLessThan(25);
    expect(e?.fields?.[0]?.name).toBe("Field 0");
    expect(e?.description).toContain(`(${25 - kept} more figures not shown`);
  });

  it("attaches at most 10 charts and names the ones left out; a chart not drawn is described", () => {
    const blocks: Block[] = [{ type: "title", text: "Charts" }];
    for (let i = 0; i < 12; i++) blocks.push(chart("same name.png"));
    blocks.push(chart("missing.png", false));
    const m = renderReply(makeReply(blocks, {}));
    expectWithinLimits(m);
    expect(m.files).toHaveLength(10);
    expect(new Set(m.files.map((f) => f.name)).size).toBe(10);
    expect(m.files[0]?.name).toBe("same-name.png");
    expect(m.files[1]?.name).toBe("same-name-2.png");
    expect(m.embeds).toHaveLength(10);
    expect(m.embeds[0]?.description).toContain("(Chart not drawn: Line chart missing.png)");
    expect(m.embeds[0]?.description).toContain("2 more charts not shown");
  });

  it("leaves out a chart too large to upload, and says so", () => {
    const huge: Block = {
      type: "chart",
      spec: { kind: "line", title: "t", labels: [], series: [] },
      alt: "Huge chart",
      filename: "huge.png",
      image: { png: new Uint8Array(LIMITS.uploadBytes + 1), width: 20_000, height: 20_000 },
    };
    const m = renderReply(makeReply([{ type: "title", text: "Big" }, huge, chart("small.png")], {}));
    expect(m.files.map((f) => f.name)).toEqual(["small.png"]);
    expect(m.embeds[0]?.image?.url).toBe("attachment://small.png");
    expect(m.embeds[0]?.description).toContain("1 more chart not shown");
  });

  it("never sends an empty embed", () => {
    const m = renderReply(makeReply([], {}));
    expect(m.embeds[0]?.description).toBe("(No answer.)");
  });

  it("stays within every limit for large random replies", () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const words = (n: number) =>
      Array.from({ length: n }, () => "lorem_ipsum*".slice(0, 1 + rnd(12))).join(" ");
    for (let run = 0; run < 40; run++) {
      const blocks: Block[] = [];
      for (let b = 0; b < 1 + rnd(12); b++) {
        const kind = rnd(6);
        if (kind === 0) blocks.push({ type: "title", text: words(rnd(80)) });
        if (kind === 1) blocks.push({ type: "text", text: words(rnd(900)) });
        if (kind === 2)
          blocks.push({
            type: "fields",
            fields: Array.from({ length: rnd(40) }, () => ({
              label: words(rnd(50)),
              value: words(rnd(200)),
            })),
          });
        if (kind === 3)
          blocks.push({
            type: "table",
            columns: ["A", "B"],
            rows: Array.from({ length: rnd(400) }, () => [words(rnd(4)), words(rnd(8))]),
          });
        if (kind === 4) blocks.push(chart(`c${rnd(3)}.png`, rnd(2) === 0));
        if (kind === 5) blocks.push({ type: "footer", text: words(rnd(500)) });
      }
      expectWithinLimits(renderReply(makeReply(blocks, {})));
    }
  });
});

describe("text helpers", () => {
  it("clips with an ellipsis and never leaves a dangling escape or half a surrogate pair", () => {
    expect(clip("abcdef", 4)).toBe("abc…");
    expect(clip("abc", 4)).toBe("abc");
    expect(clip(escapeText("ab*cd"), 4)).toBe("ab…");
    expect(clip("ab😀cd", 4)).toBe("ab…");
  });
});
