/**
 * A deliberately plain, separate computation of breadth from CSV files of closes, to check the
 * bot's figures against: its own CSV reading, the session calendar taken from the index file's
 * dates, and loops written the obvious way. It shares no code with src/.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export type Closes = Map<string, number>;

/** date -> close from a Yahoo-style or lowercase closes file; "null" rows are skipped. */
export function readCloses(file: string): Closes {
  const [header, ...rows] = readFileSync(file, "utf8").trim().split(/\r?\n/);
  const cols = (header ?? "").toLowerCase().split(",");
  const d = cols.indexOf("date");
  const c = cols.indexOf("close");
  const out: Closes = new Map();
  for (const row of rows) {
    const cells = row.split(",");
    const close = cells[c];
    if (close === undefined || close === "null" || close === "") continue;
    out.set(cells[d] as string, Number(close));
  }
  return out;
}

export function readFolder(dir: string, symbols: string[]): Map<string, Closes> {
  return new Map(symbols.map((s) => [s, readCloses(join(dir, `${s}.csv`))]));
}

export interface NaiveCounts {
  date: string;
  advancing: number;
  declining: number;
  unchanged: number;
  above50: [number, number];
  above200: [number, number];
  highs: [number, number];
  lows: [number, number];
}

/** Breadth on `sessions[k]` (sessions = the index's dates, ascending). */
export function naiveBreadth(members: Map<string, Closes>, sessions: string[], k: number): NaiveCounts {
  const date = sessions[k] as string;
  const prevDate = sessions[k - 1] as string;
  const out: NaiveCounts = {
    date,
    advancing: 0,
    declining: 0,
    unchanged: 0,
    above50: [0, 0],
    above200: [0, 0],
    highs: [0, 0],
    lows: [0, 0],
  };
  for (const closes of members.values()) {
    const today = closes.get(date);
    const before = closes.get(prevDate);
    if (today === undefined || before === undefined) continue;
    if (today > before) out.advancing++;
    else if (today < before) out.declining++;
    else out.unchanged++;
    const upTo = [...closes.entries()].filter(([d]) => d <= date).map(([, c]) => c);
    const lastN = (n: number) => upTo.slice(upTo.length - n);
    if (upTo.length >= 50) {
      out.above50[1]++;
      if (today > lastN(50).reduce((a, b) => a + b, 0) / 50) out.above50[0]++;
    }
    if (upTo.length >= 200) {
      out.above200[1]++;
      if (today > lastN(200).reduce((a, b) => a + b, 0) / 200) out.above200[0]++;
    }
    if (upTo.length >= 252) {
      const year = lastN(252);
      out.highs[1]++;
      out.lows[1]++;
      if (year.every((c) => today >= c)) out.highs[0]++;
      if (year.every((c) => today <= c)) out.lows[0]++;
    }
  }
  return out;
}

/** EMA seeded with the mean of the first n values, then ema += alpha x (x - ema). */
export function naiveEma(values: number[], n: number, alpha: number): (number | null)[] {
  const out: (number | null)[] = [];
  let ema = 0;
  for (let i = 0; i < values.length; i++) {
    if (i < n - 1) out.push(null);
    else if (i === n - 1) {
      ema = values.slice(0, n).reduce((a, b) => a + b, 0) / n;
      out.push(ema);
    } else {
      ema = ema + alpha * ((values[i] as number) - ema);
      out.push(ema);
    }
  }
  return out;
}
