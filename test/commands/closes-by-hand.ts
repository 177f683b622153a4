/** Reading and trimming closes files in tests, so expected figures come from the files, not our code. */
import { readFile, writeFile } from "node:fs/promises";

/** Close by date, from a Yahoo-style CSV (Date,Open,High,Low,Close,...). */
export async function closesOf(file: string): Promise<Map<string, number>> {
  const [header, ...rows] = (await readFile(file, "utf8")).trimEnd().split("\n");
  const col = (header ?? "").split(",").findIndex((h) => h.trim().toLowerCase() === "close");
  return new Map(rows.map((r) => [r.split(",")[0] as string, Number(r.split(",")[col])]));
}

/** Drops the rows of `file` for which `drop(date)` holds. */
export async function dropRows(file: string, drop: (date: string) => boolean): Promise<void> {
  const [header, ...rows] = (await readFile(file, "utf8")).trimEnd().split("\n");
  await writeFile(file, `${[header, ...rows.filter((r) => !drop(r.slice(0, 10)))].join("\n")}\n`);
}
