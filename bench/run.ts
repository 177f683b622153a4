/**
 * `npm run bench`: every benchmark, each in its own Node process so memory figures are its own.
 * Figures are printed, never asserted: these machines are noisy, so read them with that in mind.
 * Pass names to run only some: npm run bench -- charts rotation
 */
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";

const ALL = [
  "charts",
  "rotation",
  "breadth",
  "slack",
  "brief",
  "outage",
  "alerts",
  "status",
  "replica",
  "history",
  "cashtags",
  "handoff",
];
const wanted = process.argv.slice(2).filter((a) => ALL.includes(a));
const names = wanted.length > 0 ? wanted : ALL;

console.log(`rotation-bot benchmarks on ${cpus().length} cores, Node ${process.version}`);
let failed = 0;
for (const name of names) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  console.log(`\n== ${name}`);
  const result = spawnSync(process.execPath, ["--expose-gc", file], { stdio: "inherit" });
  if (result.status !== 0) {
    failed++;
    console.log(`(${name} benchmark failed with exit code ${result.status})`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
