// Credentials inside URLs, met on a real run: the terminal against a fake Yahoo behind
// user:password@ and a holdings server behind user:password@ and ?token=.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeYahoo, startFakeYahoo } from "../../fakes/yahoo/server.ts";
import { type HoldingsServer, isharesFile, startHoldingsServer } from "../members/holdings-server.ts";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const BIN = join(ROOT, "bin/rotation-bot.js");

const YAHOO_PASSWORD = "yh-Pw-7731q";
const HOLDINGS_PASSWORD = "hd-Pw-2290z";
const TOKEN = "tk-Secret-55aa";

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

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("credentials inside URLs", { timeout: 150_000 }, () => {
  let dir: string;
  let yahoo: FakeYahoo;
  let holdings: HoldingsServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "rotation-url-credentials-"));
    yahoo = await startFakeYahoo({ synthesize: /^\^?[A-Z]{1,5}$/ });
    const members = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG", "HHH"].map((ticker) => ({
      ticker,
      name: `${ticker} Corp`,
      sector: "Industrials",
      exchange: "New York Stock Exchange Inc.",
    }));
    holdings = await startHoldingsServer(isharesFile("2026-01-13", members));
  });
  afterAll(async () => {
    await yahoo.close();
    await holdings.close();
    await rm(dir, { recursive: true, force: true });
  });

  const env = () => {
    const yahooBase = new URL(yahoo.url);
    yahooBase.username = "yuser";
    yahooBase.password = YAHOO_PASSWORD;
    const holdingsUrl = new URL(holdings.url);
    holdingsUrl.username = "huser";
    holdingsUrl.password = HOLDINGS_PASSWORD;
    holdingsUrl.searchParams.set("token", TOKEN);
    return {
      YAHOO_BASE_URL: yahooBase.href,
      HOLDINGS_URL_RUT: holdingsUrl.href,
      YAHOO_RETRIES: "0",
      LOG_LEVEL: "debug",
      STORE_PATH: join(dir, "store.sqlite"),
    };
  };

  it("GIVEN user:password@ in YAHOO_BASE_URL THEN Yahoo gets them as Basic auth and no log line shows them", async () => {
    const r = await run(["ask", "/quote IWM SPY"], env(), dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("IWM");
    expect(yahoo.requests.length).toBeGreaterThan(0);
    for (const req of yahoo.requests) expect(req.authorization).toBe(basic("yuser", YAHOO_PASSWORD));
    expect(r.stderr).toContain('"level"'); // debug lines were written, and none holds a secret
    for (const secret of [YAHOO_PASSWORD, HOLDINGS_PASSWORD, TOKEN]) {
      expect(r.stderr).not.toContain(secret);
      expect(r.stdout).not.toContain(secret);
    }
  });

  it("GIVEN user:password@ and ?token= in HOLDINGS_URL_RUT THEN the publisher gets both, and neither is logged or shown", async () => {
    holdings.received.length = 0;
    const r = await run(["ask", "/breadth RUT"], env(), dir);
    expect(r.stdout + r.stderr).toContain("Russell 2000");
    expect(holdings.received.length).toBeGreaterThan(0);
    const got = holdings.received[0];
    expect(got?.authorization).toBe(basic("huser", HOLDINGS_PASSWORD));
    expect(new URL(got?.url ?? "", "http://x").searchParams.get("token")).toBe(TOKEN);
    for (const secret of [YAHOO_PASSWORD, HOLDINGS_PASSWORD, TOKEN]) {
      expect(r.stderr).not.toContain(secret);
      expect(r.stdout).not.toContain(secret);
    }
  });

  it("GIVEN a publisher that is down THEN the failure is logged without the token or password", async () => {
    holdings.answer(503, "<html>down</html>");
    const r = await run(["ask", "/breadth RUT"], { ...env(), STORE_PATH: join(dir, "fresh.sqlite") }, dir);
    expect(r.code).toBe(1);
    for (const secret of [HOLDINGS_PASSWORD, TOKEN]) {
      expect(r.stderr).not.toContain(secret);
      expect(r.stdout).not.toContain(secret);
    }
  });

  it("GIVEN user:password@ in a URL a library fetches THEN start stops naming the variable, without the password", async () => {
    const r = await run(["ask", "/quote IWM"], { QUICKCHART_URL: `https://u:${TOKEN}@chart.example` }, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("QUICKCHART_URL: must not carry a user name or password");
    expect(r.stderr).not.toContain(TOKEN);
  });
});
