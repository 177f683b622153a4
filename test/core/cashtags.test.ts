/**
 * Cashtags in ordinary messages: which `$WORD`s are tickers (never amounts), validated like typed
 * tickers, at most five; and the compact answer, with /quote's figures, through the real
 * dispatcher on the closes fixture and a real SQLite store (settings, one answer per message).
 */
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CsvMarketData } from "../../src/adapters/csv/csv-market-data.ts";
import { createStore } from "../../src/adapters/store/create-store.ts";
import { commands } from "../../src/commands/index.ts";
import { answerCashtags, cashtagReply, findCashtags, MAX_CASHTAGS } from "../../src/core/cashtags.ts";
import { saveSettings } from "../../src/core/channel-settings.ts";
import { dispatch, type Services } from "../../src/core/dispatch.ts";
import { symbolFromWord } from "../../src/core/market/instruments.ts";
import { type Store, silentLogger } from "../../src/core/ports.ts";
import { CLOSES_DIR } from "../commands/helpers.ts";

const AS_OF = "2026-01-16";
const clock = { now: () => Date.parse("2026-01-16T22:00:00Z") };
const channel = { platform: "slack" as const, workspaceId: "T1", channelId: "C1" };

describe("findCashtags", () => {
  it.each([
    ["$IWM vs $SPY today?", ["IWM", "SPY"]],
    ["what about $iwm", ["IWM"]],
    ["$BRK.B and $RUT", ["BRK-B", "^RUT"]],
    ["($QQQ), $SPY. $IWM!", ["QQQ", "SPY", "IWM"]],
    ["$IWM $IWM $iwm", ["IWM"]],
  ])("%s -> %j", (text, symbols) => {
    expect(findCashtags(text)?.symbols).toEqual(symbols);
  });

  it.each([
    "paid $100 for it",
    "$1.5M raise, $5k, $0.99",
    "US$5 and 5$",
    "$$SPY",
    "a$IWM",
    "$TOOLONGX",
    "inline `$SPY` code",
    "```\necho $SPY\n```",
    "see <https://example.com/$SPY|link>",
    "https://example.com/q/$SPY",
    "math $x$ here",
    "no dollar at all",
  ])("%s -> nothing", (text) => {
    expect(findCashtags(text)).toBeUndefined();
  });

  it("keeps the first five distinct tickers and counts the rest", () => {
    const found = findCashtags("$IWM $SPY $QQQ $RSP $RUT $SPX $NDX $IWM");
    expect(found).toEqual({ symbols: ["IWM", "SPY", "QQQ", "RSP", "^RUT"], total: 7 });
  });

  it("property: a dollar amount never reads as a cashtag, wherever it sits in text", () => {
    const amount = fc
      .tuple(
        fc.nat({ max: 10_000_000 }),
        fc.option(fc.nat({ max: 99 }), { nil: undefined }),
        fc.constantFrom("", "k", "K", "M", "bn", "m"),
      )
      .map(([n, cents, unit]) => `$${n}${cents === undefined ? "" : `.${cents}`}${unit}`);
    const filler = fc.string({ maxLength: 20 }).map((s) => s.replace(/\$/g, ""));
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, amount), { maxLength: 6 }), (parts) => {
        const text = parts.map(([f, a]) => `${f} ${a} `).join("");
        expect(findCashtags(text)).toBeUndefined();
      }),
    );
  });

  it("property: tickers written as cashtags among words and amounts are found in order, read like typed tickers, at most five", () => {
    const ticker = fc.stringMatching(/^[A-Za-z]{1,5}$/);
    const word = fc.stringMatching(/^[a-z]{1,8}$/);
    const amount = fc.nat({ max: 100_000 }).map((n) => `$${n}`);
    const token = fc.oneof(
      ticker.map((t) => ({ tag: t })),
      word.map((w) => ({ text: w })),
      amount.map((a) => ({ text: a })),
    );
    const separator = fc.constantFrom(" ", ", ", "\n", " (", ") ", "! ", ". ");
    fc.assert(
      fc.property(fc.array(fc.tuple(token, separator), { maxLength: 12 }), (tokens) => {
        const text = tokens.map(([t, sep]) => ("tag" in t ? `$${t.tag}` : t.text) + sep).join("");
        // What /quote would make of the same words typed (RUT -> ^RUT, SMALL -> ^RUT, iwm -> IWM).
        const typed = tokens.flatMap(([t]) => ("tag" in t ? [symbolFromWord(t.tag, 1, "")] : []));
        const wanted = [...new Set(typed)];
        const found = findCashtags(text);
        if (wanted.length === 0) expect(found).toBeUndefined();
        else expect(found).toEqual({ symbols: wanted.slice(0, MAX_CASHTAGS), total: wanted.length });
      }),
    );
  });

  it("property: any text yields at most five valid symbols and never throws", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const found = findCashtags(`$${text} ${text}`);
        if (!found) return;
        expect(found.symbols.length).toBeLessThanOrEqual(MAX_CASHTAGS);
        expect(found.total).toBeGreaterThanOrEqual(found.symbols.length);
        for (const s of found.symbols) expect(s).toMatch(/^\^?[A-Z0-9][A-Z0-9.\-=]{0,14}$/);
      }),
    );
  });
});

describe("the compact answer", () => {
  let store: Store;
  let services: Services;
  beforeEach(async () => {
    store = await createStore({ sqlitePath: ":memory:" }, silentLogger);
    services = {
      commands,
      market: new CsvMarketData({ dir: CLOSES_DIR, clock, asOf: AS_OF }),
      store,
      clock,
      logger: silentLogger,
      asOf: AS_OF,
    };
  });
  afterEach(async () => {
    await store.close();
  });

  it("gives /quote's figures one line per ticker, with its footer (source, as-of, coverage)", async () => {
    const request = findCashtags("$IWM and $SPY") as NonNullable<ReturnType<typeof findCashtags>>;
    const reply = await answerCashtags(request, { ...services, requester: { platform: "slack" } });
    const typed = await dispatch("quote", "IWM SPY", { ...services, requester: { platform: "slack" } });
    const table = typed.blocks.find((b) => b.type === "table");
    if (reply?.kind !== "answer" || table?.type !== "table") throw new Error("expected answers");
    const lines = (reply.blocks[0] as { text: string }).text.split("\n");
    expect(lines).toHaveLength(2);
    for (const [i, row] of table.rows.entries()) for (const cell of row) expect(lines[i]).toContain(cell);
    expect(reply.blocks.at(-1)).toEqual(typed.blocks.find((b) => b.type === "footer"));
    expect(reply.blocks.some((b) => b.type === "title" || b.type === "chart")).toBe(false);
  });

  it("names the tickers left out beyond five", async () => {
    const request = findCashtags("$IWM $SPY $QQQ $RSP $RUT $SPX $NDX") as NonNullable<
      ReturnType<typeof findCashtags>
    >;
    const reply = await answerCashtags(request, { ...services, requester: { platform: "discord" } });
    expect(reply?.fallback).toContain("That message has 7 cashtags; I quote the first 5.");
    expect(String((reply?.blocks[0] as { text?: string } | undefined)?.text).split("\n")).toHaveLength(5);
  });

  it("stays silent when nothing is priced ($HOME is no ticker here)", async () => {
    const request = findCashtags("echo $HOME") as NonNullable<ReturnType<typeof findCashtags>>;
    expect(await answerCashtags(request, { ...services, requester: { platform: "slack" } })).toBeUndefined();
  });

  it("answers only where the channel turned cashtags on, and once per message", async () => {
    const message = { text: "$IWM", channel, messageId: "1700000000.000100", userId: "U1" };
    expect(await cashtagReply(message, services, silentLogger)).toBeUndefined();
    await saveSettings(store, channel, { cashtags: true });
    expect((await cashtagReply(message, services, silentLogger))?.kind).toBe("answer");
    expect(await cashtagReply(message, services, silentLogger)).toBeUndefined();
    // Another message in the channel is answered; the same id in another channel too.
    expect(
      await cashtagReply({ ...message, messageId: "1700000000.000200" }, services, silentLogger),
    ).toBeDefined();
    await saveSettings(store, { ...channel, channelId: "C2" }, { cashtags: true });
    expect(
      await cashtagReply({ ...message, channel: { ...channel, channelId: "C2" } }, services, silentLogger),
    ).toBeDefined();
  });
});
