/**
 * The fake's answers for Yahoo's hosts: request classification, the data endpoints (chart, quote,
 * quoteSummary, getcrumb) and the bodies of injected faults.
 */
import {
  barStamp,
  chartBody,
  errorEnvelope,
  type QuoteFields,
  quoteObject,
  quoteResponseBody,
  quoteSummaryBody,
} from "./builders.ts";
import type { BadBodyKind, Fault, RequestKind } from "./faults.ts";
import type { Answer, Sessions } from "./sessions.ts";
import type { FakeUniverse } from "./universe.ts";

export interface ApiContext {
  universe: FakeUniverse;
  sessions: Sessions;
  now: () => number;
  /** More symbols than this in one quote request is answered 429, as Yahoo does. */
  maxSymbols: number;
}

const JSON_HEADERS = {
  "content-type": "application/json;charset=utf-8",
  "cache-control": "public, max-age=1",
};

export function classify(host: string, path: string): { kind: RequestKind; symbols: string[] } {
  if (host === "finance.yahoo.com" || host === "fc.yahoo.com") return { kind: "cookie", symbols: [] };
  if (host === "guce.yahoo.com" || host === "consent.yahoo.com") return { kind: "consent", symbols: [] };
  if (!/^query\d\.finance\.yahoo\.com$/.test(host)) return { kind: "other", symbols: [] };
  if (path === "/v1/test/getcrumb") return { kind: "crumb", symbols: [] };
  const chart = /^\/v8\/finance\/chart\/([^/]+)$/.exec(path);
  if (chart) return { kind: "chart", symbols: [decodeURIComponent(chart[1] as string)] };
  const summary = /^\/v10\/finance\/quoteSummary\/([^/]+)$/.exec(path);
  if (summary) return { kind: "quoteSummary", symbols: [decodeURIComponent(summary[1] as string)] };
  if (path === "/v7/finance/quote") return { kind: "quote", symbols: [] };
  return { kind: "other", symbols: [] };
}

export function badBody(kind: RequestKind, style: BadBodyKind, good: () => string, text = ""): Answer {
  const key = kind === "chart" ? "chart" : kind === "quote" ? "quoteResponse" : "quoteSummary";
  if (style === "custom") return { status: 200, headers: JSON_HEADERS, body: text };
  if (style === "empty") return { status: 200, headers: JSON_HEADERS, body: "{}" };
  if (style === "hollow") return { status: 200, headers: JSON_HEADERS, body: JSON.stringify({ [key]: {} }) };
  if (style === "html")
    return {
      status: 200,
      headers: { "content-type": "text/html" },
      body: "<!doctype html><h1>Will be right back</h1>",
    };
  if (style === "truncated") {
    const body = good();
    return { status: 200, headers: JSON_HEADERS, body: body.slice(0, Math.floor(body.length / 2)) };
  }
  const wrong = kind === "chart" ? [{ meta: { symbol: "?" } }] : null;
  return {
    status: 200,
    headers: JSON_HEADERS,
    body: JSON.stringify({ [key]: { result: wrong, error: null } }),
  };
}

export function faultAnswer(fault: Exclude<Fault, { type: "hang" | "badBody" }>): Answer {
  if (fault.type === "429")
    return {
      status: 429,
      headers: { "content-type": "text/plain", "retry-after": fault.retryAfter },
      body: "Edge: Too Many Requests",
    };
  if (fault.type === "5xx")
    return fault.status === 500
      ? {
          status: 500,
          headers: JSON_HEADERS,
          body: errorEnvelope("finance", "internal-error", "Internal error"),
        }
      : { status: fault.status, headers: { "content-type": "text/html" }, body: "<html>Bad Gateway</html>" };
  return {
    status: 401,
    headers: JSON_HEADERS,
    body: errorEnvelope("finance", "Unauthorized", "Invalid Crumb"),
  };
}

export function serveApi(
  ctx: ApiContext,
  kind: RequestKind,
  symbols: string[],
  query: URLSearchParams,
  cookies: Map<string, string>,
): Answer {
  if (kind === "crumb") return ctx.sessions.crumb(cookies);
  if (kind === "chart") {
    const symbol = symbols[0] as string;
    if (query.get("interval") !== "1d")
      return {
        status: 400,
        headers: JSON_HEADERS,
        body: errorEnvelope("chart", "Bad Request", "Invalid input"),
      };
    if (!ctx.universe.knows(symbol))
      return {
        status: 404,
        headers: JSON_HEADERS,
        body: errorEnvelope("chart", "Not Found", "No data found, symbol may be delisted"),
      };
    const p1 = Number(query.get("period1"));
    const p2 = Number(query.get("period2") ?? Math.floor(ctx.now() / 1000));
    // A range wholly before the listing began: Yahoo refuses it rather than answering no rows.
    const first = ctx.universe.firstDate(symbol);
    if (first !== undefined && p2 <= barStamp(first))
      return {
        status: 400,
        headers: JSON_HEADERS,
        body: errorEnvelope(
          "chart",
          "Bad Request",
          `Data doesn't exist for startDate = ${p1}, endDate = ${p2}`,
        ),
      };
    const { bars, previousClose } = ctx.universe.barsBetween(symbol, p1, p2);
    const quote = ctx.universe.quoteFields(symbol) ?? {};
    const name = ctx.universe.name(symbol);
    const input = { symbol, name, bars, quote, nowMs: ctx.now() };
    return {
      status: 200,
      headers: JSON_HEADERS,
      body: chartBody(previousClose === undefined ? input : { ...input, previousClose }),
    };
  }
  const refusal = ctx.sessions.refusal(cookies, query.get("crumb"));
  if (refusal)
    return { status: 401, headers: JSON_HEADERS, body: errorEnvelope("finance", "Unauthorized", refusal) };
  if (kind === "quote") {
    if (symbols.length > ctx.maxSymbols)
      return { status: 429, headers: { "content-type": "text/plain" }, body: "Edge: Too Many Requests" };
    const found: QuoteFields[] = [];
    for (const s of symbols) {
      const fields = ctx.universe.quoteFields(s);
      if (fields) found.push(quoteObject(s, fields, ctx.now()));
    }
    return { status: 200, headers: JSON_HEADERS, body: quoteResponseBody(found) };
  }
  if (kind === "quoteSummary") {
    const symbol = symbols[0] as string;
    const fields = ctx.universe.quoteFields(symbol);
    if (!fields)
      return {
        status: 404,
        headers: JSON_HEADERS,
        body: errorEnvelope("quoteSummary", "Not Found", `Quote not found for symbol: ${symbol}`),
      };
    const modules = (query.get("modules") ?? "").split(",");
    return {
      status: 200,
      headers: JSON_HEADERS,
      body: quoteSummaryBody(quoteObject(symbol, fields, ctx.now()), modules),
    };
  }
  return {
    status: 404,
    headers: JSON_HEADERS,
    body: errorEnvelope("finance", "Not Found", "HTTP 404 Not Found"),
  };
}
