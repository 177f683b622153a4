/**
 * A folder of synthetic closes for the alerts' simulated week, Mon 23 to Fri 27 Nov 2026
 * (Thanksgiving Thu 26, an early close Fri 27), written to a temp dir. Made up, shaped so each
 * event happens once, on a known session, and nowhere else in the week:
 * - ^RUT: a record close on Tue 24 (above the 2,500 peak of spring), none on the other days;
 * - IWM/SPY: the line drifts below its 50-session average, then closes above it on Wed 25;
 * - KRE: crosses 60 on Mon 23 (the day's high 60.30), then hovers at 60 for the rest of the week;
 * - the RUT members (constituents/RUT.csv, ten made-up tickers): three in ten advance each session
 *   until Fri 20, nine in ten from Mon 23, so the 10-session EMA of A / (A + D) rises from 0.30 to
 *   above 0.615 on Fri 27: a breadth thrust that started from Fri 20.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { nextTradingDay, previousTradingDay } from "../../../src/core/market/calendar.ts";

export const WEEK = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-27"];
export const MEMBERS = ["AAAA", "BBBB", "CCCC", "DDDD", "EEEE", "FFFF", "GGGG", "HHHH", "IIII", "JJJJ"];

/** The 300 sessions ending Fri 27 Nov 2026, oldest first. */
export function sessions(): string[] {
  const out = ["2026-11-27"];
  while (out.length < 300) out.unshift(previousTradingDay(out[0] as string));
  return out;
}

interface Row {
  date: string;
  close: number;
  high?: number;
  low?: number;
}

function csv(rows: Row[]): string {
  const lines = rows.map((r) => {
    const high = r.high ?? r.close;
    const low = r.low ?? r.close;
    return `${r.date},${r.close.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${r.close.toFixed(4)},${r.close.toFixed(4)},1000`;
  });
  return `Date,Open,High,Low,Close,Adj Close,Volume\n${lines.join("\n")}\n`;
}

export async function writeWeekData(dir: string): Promise<void> {
  const days = sessions();
  const at = (d: string) => days.indexOf(d);
  await mkdir(join(dir, "constituents"), { recursive: true });
  // ^RUT: up to 2,500 at session 100, down to 2,300, back up to 2,495 on Mon 23, 2,510 on Tue 24.
  const rut: Row[] = days.map((date, i) => {
    let close: number;
    if (i <= 100) close = 2000 + 5 * i;
    else if (i <= 200) close = 2500 - 2 * (i - 100);
    else close = 2300 + (195 * (i - 200)) / (at("2026-11-23") - 200);
    if (date === "2026-11-24") close = 2510;
    if (date === "2026-11-25") close = 2505;
    if (date === "2026-11-27") close = 2508;
    return { date, close };
  });
  // SPY flat; IWM drifts down (the line stays below its average), then jumps on Wed 25.
  const spy: Row[] = days.map((date) => ({ date, close: 600 }));
  const iwm: Row[] = days.map((date, i) => ({
    date,
    close: date >= "2026-11-25" ? 250 + (date === "2026-11-27" ? 1 : 0) : 240 - 0.01 * i,
  }));
  // KRE: 58 until Fri 20, crosses 60 on Mon 23, hovers within the band after.
  const kre: Row[] = days.map((date) => {
    if (date === "2026-11-23") return { date, close: 60.1, high: 60.3, low: 59.8 };
    if (date === "2026-11-24") return { date, close: 59.9, high: 60.2, low: 59.8 };
    if (date === "2026-11-25") return { date, close: 60.0, high: 60.1, low: 59.75 };
    if (date === "2026-11-27") return { date, close: 60.1, high: 60.2, low: 59.9 };
    return { date, close: 58, high: 58.5, low: 57.5 };
  });
  await writeFile(join(dir, "^RUT.csv"), csv(rut));
  await writeFile(join(dir, "SPY.csv"), csv(spy));
  await writeFile(join(dir, "IWM.csv"), csv(iwm));
  await writeFile(join(dir, "KRE.csv"), csv(kre));
  // Members: on each session, `up` of ten advance (a rotating set), the others decline.
  const closes = MEMBERS.map(() => [] as Row[]);
  const level = MEMBERS.map(() => 100);
  days.forEach((date, d) => {
    const up = date >= "2026-11-23" ? 9 : 3;
    MEMBERS.forEach((_, m) => {
      if (d > 0) level[m] = (level[m] as number) * ((m + d) % 10 < up ? 1.01 : 0.995);
      closes[m]?.push({ date, close: level[m] as number });
    });
  });
  for (const [m, t] of MEMBERS.entries()) await writeFile(join(dir, `${t}.csv`), csv(closes[m] as Row[]));
  await writeFile(
    join(dir, "constituents", "RUT.csv"),
    `Ticker,Name,Sector\n${MEMBERS.map((t) => `${t},${t} Inc,Industrials`).join("\n")}\n`,
  );
  void nextTradingDay;
}
