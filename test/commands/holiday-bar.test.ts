/**
 * Day changes are measured from the previous NYSE session for every series. A bar a series carries
 * on an NYSE holiday (here ^VIX on Mon 16 Feb 2026, Washington's Birthday) is never the base.
 * Expected figures are read from the fixture files themselves and computed here by plain arithmetic.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchText } from "../../src/core/dispatch.ts";
import type { Reply } from "../../src/core/reply.ts";
import { blocksOf, folderContext, VIEWS_DIR } from "./views-context.ts";

const HOLIDAY = "2026-02-16";
const SESSION = "2026-02-17";

/** Inserts a row dated `date` into a closes file, keeping the dates ascending. */
async function insertBar(file: string, date: string, close: number): Promise<void> {
  const [header, ...rows] = (await readFile(file, "utf8")).trimEnd().split("\n");
  rows.push(`${date},${close.toFixed(2)}`);
  rows.sort();
  await writeFile(file, `${[header, ...rows].join("\n")}\n`);
}

async function closeOn(file: string, date: string): Promise<number> {
  const row = (await readFile(file, "utf8")).split("\n").find((l) => l.startsWith(`${date},`));
  if (!row) throw new Error(`no ${date} in ${file}`);
  return Number(row.split(",")[1]);
}

describe("a holiday bar is never a day change's base", () => {
  const temps: string[] = [];
  let macroDir: string;
  let sectorsDir: string;
  beforeAll(async () => {
    macroDir = await mkdtemp(join(tmpdir(), "holiday-macro-"));
    sectorsDir = await mkdtemp(join(tmpdir(), "holiday-sectors-"));
    temps.push(macroDir, sectorsDir);
    await cp(`${VIEWS_DIR}/macro`, macroDir, { recursive: true });
    await cp(`${VIEWS_DIR}/sectors`, sectorsDir, { recursive: true });
    // A wildly different level on the holiday: any use of it as a base shows at once.
    await insertBar(join(macroDir, "^VIX.csv"), HOLIDAY, 40);
    await insertBar(join(sectorsDir, "XLK.csv"), HOLIDAY, 150);
  });
  afterAll(async () => {
    for (const t of temps) await rm(t, { recursive: true, force: true });
  });

  it("/macro 1d: ^VIX's change is from Fri 13 Feb, like every other series", async () => {
    const reply: Reply = await dispatchText("/macro 1d", folderContext(macroDir, SESSION));
    expect(reply.kind).toBe("answer");
    const vix = (reply.data.levels as Record<string, { baseDate: string; change: number }>)["^VIX"];
    const base = await closeOn(join(macroDir, "^VIX.csv"), "2026-02-13");
    const end = await closeOn(join(macroDir, "^VIX.csv"), SESSION);
    expect(vix?.baseDate).toBe("2026-02-13");
    expect(vix?.change).toBeCloseTo(end - base, 12);
    const irx = (reply.data.levels as Record<string, { baseDate: string }>)["^IRX"];
    expect(irx?.baseDate).toBe("2026-02-13");
    const row = blocksOf(reply, "table")[0]?.rows.find((r) => r[1] === "^VIX");
    expect(row?.[2]).toContain("13 Feb 2026");
  });

  it("/quote --as-of: the previous close is the 13 Feb one, and the change follows it", async () => {
    const reply = await dispatchText("/quote ^VIX ^TNX", folderContext(macroDir, SESSION));
    expect(reply.kind).toBe("answer");
    const q = (
      reply.data.quotes as { symbol: string; previousClose?: number; change?: number; when: string }[]
    )[0];
    const base = await closeOn(join(macroDir, "^VIX.csv"), "2026-02-13");
    const end = await closeOn(join(macroDir, "^VIX.csv"), SESSION);
    expect(q?.symbol).toBe("^VIX");
    expect(q?.previousClose).toBe(base);
    expect(q?.change).toBeCloseTo(end - base, 12);
    // The usual base: no extra date shown.
    expect(q?.when).toBe("close Tue 17 Feb 2026");
  });

  it("/quote --as-of: a series lacking the previous session's bar says from when its change is", async () => {
    const dir = await mkdtemp(join(tmpdir(), "holiday-gap-"));
    temps.push(dir);
    await cp(`${VIEWS_DIR}/macro`, dir, { recursive: true });
    const file = join(dir, "^RVX.csv");
    const lines = (await readFile(file, "utf8")).split("\n").filter((l) => !l.startsWith("2026-02-13,"));
    await writeFile(file, lines.join("\n"));
    const reply = await dispatchText("/quote ^RVX", folderContext(dir, SESSION));
    const q = (reply.data.quotes as { previousClose?: number; when: string }[])[0];
    expect(q?.previousClose).toBe(await closeOn(file, "2026-02-12"));
    expect(q?.when).toBe("close Tue 17 Feb 2026 (change since 12 Feb 2026)");
  });

  it("/sectors 1d: XLK's holiday bar is not its base; the return is from 13 Feb", async () => {
    const reply = await dispatchText("/sectors 1d", folderContext(sectorsDir, SESSION));
    expect(reply.kind).toBe("answer");
    const xlk = (reply.data.returns as Record<string, { baseDate: string; value: number }>).XLK;
    const base = await closeOn(join(sectorsDir, "XLK.csv"), "2026-02-13");
    const end = await closeOn(join(sectorsDir, "XLK.csv"), SESSION);
    expect(xlk?.baseDate).toBe("2026-02-13");
    expect(xlk?.value).toBeCloseTo(end / base - 1, 12);
  });
});
