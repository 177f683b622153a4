#!/usr/bin/env node
// The terminal entry point. The sources are TypeScript run by Node's own type stripping (Node 24+).
const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  process.stderr.write(`rotation-bot needs Node.js 24 or newer; this is ${process.version}.\n`);
  process.exit(1);
}
// Settings from ./.env when there is one (process variables win, as with --env-file).
const { existsSync } = await import("node:fs");
if (existsSync(".env")) process.loadEnvFile(".env");
const { runCli } = await import("../src/adapters/cli/cli.ts");
process.exitCode = await runCli(process.argv.slice(2));
