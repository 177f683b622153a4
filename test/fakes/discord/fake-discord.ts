/**
 * A Discord stand-in on 127.0.0.1: the REST routes the bot uses (gateway info, interaction
 * callbacks, webhook edits and follow-ups, command registration, channel messages) over HTTP, and
 * the gateway over WebSocket (HELLO, IDENTIFY -> READY per shard, heartbeats, RESUME -> RESUMED).
 * GET /gateway/bot recommends `shards` shards and reports the session start limit it is given.
 * Every REST request is recorded with its JSON body and uploaded files. Channel messages honour
 * `nonce` with `enforce_nonce` as Discord does: a second create by the same bot with the same nonce
 * within a few minutes answers the first message and creates nothing.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GatewaySocket } from "./gateway.ts";
import { messageObject } from "./payloads.ts";

export interface RecordedFile {
  field: string;
  name: string;
  contentType: string;
  bytes: Uint8Array;
}

export interface RecordedRequest {
  method: string;
  /** Decoded path, e.g. /api/v10/webhooks/1/tok/messages/@original. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** JSON object body, or the parsed payload_json of a multipart body. */
  json: Record<string, unknown> | undefined;
  /** The parsed JSON as sent (e.g. the array of a command registration PUT). */
  raw: unknown;
  files: RecordedFile[];
  multipart: boolean;
}

export interface FakeDiscordOptions {
  applicationId?: string;
  token?: string;
  heartbeatIntervalMs?: number;
  /** How long an enforced nonce is remembered ("a few minutes" at Discord); default 5 minutes. */
  nonceWindowMs?: number;
  /** Shards GET /gateway/bot recommends (default 1). */
  shards?: number;
  /** session_start_limit of GET /gateway/bot: shards identified at once, starts left (default 1, 1000). */
  maxConcurrency?: number;
  sessionsRemaining?: number;
}

/** A channel message the fake created (a repeat answered through its nonce adds none). */
export interface CreatedMessage {
  id: string;
  channelId: string;
  nonce?: string;
  /** The request that created it. */
  request: RecordedRequest;
}

/** Channel the fake's webhook messages live in. */
const CHANNEL_ID = "300000000000000001";

type Waiter = { match: (r: RecordedRequest) => boolean; resolve: (r: RecordedRequest) => void };

export class FakeDiscord {
  readonly applicationId: string;
  readonly token: string;
  readonly requests: RecordedRequest[] = [];
  readonly gateway: GatewaySocket;
  private readonly server: Server;
  private waiters: Waiter[] = [];
  private failures: { match: (r: RecordedRequest) => boolean; status: number; body: unknown }[] = [];
  /** Channel messages created, in order. */
  readonly created: CreatedMessage[] = [];
  /**
   * Called once a channel message is created and before the answer is sent: the moment Discord
   * has accepted it while the bot has not heard so yet. The answer waits for what it returns.
   */
  onAccepted: ((message: CreatedMessage) => void | Promise<void>) | undefined;
  private readonly nonces = new Map<string, { at: number; answer: unknown }>();
  private readonly nonceWindowMs: number;
  private readonly gatewayBot: { shards: number; maxConcurrency: number; remaining: number };

  private constructor(server: Server, options: FakeDiscordOptions) {
    this.server = server;
    this.applicationId = options.applicationId ?? "100000000000000001";
    this.token = options.token ?? "fake-bot-token.for-tests-only.never-real";
    this.gateway = new GatewaySocket(server, {
      applicationId: this.applicationId,
      token: this.token,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 45_000,
    });
    this.nonceWindowMs = options.nonceWindowMs ?? 5 * 60_000;
    this.gatewayBot = {
      shards: options.shards ?? 1,
      maxConcurrency: options.maxConcurrency ?? 1,
      remaining: options.sessionsRemaining ?? 1000,
    };
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    const fake = new FakeDiscord(server, options);
    server.on("request", (req, res) => {
      fake.handle(req, res).catch((err: unknown) => {
        res.writeHead(500).end(String(err));
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    fake.gateway.url = `ws://127.0.0.1:${fake.port}/gateway`;
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** What DISCORD_API_URL should be. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Resolves with the first recorded request (past or future) that matches. */
  waitFor(match: (r: RecordedRequest) => boolean, timeoutMs = 10_000): Promise<RecordedRequest> {
    const seen = this.requests.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("no matching request reached the fake Discord")),
        timeoutMs,
      );
      this.waiters.push({
        match,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  /** The next matching request answers `status` with `body` (a Discord error object). */
  failNext(match: (r: RecordedRequest) => boolean, status: number, body: unknown): void {
    this.failures.push({ match, status, body });
  }

  /** Channel messages created as replies (with a message_reference), e.g. cashtag answers. */
  get replies(): (CreatedMessage & { reference: { message_id?: string; channel_id?: string } })[] {
    return this.created.flatMap((m) => {
      const reference = m.request.json?.message_reference as { message_id?: string } | undefined;
      return reference ? [{ ...m, reference }] : [];
    });
  }

  /** Requests made with a given interaction token (callbacks, edits, follow-ups, deletes). */
  forToken(token: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(`/${token}/`) || r.path.endsWith(`/${token}`));
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const record: RecordedRequest = {
      method: req.method ?? "GET",
      // discord.js encodes "@original" as %40original; route on the decoded path.
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      authorization: req.headers.authorization,
      json: undefined,
      raw: undefined,
      files: [],
      multipart: (req.headers["content-type"] ?? "").startsWith("multipart/form-data"),
    };
    await parseBody(record, req, body);
    this.requests.push(record);
    const ready = this.waiters.filter((w) => w.match(record));
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve(record);

    const failure = this.failures.find((f) => f.match(record));
    if (failure) {
      this.failures.splice(this.failures.indexOf(failure), 1);
      send(res, failure.status, failure.body);
      return;
    }
    const created = this.createChannelMessage(record);
    if (created) {
      await this.onAccepted?.(created.message);
      send(res, 200, created.answer);
      return;
    }
    const [status, answer] = this.route(record);
    send(res, status, answer);
  }

  /**
   * A new channel message, unless the request is refused or repeats an enforced nonce (then
   * undefined, and route answers). Nonces are per author (here: per bot token).
   */
  private createChannelMessage(r: RecordedRequest): { message: CreatedMessage; answer: unknown } | undefined {
    const channel = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(r.path);
    if (r.method !== "POST" || !channel || r.authorization !== `Bot ${this.token}`) return undefined;
    const nonce = r.json?.nonce;
    if (nonce !== undefined && (typeof nonce !== "string" || nonce.length > 25)) return undefined;
    const key = `${r.authorization}\n${String(nonce)}`;
    const now = Date.now();
    const seen = this.nonces.get(key);
    if (nonce !== undefined && r.json?.enforce_nonce === true && seen && now - seen.at < this.nonceWindowMs)
      return undefined;
    const channelId = channel[1] as string;
    const answer = {
      ...messageObject({ applicationId: this.applicationId, channelId, body: r.json ?? {}, files: r.files }),
      ...(nonce !== undefined ? { nonce } : {}),
    };
    if (nonce !== undefined) this.nonces.set(key, { at: now, answer });
    const message: CreatedMessage = { id: answer.id, channelId, request: r, ...(nonce ? { nonce } : {}) };
    this.created.push(message);
    return { message, answer };
  }

  /** The answer Discord would give: [status, JSON body or undefined for 204]. */
  private route(r: RecordedRequest): [number, unknown] {
    const app = this.applicationId;
    const unauthorized: [number, unknown] = [401, { message: "401: Unauthorized", code: 0 }];
    const botAuth = r.authorization === `Bot ${this.token}`;
    const message = (channelId: string) =>
      messageObject({ applicationId: app, channelId, body: r.json ?? {}, files: r.files });
    const { method, path } = r;

    if (method === "GET" && path === "/api/v10/gateway/bot") {
      if (!botAuth) return unauthorized;
      return [
        200,
        {
          url: `ws://127.0.0.1:${this.port}/gateway`,
          shards: this.gatewayBot.shards,
          session_start_limit: {
            total: 1000,
            remaining: this.gatewayBot.remaining,
            reset_after: 3_600_000,
            max_concurrency: this.gatewayBot.maxConcurrency,
          },
        },
      ];
    }
    if (method === "POST" && /^\/api\/v10\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      // 4 message, 5 deferred message, 6 deferred update (components), 7 update message, 8 autocomplete.
      if (![4, 5, 6, 7, 8].includes(Number(r.json?.type)))
        return [400, { message: "Invalid interaction response type", code: 50035 }];
      return [204, undefined];
    }

    const edit = /^\/api\/v10\/webhooks\/(\d+)\/[^/]+\/messages\/(@original|\d+)$/.exec(path);
    if (edit) {
      if (edit[1] !== app) return [404, { message: "Unknown Webhook", code: 10015 }];
      if (method === "DELETE") return [204, undefined];
      if (method === "PATCH" || method === "GET") return [200, message(CHANNEL_ID)];
    }
    if (method === "POST" && /^\/api\/v10\/webhooks\/\d+\/[^/]+$/.test(path))
      return [200, message(CHANNEL_ID)];

    const commands = /^\/api\/v10\/applications\/(\d+)(?:\/guilds\/\d+)?\/commands$/.exec(path);
    if (method === "PUT" && commands) {
      if (!botAuth) return unauthorized;
      const list = Array.isArray(r.raw) ? (r.raw as Record<string, unknown>[]) : [];
      const ids = (i: number) => `${500000000000000000n + BigInt(i)}`;
      return [200, list.map((c, i) => ({ ...c, id: ids(i), application_id: commands[1], version: "1" }))];
    }

    const channel = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(path);
    if (method === "POST" && channel) {
      if (!botAuth) return unauthorized;
      // Here only when createChannelMessage created nothing: a bad nonce or an enforced repeat.
      const nonce = r.json?.nonce;
      if (typeof nonce !== "string" || nonce.length > 25)
        return [400, { message: "Invalid Form Body", code: 50035, errors: { nonce: {} } }];
      const repeat = this.nonces.get(`${r.authorization}\n${nonce}`);
      return [200, repeat?.answer ?? message(channel[1] as string)];
    }
    return [404, { message: "404: Not Found", code: 0 }];
  }
}

async function parseBody(record: RecordedRequest, req: IncomingMessage, body: Buffer): Promise<void> {
  if (body.length === 0) return;
  if (record.multipart) {
    // The platform's Request parses multipart/form-data: no extra dependency.
    const form = await new Request("http://127.0.0.1/", {
      method: "POST",
      headers: { "content-type": req.headers["content-type"] ?? "" },
      body,
    }).formData();
    for (const [field, value] of form.entries()) {
      if (typeof value === "string") {
        if (field === "payload_json") setJson(record, value);
      } else
        record.files.push({
          field,
          name: value.name,
          contentType: value.type,
          bytes: new Uint8Array(await value.arrayBuffer()),
        });
    }
    return;
  }
  if ((req.headers["content-type"] ?? "").includes("json")) setJson(record, body.toString("utf8"));
}

function setJson(record: RecordedRequest, text: string): void {
  record.raw = JSON.parse(text);
  if (record.raw !== null && typeof record.raw === "object" && !Array.isArray(record.raw))
    record.json = record.raw as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}
