import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { urlCredentialsFetch } from "../../../src/adapters/http/url-credentials.ts";
import { createLogger } from "../../../src/adapters/log/logger.ts";
import { redactText, redactUrl } from "../../../src/core/redact.ts";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, destination };
}

describe("redactUrl and redactText", () => {
  it("GIVEN user, password and token-like query values THEN each is replaced, the rest kept", () => {
    expect(redactUrl("http://user:PASS@proxy.local:8080/y?token=T1&x=1&api_key=K2&Signature=S3")).toBe(
      "http://[redacted]@proxy.local:8080/y?token=[redacted]&x=1&api_key=[redacted]&Signature=[redacted]",
    );
    expect(redactUrl("https://h.example/a?fileType=csv")).toBe("https://h.example/a?fileType=csv");
    expect(redactUrl("not a url ?secret=abc")).not.toContain("abc");
  });

  it("GIVEN free text holding URLs (an error message, a JSON line) THEN no credential survives", () => {
    const text =
      'fetch failed for http://bot:hunter2@10.0.0.1/x?access_token=AT9&page=2 and {"u":"https://h/p?apikey=Q7"}';
    const out = redactText(text);
    for (const secret of ["hunter2", "bot:", "AT9", "Q7"]) expect(out).not.toContain(secret);
    expect(out).toContain("page=2");
    expect(out).toContain("10.0.0.1/x");
  });
});

describe("the log", () => {
  it("GIVEN a URL with credentials in a field, an error and the message THEN the JSON line holds none of them", () => {
    const { lines, destination } = capture();
    const logger = createLogger({ level: "debug", destination });
    const url = "http://admin:S3cret-Pw@proxy.internal:3128/q?token=Tok-991&symbol=IWM";
    logger.warn({ target: url, err: new Error(`cannot reach ${url}`) }, `fetching ${url}`);
    expect(lines).toHaveLength(1);
    const line = lines[0] ?? "";
    expect(JSON.parse(line).msg).toContain("proxy.internal:3128");
    for (const secret of ["S3cret-Pw", "Tok-991", "admin:"]) expect(line).not.toContain(secret);
    expect(line).toContain("symbol=IWM");
  });
});

describe("urlCredentialsFetch", () => {
  it("GIVEN user:password@ in the URL THEN the server gets Basic auth and a URL without them", async () => {
    const seen: { url?: string; authorization?: string }[] = [];
    const server = createServer((req, res) => {
      seen.push({
        ...(req.url ? { url: req.url } : {}),
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
      });
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const { port } = server.address() as AddressInfo;
    try {
      const fetch = urlCredentialsFetch();
      const res = await fetch(`http://us%40er:p%3Ass@127.0.0.1:${port}/file.csv?token=T`, {
        headers: { accept: "text/csv" },
      });
      expect(await res.text()).toBe("ok");
      expect(seen[0]?.authorization).toBe(`Basic ${Buffer.from("us@er:p:ss").toString("base64")}`);
      expect(seen[0]?.url).toBe("/file.csv?token=T");
      // Without credentials nothing is added.
      await (await fetch(`http://127.0.0.1:${port}/plain`)).text();
      expect(seen[1]?.authorization).toBeUndefined();
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
