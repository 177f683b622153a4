#!/usr/bin/env node
// The terminal entry point. A checkout runs the TypeScript sources with Node's own type stripping;
// an installed package runs its JavaScript build (Node strips no types under node_modules).
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  process.stderr.write(`rotation-bot needs Node.js 24 or newer; this is ${process.version}.\n`);
  process.exit(1);
}
const { existsSync } = await import("node:fs");
// Settings from ./.env when there is one (process variables win, as with --env-file).
if (existsSync(".env")) process.loadEnvFile(".env");
const sources = new URL("../src/bin.ts", import.meta.url);
const entry = existsSync(sources) ? sources : new URL("../dist/bin.js", import.meta.url);
const { runBin } = await import(entry.href);
const code = await runBin(process.argv.slice(2));
if (code !== undefined) process.exitCode = code;
