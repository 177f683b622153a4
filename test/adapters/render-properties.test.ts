/**
 * Property: whatever a Reply holds (random unicode, empty and huge tables, whitespace-only and
 * zero-width strings, hostile mentions), the Slack, Discord and terminal renderers emit only what
 * the platforms accept: no blank text objects or fields, every documented limit respected, and no
 * mention that could ping.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderText } from "../../src/adapters/cli/render-text.ts";
import { renderReply as renderEmbeds, totalLength } from "../../src/adapters/discord/embeds.ts";
import { LIMITS as DISCORD } from "../../src/adapters/discord/limits.ts";
import { renderReply as renderBlocks, LIMITS as SLACK } from "../../src/adapters/slack/blocks.ts";
import { type Block, makeReply, type Reply } from "../../src/core/reply.ts";

/** Blank as the platforms see it: nothing but whitespace, no-break spaces and zero-width characters. */
const BLANK = /^[\s\u00a0\u180e\u200b-\u200f\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]*$/u;
const isBlank = (s: string | undefined) => s === undefined || BLANK.test(s);

const TRICKY = [
  "",
  " ",
  "\u00a0",
  "\u200b",
  "\u200b\u200c\u200d\ufeff",
  " \n\t ",
  "\u2060",
  "@everyone",
  "@here",
  "<!channel>",
  "<!here|here>",
  "<@U123>",
  "<#C1>",
  "*bold* _it_ ~s~ `code` ```",
  "> quote",
  "# heading",
  "- item",
  "1. item",
  "[link](https://x.example)",
  "\\",
  "😀".repeat(3),
  "\u001b[2J",
];

/** A cell or a label: short, often tricky. */
const short = fc.oneof(fc.string({ unit: "grapheme", maxLength: 12 }), fc.constantFrom(...TRICKY));

/** Text: mostly short, sometimes tricky, sometimes very long. */
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...TRICKY, "x", "word "), fc.integer({ min: 100, max: 4000 }))
      .map(([s, n]) => s.repeat(Math.ceil(n / Math.max(1, s.length)))),
  },
  {
    weight: 1,
    arbitrary: fc.array(fc.constantFrom(...TRICKY, "a"), { maxLength: 8 }).map((a) => a.join("\n")),
  },
);

const table: fc.Arbitrary<Block> = fc
  .tuple(
    fc.array(short, { minLength: 0, maxLength: 12 }),
    fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 30, max: 300 })),
    fc.option(text, { nil: undefined }),
    fc.boolean(),
  )
  .chain(([columns, nRows, caption, wide]) =>
    fc
      // Wide random cells in short tables; many rows of plain figures in long ones.
      .array(fc.array(wide && nRows <= 5 ? text : short, { maxLength: 14 }), {
        minLength: nRows,
        maxLength: nRows,
      })
      .map(
        (rows): Block => ({
          type: "table",
          columns,
          rows,
          ...(caption === undefined ? {} : { caption }),
          ...(columns.length > 0 ? { align: columns.map((_, i) => (i % 2 ? "right" : "left")) } : {}),
        }),
      ),
  );

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const block: fc.Arbitrary<Block> = fc.oneof(
  text.map((t): Block => ({ type: "title", text: t })),
  { weight: 3, arbitrary: text.map((t): Block => ({ type: "text", text: t })) },
  fc
    .array(fc.record({ label: short, value: fc.oneof(short, text) }), { maxLength: 40 })
    .map((fields): Block => ({ type: "fields", fields })),
  { weight: 2, arbitrary: table },
  fc.tuple(text, text, fc.boolean()).map(
    ([alt, filename, image]): Block => ({
      type: "chart",
      spec: { kind: "line", title: "t", labels: [], series: [] },
      alt,
      filename,
      ...(image ? { image: { png: PNG, width: 10, height: 10 } } : {}),
    }),
  ),
  text.map((t): Block => ({ type: "footer", text: t })),
);

const reply: fc.Arbitrary<Reply> = fc
  .tuple(fc.array(block, { maxLength: 30 }), fc.constantFrom("positive", "negative", "neutral", undefined))
  .map(([blocks, tone]) => makeReply(blocks, {}, tone ? { tone } : {}));

const RUNS = { numRuns: 120 };

/** A mention Slack would act on: its control syntax, or a broadcast word some clients still ping. */
const SLACK_MENTION = /<[!@#]|(?<![\uff20\p{L}\p{N}])@(channel|here|everyone)\b/iu;
const DISCORD_MENTION = /@(everyone|here)\b|<[@#][!&]?\d|<@&/i;

describe("Slack Block Kit from random Replies", () => {
  it("has no blank text, and respects every Block Kit limit", () => {
    fc.assert(
      fc.property(reply, (r) => {
        const message = renderBlocks(r);
        expect(message.blocks.length).toBeLessThanOrEqual(SLACK.blocks);
        expect(isBlank(message.text)).toBe(false);
        for (const b of message.blocks) {
          if (b.type === "header") {
            expect(b.text.text.length).toBeGreaterThan(0);
            expect(b.text.text.length).toBeLessThanOrEqual(SLACK.header);
            expect(isBlank(b.text.text)).toBe(false);
          } else if (b.type === "section") {
            expect(b.text !== undefined || (b.fields?.length ?? 0) > 0).toBe(true);
            if (b.text) {
              expect(b.text.text.length).toBeLessThanOrEqual(SLACK.sectionText);
              expect(isBlank(b.text.text)).toBe(false);
            }
            expect(b.fields?.length ?? 0).toBeLessThanOrEqual(SLACK.fieldsPerSection);
            for (const f of b.fields ?? []) {
              expect(f.text.length).toBeLessThanOrEqual(SLACK.fieldText);
              expect(isBlank(f.text)).toBe(false);
            }
          } else if (b.type === "context") {
            expect(b.elements.length).toBeGreaterThan(0);
            for (const e of b.elements)
              if ("text" in e) {
                expect(e.text.length).toBeLessThanOrEqual(SLACK.contextText);
                expect(isBlank(e.text)).toBe(false);
              }
          }
        }
      }),
      RUNS,
    );
  });

  it("lets no mention through", () => {
    fc.assert(
      fc.property(reply, (r) => {
        const message = renderBlocks(r);
        expect(JSON.stringify(message.blocks)).not.toMatch(SLACK_MENTION);
        expect(message.text).not.toMatch(SLACK_MENTION);
      }),
      RUNS,
    );
  });
});

describe("Discord embeds from random Replies", () => {
  it("has no blank field name or value, and respects every embed limit", () => {
    fc.assert(
      fc.property(reply, (r) => {
        const { embeds, files } = renderEmbeds(r);
        expect(embeds.length).toBeGreaterThan(0);
        expect(embeds.length).toBeLessThanOrEqual(DISCORD.embeds);
        expect(files.length).toBeLessThanOrEqual(DISCORD.attachments);
        expect(totalLength(embeds)).toBeLessThanOrEqual(DISCORD.total);
        for (const e of embeds) {
          expect(
            e.title !== undefined || e.description !== undefined || (e.fields?.length ?? 0) > 0 || e.image,
          ).toBeTruthy();
          if (e.title !== undefined) {
            expect(e.title.length).toBeLessThanOrEqual(DISCORD.title);
            expect(isBlank(e.title)).toBe(false);
          }
          if (e.description !== undefined) {
            expect(e.description.length).toBeLessThanOrEqual(DISCORD.description);
            expect(isBlank(e.description)).toBe(false);
          }
          if (e.footer) {
            expect(e.footer.text.length).toBeLessThanOrEqual(DISCORD.footer);
            expect(isBlank(e.footer.text)).toBe(false);
          }
          expect(e.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD.fields);
          for (const f of e.fields ?? []) {
            expect(f.name.length).toBeGreaterThanOrEqual(1);
            expect(f.name.length).toBeLessThanOrEqual(DISCORD.fieldName);
            expect(f.value.length).toBeGreaterThanOrEqual(1);
            expect(f.value.length).toBeLessThanOrEqual(DISCORD.fieldValue);
            expect(isBlank(f.name)).toBe(false);
            expect(isBlank(f.value)).toBe(false);
          }
        }
      }),
      RUNS,
    );
  });

  it("lets no mention through", () => {
    fc.assert(
      fc.property(reply, (r) => {
        expect(JSON.stringify(renderEmbeds(r).embeds)).not.toMatch(DISCORD_MENTION);
      }),
      RUNS,
    );
  });
});

describe("terminal text from random Replies", () => {
  it("never throws, and carries no control character that could drive the terminal", () => {
    fc.assert(
      fc.property(reply, fc.boolean(), (r, color) => {
        const out = renderText(r, { color });
        // Only our own bold/dim sequences, and only with colour on.
        const bare = ["\u001b[1m", "\u001b[2m", "\u001b[22m"].reduce((t, sgr) => t.replaceAll(sgr, ""), out);
        if (!color) expect(bare).toBe(out);
        expect(bare).not.toMatch(/(?![\n\t])\p{Cc}/u);
      }),
      RUNS,
    );
  });
});
