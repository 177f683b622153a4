/**
 * A fake Slack on 127.0.0.1 speaking the real wire formats: the Web API (form-encoded or JSON
 * bodies, `{ok, ...}` answers), the response_url endpoint, and the file upload URL that
 * files.getUploadURLExternal hands out. Everything received is recorded for assertions, and any
 * method can be told to fail with a Slack error code. Posted messages are kept per channel with
 * their metadata, and conversations.history answers from them (metadata only with
 * include_all_metadata, missing_scope when a history scope is withheld), as Slack does.
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ApiCall {
  method: string;
  /** Form fields or JSON body; `blocks` stays the JSON string Slack receives (see blocksOf). */
  params: Record<string, unknown>;
  /** The bearer token the call carried. */
  token?: string;
  /** When it arrived (wallClock). */
  at: number;
}

export interface Upload {
  fileId: string;
  bytes: Buffer;
  at: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

type Waiter = { check: () => boolean; resolve: () => void };

/** A message chat.postMessage created. */
export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  /** Parsed message metadata, when the post carried some. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** How many times chat.update rewrote it. */
  updates?: number;
  /** The thread it was posted in. */
  threadTs?: string;
}

/** A Home tab views.publish set for one user. */
export interface PublishedView {
  userId: string;
  view: { type: string; blocks: Record<string, unknown>[] };
  at: number;
}

/** Epoch ms with sub-ms precision, comparable across worker threads (benchmarks time with it). */
export const wallClock = () => performance.timeOrigin + performance.now();

export const BOT_USER_ID = "UBOT0001";
export const TEAM_ID = "T0000001";

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly uploads: Upload[] = [];
  readonly responses: ResponseUrlPost[] = [];
  /** Messages created by chat.postMessage, in order. */
  readonly messages: PostedMessage[] = [];
  /** File ids files.delete removed. */
  readonly deletedFiles: string[] = [];
  /** Scopes the bot token lacks: calls needing them answer missing_scope. */
  readonly withoutScopes = new Set<string>();
  /**
   * Called once chat.postMessage has created a message and before the answer is sent: Slack has
   * accepted the post, the bot has not heard so. The answer waits for what it returns.
   */
  onAccepted: ((message: PostedMessage) => void | Promise<void>) | undefined;
  /** Returned by apps.connections.open (set by the fake Socket Mode server). */
  socketUrl = "";
  /** Users that users.info reports as workspace admins. */
  readonly admins = new Set<string>();
  /** Channel id -> the user conversations.info reports as its creator. */
  readonly channelCreators = new Map<string, string>();
  /** User id -> the channels users.conversations lists for them. */
  readonly memberships = new Map<string, string[]>();
  /** Home tabs published with views.publish, in order. */
  readonly views: PublishedView[] = [];
  private readonly failures = new Map<
    string,
    { error: string; times: number; extra?: Record<string, unknown> }
  >();
  private readonly httpFailures = new Map<string, { status: number; times: number }>();
  private readonly waiters: Waiter[] = [];
  /** While set, response_url posts are recorded on arrival and answered once it resolves. */
  private responseGate: Promise<void> | undefined;
  /** response_url posts recorded and not yet answered (held by holdResponses). */
  held = 0;
  private server: Server | undefined;
  private nextId = 1;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  /** What SLACK_API_URL should be. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }
  /** A fresh response_url for one slash command. */
  responseUrl(): string {
    return `${this.url}/response/R${this.nextId++}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.handle(req)
        .then(({ status, body }) => {
          res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
          res.end(typeof body === "string" ? body : JSON.stringify(body));
        })
        .catch((err: unknown) => {
          res.writeHead(500);
          res.end(String(err));
        });
    });
    this.server.listen(0, "127.0.0.1");
    await once(this.server, "listening");
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `times` calls of `method` answer `{ok:false, error}`. */
  fail(
    method: string,
    error: string,
    times = Number.POSITIVE_INFINITY,
    extra?: Record<string, unknown>,
  ): void {
    this.failures.set(method, { error, times, ...(extra ? { extra } : {}) });
  }

  /** The next `times` calls of `method` get HTTP `status` (e.g. 503: Slack unreachable behind a proxy). */
  failHttp(method: string, status: number, times: number): void {
    this.httpFailures.set(method, { status, times });
  }

  /**
   * From now on response_url posts are recorded as they arrive but answered only after the
   * returned release() is called: the poster has sent its message and does not know it yet.
   */
  holdResponses(): () => void {
    let release = () => {};
    this.responseGate = new Promise<void>((resolve) => {
      release = () => {
        this.responseGate = undefined;
        resolve();
      };
    });
    return () => release();
  }

  callsTo(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once `check` holds (checked after every recorded request), or rejects after `ms`. */
  waitFor(check: () => boolean, ms = 5000, what = "condition"): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`fake Slack: timed out after ${ms} ms waiting for ${what}`));
      }, ms);
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) {
      if (w.check()) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body: unknown }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = new URL(req.url ?? "/", this.url).pathname;
    const type = req.headers["content-type"] ?? "";
    try {
      if (path.startsWith("/api/")) {
        const method = path.slice(5);
        const answer = this.api(method, await parseBody(raw, type), req);
        const created = (answer.body as { ok?: boolean }).ok && method === "chat.postMessage";
        if (created && this.onAccepted) await this.onAccepted(this.messages.at(-1) as PostedMessage);
        return answer;
      }
      if (path.startsWith("/upload/")) {
        const form = await new Response(raw, { headers: { "content-type": type } }).formData();
        const file = form.get("body") ?? form.get("file");
        const bytes =
          file instanceof Blob ? Buffer.from(await file.arrayBuffer()) : Buffer.from(String(file ?? ""));
        this.uploads.push({ fileId: path.slice(8), bytes, at: wallClock() });
        return { status: 200, body: `OK - ${bytes.length}` };
      }
      if (path.startsWith("/response/")) {
        this.responses.push({ id: path.slice(10), body: JSON.parse(raw.toString("utf8")), at: wallClock() });
        const gate = this.responseGate;
        if (gate) {
          this.held++;
          this.notify();
          await gate;
          this.held--;
        }
        return { status: 200, body: "ok" };
      }
      return { status: 404, body: "not found" };
    } finally {
      this.notify();
    }
  }

  private api(
    method: string,
    params: Record<string, unknown>,
    req: IncomingMessage,
  ): { status: number; body: unknown } {
    const auth = req.headers.authorization;
    const token = auth?.startsWith("Bearer ") ? auth.slice(7) : (params.token as string | undefined);
    this.calls.push({ method, params, ...(token ? { token } : {}), at: wallClock() });
    const down = this.httpFailures.get(method);
    if (down && down.times > 0) {
      down.times--;
      return { status: down.status, body: "service unavailable" };
    }
    const failure = this.failures.get(method);
    if (failure && failure.times > 0) {
      failure.times--;
      return { status: 200, body: { ok: false, error: failure.error, ...failure.extra } };
    }
    switch (method) {
      case "auth.test":
        return {
          status: 200,
          body: {
            ok: true,
            url: "https://fake.slack.test/",
            team: "Fake",
            user: "rotation-bot",
            team_id: TEAM_ID,
            user_id: BOT_USER_ID,
            bot_id: "BBOT0001",
          },
        };
      case "apps.connections.open":
        return { status: 200, body: { ok: true, url: this.socketUrl } };
      case "chat.postMessage": {
        // Real-looking timestamps (seconds now), unique by their fraction.
        const ts = `${Math.floor(Date.now() / 1000)}.${String(this.nextId++).padStart(6, "0")}`;
        const metadata = parseMetadata(params.metadata);
        this.messages.push({
          channel: String(params.channel),
          ts,
          text: String(params.text ?? ""),
          ...(metadata ? { metadata } : {}),
          ...(params.thread_ts ? { threadTs: String(params.thread_ts) } : {}),
        });
        return {
          status: 200,
          body: { ok: true, channel: params.channel, ts, message: { text: params.text, ts } },
        };
      }
      case "chat.update": {
        const message = this.messages.find(
          (m) => m.channel === String(params.channel) && m.ts === String(params.ts),
        );
        if (!message) return { status: 200, body: { ok: false, error: "message_not_found" } };
        message.text = String(params.text ?? "");
        message.updates = (message.updates ?? 0) + 1;
        return { status: 200, body: { ok: true, channel: params.channel, ts: params.ts, text: params.text } };
      }
      case "files.delete": {
        const id = String(params.file ?? "");
        if (this.deletedFiles.includes(id))
          return { status: 200, body: { ok: false, error: "file_deleted" } };
        this.deletedFiles.push(id);
        return { status: 200, body: { ok: true } };
      }
      case "conversations.history": {
        const channel = String(params.channel ?? "");
        const needed = channel.startsWith("G") ? "groups:history" : "channels:history";
        if (this.withoutScopes.has(needed))
          return { status: 200, body: { ok: false, error: "missing_scope", needed, provided: "chat:write" } };
        const oldest = Number(params.oldest ?? 0);
        const withMetadata = params.include_all_metadata === true || params.include_all_metadata === "true";
        // Newest first, as Slack answers; one page is enough for the fake.
        const messages = this.messages
          .filter((m) => m.channel === channel && Number(m.ts) >= oldest)
          .reverse()
          .slice(0, Number(params.limit ?? 100))
          .map((m) => ({
            type: "message",
            ts: m.ts,
            text: m.text,
            bot_id: "BBOT0001",
            ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
          }));
        return { status: 200, body: { ok: true, messages, has_more: false, response_metadata: {} } };
      }
      case "users.info": {
        const id = String(params.user ?? "");
        return {
          status: 200,
          body: { ok: true, user: { id, is_admin: this.admins.has(id), is_owner: false } },
        };
      }
      case "conversations.info": {
        const id = String(params.channel ?? "");
        const creator = this.channelCreators.get(id);
        if (!creator) return { status: 200, body: { ok: false, error: "channel_not_found" } };
        return { status: 200, body: { ok: true, channel: { id, name: "markets", creator } } };
      }
      case "views.publish": {
        const view = (typeof params.view === "string" ? JSON.parse(params.view) : params.view) as
          | PublishedView["view"]
          | undefined;
        // Slack's checks on a Home view: its type, at most 100 blocks, text objects within limits.
        const problem = viewProblem(view);
        if (problem) return { status: 200, body: { ok: false, error: "invalid_arguments", problem } };
        this.views.push({
          userId: String(params.user_id ?? ""),
          view: view as PublishedView["view"],
          at: wallClock(),
        });
        return { status: 200, body: { ok: true, view: { id: `V${this.nextId++}`, type: "home" } } };
      }
      case "users.conversations": {
        const user = String(params.user ?? "");
        const channels = (this.memberships.get(user) ?? []).map((id) => ({ id, is_channel: true }));
        return { status: 200, body: { ok: true, channels, response_metadata: { next_cursor: "" } } };
      }
      case "chat.postEphemeral":
        return {
          status: 200,
          body: { ok: true, message_ts: `1700000000.${String(this.nextId++).padStart(6, "0")}` },
        };
      case "files.getUploadURLExternal": {
        const id = `F${String(this.nextId++).padStart(8, "0")}`;
        return { status: 200, body: { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id } };
      }
      case "files.completeUploadExternal": {
        const files = JSON.parse(String(params.files ?? "[]")) as { id: string; title?: string }[];
        return { status: 200, body: { ok: true, files: files.map((f) => ({ id: f.id, title: f.title })) } };
      }
      default:
        return { status: 200, body: { ok: false, error: "unknown_method" } };
    }
  }
}

/** What Slack would refuse in a Home view, or undefined. */
function viewProblem(view: PublishedView["view"] | undefined): string | undefined {
  if (view === undefined) return "no view";
  if (view.type !== "home") return "view.type must be home";
  if (!Array.isArray(view.blocks) || view.blocks.length > 100) return "at most 100 blocks";
  for (const block of view.blocks) {
    const texts: { text?: unknown }[] = [];
    const b = block as {
      text?: { text?: unknown };
      fields?: { text?: unknown }[];
      elements?: { text?: unknown }[];
    };
    if (b.text) texts.push(b.text);
    texts.push(...(b.fields ?? []), ...(block.type === "context" ? (b.elements ?? []) : []));
    for (const t of texts) {
      const text = typeof t.text === "string" ? t.text : "";
      if (text.trim() === "") return "empty text";
      const max = block.type === "header" ? 150 : (b.fields ?? []).includes(t) ? 2000 : 3000;
      if (text.length > max) return `text longer than ${max}`;
    }
  }
  return undefined;
}

function parseMetadata(raw: unknown): PostedMessage["metadata"] {
  if (raw === undefined) return undefined;
  const value = typeof raw === "string" ? (JSON.parse(raw) as unknown) : raw;
  return value as PostedMessage["metadata"];
}

async function parseBody(raw: Buffer, type: string): Promise<Record<string, unknown>> {
  const text = raw.toString("utf8");
  if (type.includes("application/json"))
    return text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
  if (type.includes("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": type } }).formData();
    return Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v : "[file]"]));
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/** The Block Kit blocks of a chat.postMessage call (they arrive as a JSON string). */
export function blocksOf(call: ApiCall | ResponseUrlPost): Record<string, unknown>[] {
  const source = "params" in call ? call.params.blocks : call.body.blocks;
  if (source === undefined) return [];
  return (typeof source === "string" ? JSON.parse(source) : source) as Record<string, unknown>[];
}
