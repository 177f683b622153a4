// What a new user meets in the terminal, run as a real process: /help at 80 columns, what they
// typed echoed as typed, errors on stderr with --json, footers without server paths, plurals.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const BIN = join(ROOT, "bin/rotation-bot.js");
const CLOSES = join(ROOT, "test/fixtures/closes");

function run(args: string[], env: Record<string, string>, cwd: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { PATH: process.env.PATH ?? "", HOME: cwd, ...env }, timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err && typeof err.code === "number" ? err.code : err ? 99 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const offline = ["--data", CLOSES, "--as-of", "2026-01-13"];

describe("the terminal, as a new user meets it", { timeout: 150_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "rotation-terminal-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("GIVEN an 80-column terminal THEN /help has no line over 80 and breaks no word", async () => {
    const wide = await run(["ask", "/help", ...offline], {}, dir);
    const narrow = await run(["ask", "/help", ...offline], { COLUMNS: "80" }, dir);
    expect(narrow.code).toBe(0);
    const lines = narrow.stdout.split("\n");
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    // Every word on screen is a whole word of the answer: none was cut in two.
    // (The list form labels each column: "answers:" is the header's last word with a colon.)
    const words = new Set(wide.stdout.split(/\s+/).flatMap((w) => [w, `${w}:`]));
    for (const word of narrow.stdout.split(/\s+/).filter(Boolean)) expect(words, word).toContain(word);
    for (const name of ["/rotation [period]", "/breadth INDEX", "/subscribe brief"])
      expect(narrow.stdout).toContain(name);
    // Without a terminal width, piped output stays as it was: one line per paragraph.
    expect(Math.max(...wide.stdout.split("\n").map((l) => l.length))).toBeGreaterThan(80);
  });

  it("GIVEN 'asdf' typed without a slash THEN the answer echoes 'asdf', not '/asdf'", async () => {
    const r = await run(["ask", "asdf", ...offline], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"asdf" is not a command I know.');
    expect(r.stderr).not.toContain("/asdf");
    const slashed = await run(["ask", "/asdf", ...offline], {}, dir);
    expect(slashed.stderr).toContain('"/asdf" is not a command I know.');
  });

  it("GIVEN --json and a user error THEN the JSON goes to stderr, stdout stays empty, exit 2", async () => {
    const r = await run(["ask", "/rotation 7q", ...offline, "--json"], {}, dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(JSON.parse(r.stderr).kind).toBe("user-error");
  });

  it("GIVEN a folder of closes THEN footers and data name it by its last segment, never the server path", async () => {
    const text = await run(["ask", "/rotation 1m", ...offline], {}, dir);
    expect(text.code).toBe(0);
    const footer = text.stdout.split("\n").filter((l) => l.includes("Source:"));
    expect(footer.join("\n")).toContain("CSV folder closes");
    expect(text.stdout.replace(/^Chart: .*$/gm, "")).not.toContain(ROOT);
    const json = await run(["ask", "/rotation 1m", ...offline, "--json"], {}, dir);
    expect(JSON.parse(json.stdout).data.source).toBe("CSV folder closes");
    expect(json.stdout.replace(/"file": ".*"/g, "")).not.toContain(ROOT);
  });

  it("GIVEN answers that count one of something THEN they say '1 session', never '1 sessions'", async () => {
    const outputs = await Promise.all(
      ["/record RUT", "/breadth RUT history 2", "/leaders RUT 1m 3", "/breadth RUT"].map((c) =>
        run(["ask", c, ...offline], {}, dir),
      ),
    );
    for (const r of outputs) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(/(^|[^\d.,])1 (sessions|members|weeks|tickers)\b/m);
    }
  });
});

describe("the README's commands for older machines", { timeout: 150_000 }, () => {
  it("documents ./run ask next to the npx examples, and ./run passes its arguments to the terminal", async () => {
    const readme = await readFile(join(ROOT, "README.md"), "utf8");
    const terminal = readme.slice(readme.indexOf("## The terminal"), readme.indexOf("## Data"));
    expect(terminal).toContain('npx rotation-bot ask "/rotation ytd"');
    expect(terminal).toContain('./run ask "/rotation ytd"');
    const script = await readFile(join(ROOT, "run"), "utf8");
    expect(script).toMatch(/ask\) exec node bin\/rotation-bot\.js ask "\$@" ;;/);
  });
});
