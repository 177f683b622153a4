/**
 * Yahoo's cookie-and-crumb handshake as the fake plays it: the cookie page sets A3/A1 cookies on
 * .yahoo.com (or, in consent mode, first sends the client through guce/consent pages as EU
 * visitors see), /v1/test/getcrumb returns the crumb bound to that cookie, and quote requests must
 * carry both. Revoking sessions reproduces Yahoo expiring them under a running client.
 */
import { randomBytes } from "node:crypto";

export interface Answer {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string;
}

const token = (n: number) => randomBytes(n).toString("base64url").slice(0, n);

/** Crumbs are 11 characters and sometimes hold "/" or ".", which must survive URL encoding. */
function newCrumb(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./";
  return Array.from(randomBytes(11), (b) => alphabet[b % alphabet.length]).join("");
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) jar.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return jar;
}

const YEAR = 31_557_600;

export class Sessions {
  /** A3 cookie value -> crumb (undefined until getcrumb is called). */
  readonly #crumbs = new Map<string, string | undefined>();
  /** consent session id -> csrf token */
  readonly #consents = new Map<string, string>();
  readonly #consentMode: boolean;

  constructor(consentMode: boolean) {
    this.#consentMode = consentMode;
  }

  revokeAll(): void {
    this.#crumbs.clear();
  }

  #known(cookies: Map<string, string>): string | undefined {
    const a3 = cookies.get("A3");
    return a3 !== undefined && this.#crumbs.has(a3) ? a3 : undefined;
  }

  #issue(): string[] {
    const a3 = `d=AQABBF${token(40)}&S=AQAAA${token(22)}`;
    this.#crumbs.set(a3, undefined);
    const attrs = `Max-Age=${YEAR}; Domain=.yahoo.com; Path=/; SameSite=None; Secure; HttpOnly`;
    return [`A3=${a3}; ${attrs}`, `A1=${a3}; ${attrs}`, `A1S=${a3}; Domain=.yahoo.com; Path=/; Secure`];
  }

  /** GET https://finance.yahoo.com/quote/... (or fc.yahoo.com): where cookies come from. */
  cookiePage(cookies: Map<string, string>, originalUrl: string): Answer {
    const html = { "content-type": "text/html; charset=utf-8" };
    if (this.#known(cookies))
      return { status: 200, headers: html, body: "<!doctype html><title>Quote</title>" };
    if (!this.#consentMode)
      return { status: 200, headers: { ...html, "set-cookie": this.#issue() }, body: "<!doctype html>" };
    const done = encodeURIComponent(originalUrl.replace(/\?.*$/, ""));
    return {
      status: 307,
      headers: {
        location: `https://guce.yahoo.com/consent?brandType=eu&gcrumb=${token(7)}&done=${done}`,
        "set-cookie": [`GUCS=${token(8)}; Max-Age=1800; Domain=.yahoo.com; Path=/; Secure`],
      },
      body: "",
    };
  }

  /** The guce/consent pages: consent -> collectConsent (form) -> POST -> copyConsent -> back. */
  consentPage(method: string, host: string, path: string, query: URLSearchParams, body: string): Answer {
    if (host === "guce.yahoo.com" && path === "/consent") {
      const id = `3_cc-session_${token(24)}`;
      this.#consents.set(id, token(7));
      const done = query.get("done") ?? "https://finance.yahoo.com/";
      const next = `https://consent.yahoo.com/v2/collectConsent?sessionId=${id}&done=${encodeURIComponent(done)}`;
      return { status: 302, headers: { location: next }, body: "" };
    }
    if (host === "consent.yahoo.com" && path === "/v2/collectConsent") {
      const id = query.get("sessionId") ?? "";
      const csrf = this.#consents.get(id);
      if (csrf === undefined) return { status: 400, body: "unknown consent session" };
      const done = query.get("done") ?? "https://finance.yahoo.com/";
      if (method === "GET") {
        const input = (name: string, value: string) =>
          `<input type="hidden" name="${name}" value="${value}">`;
        const form = [input("csrfToken", csrf), input("sessionId", id), input("originalDoneUrl", done)];
        return {
          status: 200,
          headers: { "content-type": "text/html" },
          body: `<form>${form.join("")}</form>`,
        };
      }
      const sent = new URLSearchParams(body);
      if (sent.get("csrfToken") !== csrf || sent.get("agree") !== "agree")
        return { status: 400, body: "consent not given" };
      return {
        status: 302,
        headers: {
          location: `https://guce.yahoo.com/copyConsent?sessionId=${id}&done=${encodeURIComponent(done)}`,
          "set-cookie": [`CFC=${token(20)}; Max-Age=${YEAR}; Domain=consent.yahoo.com; Path=/; Secure`],
        },
        body: "",
      };
    }
    if (host === "guce.yahoo.com" && path === "/copyConsent") {
      const id = query.get("sessionId") ?? "";
      if (!this.#consents.delete(id)) return { status: 400, body: "unknown consent session" };
      const done = query.get("done") ?? "https://finance.yahoo.com/";
      const guc = `GUC=AQABCAF${token(16)}; Max-Age=${YEAR}; Domain=.yahoo.com; Path=/; Secure`;
      return {
        status: 302,
        headers: { location: `${done}?guccounter=1`, "set-cookie": [...this.#issue(), guc] },
        body: "",
      };
    }
    return { status: 404, body: "Not Found" };
  }

  /** GET /v1/test/getcrumb: the crumb bound to the caller's A3 cookie. */
  crumb(cookies: Map<string, string>): Answer {
    const a3 = this.#known(cookies);
    if (a3 === undefined)
      return { status: 401, headers: { "content-type": "text/plain" }, body: "Unauthorized" };
    const crumb = this.#crumbs.get(a3) ?? newCrumb();
    this.#crumbs.set(a3, crumb);
    return { status: 200, headers: { "content-type": "text/plain;charset=utf-8" }, body: crumb };
  }

  /** Why a crumb-protected request is refused, or undefined when cookie and crumb match. */
  refusal(cookies: Map<string, string>, crumb: string | null): string | undefined {
    const a3 = this.#known(cookies);
    if (a3 === undefined) return "Invalid Cookie";
    const expected = this.#crumbs.get(a3);
    return expected !== undefined && crumb === expected ? undefined : "Invalid Crumb";
  }
}
