/**
 * `npm run slack:manifest`: writes slack-manifest.json from the command registry, to paste into
 * https://api.slack.com/apps > Create New App > From a manifest. Runs before any token exists, so
 * it reads only the few variables that shape the manifest (from .env when there is one):
 *   SLACK_MODE=socket|http   (default socket: no public URL needed)
 *   SLACK_PUBLIC_URL=https://bot.example.com   (HTTP mode and OAuth: where Slack reaches the app)
 *   SLACK_CLIENT_ID          (set: installing into many workspaces, adds the OAuth redirect URL)
 *   SLACK_APP_NAME           (default rotation-bot)
 *   SLACK_DEDUP_HISTORY=true (adds channels:history and groups:history; see README)
 *   SLACK_CASHTAGS=true      (adds the message.channels and message.groups events and those scopes)
 * Flags: --stdout prints instead of writing; --out=<file>; --http / --socket override SLACK_MODE.
 */
import { existsSync, writeFileSync } from "node:fs";
import { buildManifest } from "../src/adapters/slack/manifest.ts";
import { commands } from "../src/commands/index.ts";

if (existsSync(".env")) process.loadEnvFile(".env");
const env = (name: string) => {
  const v = process.env[name]?.trim();
  return v === "" ? undefined : v;
};
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const out = args.find((a) => a.startsWith("--out="))?.slice(6) ?? "slack-manifest.json";

const mode = flag("http")
  ? "http"
  : flag("socket")
    ? "socket"
    : (env("SLACK_MODE") ?? "socket").toLowerCase();
if (mode !== "socket" && mode !== "http") {
  process.stderr.write('slack-manifest: SLACK_MODE must be "socket" or "http"\n');
  process.exit(2);
}

/** A yes/no variable, or exit 2 naming it. */
const yes = (name: string): boolean => {
  const value = (env(name) ?? "false").toLowerCase();
  if (!["true", "false", "yes", "no", "1", "0", "on", "off"].includes(value)) {
    process.stderr.write(`slack-manifest: ${name} must be "true" or "false"\n`);
    process.exit(2);
  }
  return ["true", "yes", "1", "on"].includes(value);
};
const history = yes("SLACK_DEDUP_HISTORY");
const cashtags = yes("SLACK_CASHTAGS");

try {
  const publicUrl = env("SLACK_PUBLIC_URL");
  const name = env("SLACK_APP_NAME");
  const manifest = buildManifest(commands, {
    mode,
    oauth: env("SLACK_CLIENT_ID") !== undefined,
    dedupHistory: history,
    cashtags,
    ...(publicUrl ? { publicUrl } : {}),
    ...(name ? { name } : {}),
  });
  const json = `${JSON.stringify(manifest, null, 2)}\n`;
  if (flag("stdout")) process.stdout.write(json);
  else {
    writeFileSync(out, json);
    process.stdout.write(
      `Wrote ${out} (${mode} mode, ${manifest.features.slash_commands.length} commands).\n` +
        "Next: https://api.slack.com/apps > Create New App > From a manifest > paste it.\n",
    );
  }
} catch (err) {
  process.stderr.write(`slack-manifest: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
}
