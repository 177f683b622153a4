/**
 * A fake Yahoo Finance on 127.0.0.1 for the REAL yahoo-finance2 to talk to through the rewriting
 * fetch (https://<host><path> -> <url>/<host><path>). It plays the cookie/crumb handshake, serves
 * chart, quote and quoteSummary bodies in Yahoo's shapes, records every request, and misbehaves
 * on demand (latency, 429, 5xx, hangs, a full stall, bad bodies, revoked crumbs).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApiContext, badBody, classify, faultAnswer, serveApi } from "./endpoints.ts";
import { FaultPlan, type FaultSpec, type RequestKind } from "./faults.ts";
import { type Answer, parseCookies, Sessions } from "./sessions.ts";
import { FakeUniverse } from "./universe.ts";

export type { FakeBar, QuoteFields } from "./builders.ts";

import type { FakeBar, QuoteFields } from "./builders.ts";

export type { FaultSpec, RequestKind } from "./faults.ts";

export interface FakeYahooOptions {
  /** Serve plausible bars and quotes for any symbol matching this, e.g. /^SYN\d+$/. */
  synthesize?: RegExp;
  /** Send the cookie page through guce/consent redirects, as Yahoo does for EU visitors. */
  consent?: boolean;
  /** Clock for market state and quote times (default Date.now). */
  now?: () => number;
  /** Added to every request, cookie pages included (ms). */
  latencyMs?: number;
  /** More symbols than this in one quote request is answered 429, as Yahoo does (default 100). */
  maxSymbolsPerRequest?: number;
}

export interface RecordedRequest {
  method: string;
  host: string;
  /** Path on the Yahoo host, without the query: "/v7/finance/quote". */
  path: string;
  kind: RequestKind;
  symbols: string[];
  /** The query parameters as sent (the crumb included: this is the fake's own record). */
  query: Record<string, string>;
  /** The status answered; 0 while pending or when the fake hung up on purpose. */
  status: number;
  /** The Authorization header, when one was sent (a base URL with user:password@). */
  authorization?: string;
}

export interface FakeYahoo {
  url: string;
  close(): Promise<void>;
  setBars(symbol: string, bars: FakeBar[]): void;
  setQuote(symbol: string, fields: QuoteFields): void;
  setQuotes(entries: Record<string, QuoteFields>): void;
  inject(spec: FaultSpec): void;
  /** Forget faults and recorded requests (data stays). */
  reset(): void;
  /** Expire every cookie session, as Yahoo does now and then. */
  revokeSessions(): void;
  /**
   * Stall mode: every request (cookie pages included) is accepted and never answered, as a Yahoo
   * that keeps connections open and goes silent. Off again, later requests are answered.
   */
  stall(on: boolean): void;
  /** Requests whose client closed the connection before any answer (a time-out or an abort). */
  readonly abandoned: number;
  readonly requests: RecordedRequest[];
  readonly counts: Record<RequestKind, number>;
  /** Highest number of requests of each kind answered concurrently. */
  readonly maxInFlight: Record<RequestKind, number>;
}

const KINDS: RequestKind[] = ["cookie", "consent", "crumb", "chart", "quote", "quoteSummary", "other"];
const zero = () => Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<RequestKind, number>;
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startFakeYahoo(options: FakeYahooOptions = {}): Promise<FakeYahoo> {
  const now = options.now ?? Date.now;
  const universe = new FakeUniverse({
    now,
    ...(options.synthesize ? { synthesize: options.synthesize } : {}),
  });
  const sessions = new Sessions(options.consent ?? false);
  const faults = new FaultPlan();
  const requests: RecordedRequest[] = [];
  const counts = zero();
  const maxInFlight = zero();
  const inFlight = zero();
  let stalled = false;
  let abandoned = 0;
  const api: ApiContext = { universe, sessions, now, maxSymbols: options.maxSymbolsPerRequest ?? 100 };

  async function handle(req: IncomingMessage, res: ServerResponse, record: RecordedRequest) {
    const url = new URL(req.url ?? "/", "http://fake");
    const slash = url.pathname.indexOf("/", 1);
    const host = slash < 0 ? url.pathname.slice(1) : url.pathname.slice(1, slash);
    const path = slash < 0 ? "/" : url.pathname.slice(slash);
    const { kind, symbols: fromPath } = classify(host, path);
    const symbols =
      kind === "quote" ? (url.searchParams.get("symbols") ?? "").split(",").filter(Boolean) : fromPath;
    Object.assign(record, { host, path, kind, symbols, query: Object.fromEntries(url.searchParams) });
    counts[kind]++;
    inFlight[kind]++;
    maxInFlight[kind] = Math.max(maxInFlight[kind], inFlight[kind]);
    res.on("close", () => inFlight[kind]--);
    if (stalled) return; // accepted, never answered; close() hangs up

    let body = "";
    for await (const chunk of req) body += chunk;
    const period1 = url.searchParams.get("period1");
    const from =
      period1 === null
        ? undefined
        : /^\d+$/.test(period1)
          ? new Date(Number(period1) * 1000).toISOString().slice(0, 10)
          : period1.slice(0, 10);
    const facts = { kind, where: `${host}${path}`, symbols, ...(from === undefined ? {} : { from }) };
    const wait = (options.latencyMs ?? 0) + faults.latencyFor(facts);
    if (wait > 0) await delay(wait);
    const cookies = parseCookies(req.headers.cookie);

    let answer: Answer;
    const fault = faults.take(facts);
    if (fault?.type === "hang") return; // never answered; close() hangs up
    if (fault?.type === "invalidCrumb") sessions.revokeAll();
    if (fault?.type === "badBody")
      answer = badBody(
        kind,
        fault.kind,
        () => serveApi(api, kind, symbols, url.searchParams, cookies).body ?? "",
        fault.text,
      );
    else if (fault) answer = faultAnswer(fault);
    else if (kind === "cookie") answer = sessions.cookiePage(cookies, `https://${host}${path}${url.search}`);
    else if (kind === "consent")
      answer = sessions.consentPage(req.method ?? "GET", host, path, url.searchParams, body);
    else if (kind === "other" && !host.startsWith("query")) answer = { status: 404, body: "Not Found" };
    else answer = serveApi(api, kind, symbols, url.searchParams, cookies);

    record.status = answer.status;
    res.writeHead(answer.status, { "y-rid": Math.random().toString(36).slice(2, 15), ...answer.headers });
    res.end(answer.body ?? "");
  }

  const server = createServer((req, res) => {
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      host: "",
      path: "",
      kind: "other",
      symbols: [],
      query: {},
      status: 0,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    };
    requests.push(record);
    res.on("close", () => {
      if (!res.writableFinished) abandoned++;
    });
    handle(req, res, record).catch((err: unknown) => {
      record.status = 500;
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`fake yahoo failed: ${String(err)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    setBars: (symbol, bars) => universe.setBars(symbol, bars),
    setQuote: (symbol, fields) => universe.setQuote(symbol, fields),
    setQuotes: (entries) => {
      for (const [symbol, fields] of Object.entries(entries)) universe.setQuote(symbol, fields);
    },
    inject: (spec) => faults.add(spec),
    reset: () => {
      faults.reset();
      requests.length = 0;
      for (const k of KINDS) {
        counts[k] = 0;
        maxInFlight[k] = 0;
      }
    },
    revokeSessions: () => sessions.revokeAll(),
    stall: (on) => {
      stalled = on;
    },
    get abandoned() {
      return abandoned;
    },
    requests,
    counts,
    maxInFlight,
  };
}
