import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "vitest";
import { rewriteUrl, rewritingFetch } from "../../../src/adapters/yahoo/rewrite.ts";

test("https://<host><path> becomes <base>/<host><path>, query and all", () => {
  const base = "http://127.0.0.1:9000";
  expect(rewriteUrl("https://query2.finance.yahoo.com/v7/finance/quote?symbols=A%2CB&crumb=x/y", base)).toBe(
    "http://127.0.0.1:9000/query2.finance.yahoo.com/v7/finance/quote?symbols=A%2CB&crumb=x/y",
  );
  expect(rewriteUrl("https://fc.yahoo.com", `${base}/`)).toBe("http://127.0.0.1:9000/fc.yahoo.com/");
  expect(rewriteUrl("https://fc.yahoo.com?x=1", base)).toBe("http://127.0.0.1:9000/fc.yahoo.com/?x=1");
  expect(rewriteUrl("https://proxy.example/a", "https://gw.corp/yahoo/")).toBe(
    "https://gw.corp/yahoo/proxy.example/a",
  );
  // Not https: left alone.
  expect(rewriteUrl("http://127.0.0.1:1/x", base)).toBe("http://127.0.0.1:1/x");
});

test("the rewriting fetch sends method, headers and body to the rewritten URL", async () => {
  const seen: { url?: string; method?: string; cookie?: string; body?: string } = {};
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    Object.assign(seen, { url: req.url, method: req.method, cookie: req.headers.cookie, body });
    res.writeHead(302, { location: "https://guce.yahoo.com/next" }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const send = rewritingFetch(`http://127.0.0.1:${port}`);
    const res = await send("https://consent.yahoo.com/v2/collectConsent?sessionId=s1", {
      method: "POST",
      headers: { cookie: "GUCS=abc" },
      body: "agree=agree",
      redirect: "manual",
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("https://guce.yahoo.com/next");
    expect(seen).toEqual({
      url: "/consent.yahoo.com/v2/collectConsent?sessionId=s1",
      method: "POST",
      cookie: "GUCS=abc",
      body: "agree=agree",
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
