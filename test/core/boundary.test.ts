// The core and the commands stay platform-free: no SDK, storage or chart library imported there.
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const FORBIDDEN =
  /^(@slack\/|discord\.js|@discordjs\/|yahoo-finance2|keyv|@keyv\/|bullmq|ioredis|redis|quickchart-js|@napi-rs\/canvas|chart\.js|pino|croner|ws)(\/|$)/;
const ALLOWED_RELATIVE = /^\.\.?\//;

async function tsFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => join(e.parentPath, e.name));
}

function importsOf(source: string): string[] {
  const specs: string[] = [];
  const pattern = /(?:import|export)\s[^"']*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
  for (const m of source.matchAll(pattern)) specs.push((m[1] ?? m[2]) as string);
  return specs;
}

describe("the core boundary", () => {
  for (const dir of ["src/core", "src/commands"]) {
    it(`${dir} imports no SDK and nothing from the adapters`, async () => {
      const files = await tsFiles(dir);
      expect(files.length).toBeGreaterThan(3);
      const offenders: string[] = [];
      for (const file of files) {
        for (const spec of importsOf(await readFile(file, "utf8"))) {
          if (FORBIDDEN.test(spec)) offenders.push(`${file}: ${spec}`);
          if (ALLOWED_RELATIVE.test(spec) && /\/adapters\//.test(spec)) offenders.push(`${file}: ${spec}`);
          if (!ALLOWED_RELATIVE.test(spec) && !spec.startsWith("node:")) offenders.push(`${file}: ${spec}`);
        }
      }
      expect(offenders).toEqual([]);
    });
  }

  it("the import scanner itself sees imports", () => {
    expect(importsOf(`import { App } from "@slack/bolt";\nconst x = await import("keyv");`)).toEqual([
      "@slack/bolt",
      "keyv",
    ]);
  });
});
