/**
 * A 50 MB closes file is streamed: while it is read, live memory stays far below the file's size.
 * Live memory (heap plus external) is measured after a full garbage collection at every chunk, so
 * the figure does not depend on when the collector would have run by itself.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { once } from "node:events";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseClosesCsv } from "../../../src/adapters/csv/closes-file.ts";
import { CsvMarketData } from "../../../src/adapters/csv/csv-market-data.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const MB = 1024 * 1024;
/** The JavaScript heap plus memory outside it (buffers, and large strings Node keeps there). */
const live = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
};
const NOTE = "x".repeat(2000);
let dir: string;
let file: string;
let rows = 0;

/** Daily rows from 1900 on, each with a 2 kB note column the reader ignores, up to 50 MB. */
async function writeLargeFile(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write("Date,Close,Note\n");
  let bytes = 0;
  let day = Date.UTC(1900, 0, 1);
  while (bytes < 50 * MB) {
    const line = `${new Date(day).toISOString().slice(0, 10)},${(100 + (rows % 50)).toFixed(2)},"${NOTE}, with a comma"\n`;
    if (!out.write(line)) await once(out, "drain");
    bytes += line.length;
    day += 86_400_000;
    rows++;
  }
  out.end();
  await once(out, "finish");
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "closes-large-"));
  file = join(dir, "BIG.csv");
  await writeLargeFile(file);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a 50 MB closes file", () => {
  it("is streamed: live memory while reading stays far below the file's size", async () => {
    expect(statSync(file).size).toBeGreaterThanOrEqual(50 * MB);
    gc();
    const before = live();
    let peak = 0;
    let chunks = 0;
    const sampler = new PassThrough({
      transform(chunk, _encoding, done) {
        chunks++;
        gc();
        peak = Math.max(peak, live() - before);
        done(null, chunk);
      },
    });
    const bars = await parseClosesCsv(createReadStream(file, { highWaterMark: MB }).pipe(sampler), "BIG.csv");
    expect(bars).toHaveLength(rows);
    expect(bars[0]).toEqual({ date: "1900-01-01", close: 100 });
    expect(chunks).toBeGreaterThanOrEqual(50);
    // Reading it whole would hold at least 50 MB of text; streamed, what stays is the bars
    // (about 25,000 small objects) and a chunk or two.
    expect(peak).toBeLessThan(20 * MB);
  }, 120_000);

  it("loads through the CSV folder adapter", async () => {
    const market = new CsvMarketData({ dir, clock: { now: () => Date.parse("2026-01-14T15:00:00Z") } });
    const series = await market.history("BIG", { from: "1900-01-01", to: "1900-01-10" });
    expect(series.bars.map((b) => b.close)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
  }, 120_000);
});
