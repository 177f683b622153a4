// The market-view fixture folders are exactly what test/fixtures/views/generate.ts writes.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateFiles } from "../fixtures/views/generate.ts";
import { VIEWS_DIR } from "./views-context.ts";

describe("test/fixtures/views", () => {
  it("holds exactly the generated files, byte for byte", async () => {
    const expected = generateFiles();
    const entries = await readdir(VIEWS_DIR, { withFileTypes: true, recursive: true });
    const onDisk = entries
      .filter((e) => e.isFile() && e.name.endsWith(".csv"))
      .map((e) => join(e.parentPath, e.name).slice(VIEWS_DIR.length + 1))
      .sort();
    expect(onDisk).toEqual([...expected.keys()].sort());
    for (const [path, content] of expected)
      expect(await readFile(join(VIEWS_DIR, path), "utf8")).toBe(content);
  });
});
