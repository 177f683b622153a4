/**
 * GIVEN the fake Discord WHEN `node scripts/discord-register.ts` runs THEN it PUTs every registry
 * command (globally or to one guild) and prints them with the invite URL, never the token.
 */
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commands } from "../../../src/commands/index.ts";
import { FakeDiscord } from "../../fakes/discord/fake-discord.ts";

const SCRIPT = fileURLToPath(new URL("../../../scripts/discord-register.ts", import.meta.url));

let fake: FakeDiscord;
// An empty working directory, so a developer's own .env is never read.
const cwd = mkdtempSync(join(tmpdir(), "discord-register-"));

beforeAll(async () => {
  fake = await FakeDiscord.start();
});
afterAll(async () => {
  await fake?.close();
  rmSync(cwd, { recursive: true, force: true });
});

function run(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.on("close", (code) => resolve({ code: code ?? -1, out, err }));
  });
}

const discordEnv = () => ({
  DISCORD_TOKEN: fake.token,
  DISCORD_APPLICATION_ID: fake.applicationId,
  DISCORD_API_URL: fake.apiUrl,
});

describe("npm run discord:register", () => {
  it("registers every command in one guild with --guild, and prints them and the invite URL", async () => {
    const { code, out, err } = await run(["--guild", "400000000000000001"], discordEnv());
    expect(err).toBe("");
    expect(code).toBe(0);
    const put = await fake.waitFor(
      (r) =>
        r.method === "PUT" &&
        r.path === `/api/v10/applications/${fake.applicationId}/guilds/400000000000000001/commands`,
    );
    expect(put.authorization).toBe(`Bot ${fake.token}`);
    const body = put.raw as { name: string; options: { name: string; type: number }[] }[];
    expect(body.map((c) => c.name)).toEqual(commands.map((c) => c.name));
    const quote = body.find((c) => c.name === "quote");
    expect(quote?.options).toEqual([expect.objectContaining({ name: "tickers", type: 3, required: true })]);

    expect(out).toContain(`Registered ${commands.length} slash commands in server 400000000000000001`);
    for (const c of commands) expect(out).toContain(`/${c.name}`);
    expect(out).toContain(
      `https://discord.com/oauth2/authorize?client_id=${fake.applicationId}&scope=bot+applications.commands&permissions=52224`,
    );
    expect(out + err).not.toContain(fake.token);
  });

  it("registers globally without --guild; with DISCORD_MESSAGE_CONTENT=true the invite adds Read Message History", async () => {
    const { code, out } = await run([], { ...discordEnv(), DISCORD_MESSAGE_CONTENT: "true" });
    expect(code).toBe(0);
    expect(out).toContain("globally");
    // 52224 (post to channels) + 65536 (Read Message History, to reply to a message).
    expect(out).toContain("&permissions=117760");
    expect(out).toContain("Privileged Gateway Intents > Message Content Intent");
    const put = await fake.waitFor(
      (r) => r.method === "PUT" && r.path === `/api/v10/applications/${fake.applicationId}/commands`,
    );
    expect((put.raw as unknown[]).length).toBe(commands.length);
  });

  it("names the missing variable when DISCORD_TOKEN is not set", async () => {
    const { code, err } = await run([], {});
    expect(code).toBe(2);
    expect(err).toContain("DISCORD_TOKEN is not set");
  });

  it("reports a rejected token without printing it", async () => {
    const { code, err } = await run([], { ...discordEnv(), DISCORD_TOKEN: "wrong.token-value.abc" });
    expect(code).toBe(1);
    expect(err).toContain("401");
    expect(err).not.toContain("wrong.token-value.abc");
  });

  it("GIVEN Discord cannot be reached THEN it says what could not be reached, in our words, not 'fetch failed'", async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((r) => server.close(() => r()));
    const { code, err } = await run([], { ...discordEnv(), DISCORD_API_URL: `http://127.0.0.1:${port}/api` });
    expect(code).toBe(1);
    expect(err.trim()).toBe(
      `discord-register: could not reach Discord at 127.0.0.1:${port} (connection refused): check the network, a proxy, or DISCORD_API_URL; nothing was registered`,
    );
    expect(err).not.toContain("fetch failed");
  });
});
