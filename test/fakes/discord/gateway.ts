/**
 * The fake gateway: JSON encoding, no compression. HELLO on connect; IDENTIFY -> READY with no
 * guilds (so discord.js is ready at once); heartbeats acknowledged; RESUME of the live session ->
 * RESUMED. Tests dispatch events and can drop the connection to exercise reconnects.
 */
import { EventEmitter, once } from "node:events";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";

interface GatewayOptions {
  applicationId: string;
  token: string;
  heartbeatIntervalMs: number;
}

interface Payload {
  op: number;
  d?: unknown;
  s?: number | null;
  t?: string | null;
}

export class GatewaySocket extends EventEmitter {
  /** Set by FakeDiscord once the server listens. */
  url = "";
  identifies = 0;
  resumes = 0;
  heartbeats = 0;
  private readonly options: GatewayOptions;
  private readonly wss = new WebSocketServer({ noServer: true });
  private socket: WebSocket | undefined;
  private sessionId = "";
  private seq = 0;

  constructor(server: Server, options: GatewayOptions) {
    super();
    this.options = options;
    server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const path = new URL(req.url ?? "/", "http://127.0.0.1").pathname.replace(/\/$/, "");
      if (path !== "/gateway") {
        socket.destroy();
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  /** Whether a client is connected and has identified or resumed. */
  get connected(): boolean {
    return this.socket !== undefined && this.sessionId !== "";
  }

  /** Sends a dispatch event (op 0) to the connected client. */
  dispatch(type: string, data: unknown): void {
    if (!this.socket) throw new Error("no client is connected to the fake gateway");
    this.send({ op: 0, t: type, s: ++this.seq, d: data });
  }

  /** Drops the live connection: "network" kills the TCP socket, otherwise closes with `code`. */
  async drop(how: "network" | number = "network"): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    const closed = once(socket, "close");
    if (how === "network") socket.terminate();
    else socket.close(how, "fake gateway closed the connection");
    await closed;
  }

  /** Resolves when the client has identified `n` times or resumed `n` times in total. */
  async waitFor(kind: "identify" | "resume", n: number, timeoutMs = 10_000): Promise<void> {
    const count = () => (kind === "identify" ? this.identifies : this.resumes);
    const deadline = Date.now() + timeoutMs;
    while (count() < n) {
      if (Date.now() > deadline) throw new Error(`the client did not ${kind} ${n} time(s)`);
      await once(this, kind, { signal: AbortSignal.timeout(Math.max(1, deadline - Date.now())) }).catch(
        () => {},
      );
    }
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    this.socket = ws;
    ws.on("close", () => {
      if (this.socket === ws) this.socket = undefined;
    });
    ws.on("message", (raw) => this.receive(ws, JSON.parse(raw.toString()) as Payload));
    this.send({ op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs }, s: null, t: null }, ws);
  }

  private receive(ws: WebSocket, payload: Payload): void {
    switch (payload.op) {
      case 1:
        this.heartbeats++;
        this.send({ op: 11 }, ws);
        return;
      case 2: {
        const d = payload.d as { token?: string };
        if (d.token !== this.options.token) {
          ws.close(4004, "Authentication failed.");
          return;
        }
        this.identifies++;
        this.sessionId = `session-${this.identifies}`;
        this.seq = 0;
        this.send({ op: 0, t: "READY", s: ++this.seq, d: this.ready() }, ws);
        this.emit("identify");
        return;
      }
      case 6: {
        const d = payload.d as { token?: string; session_id?: string };
        if (d.token !== this.options.token || d.session_id !== this.sessionId) {
          this.send({ op: 9, d: false }, ws);
          return;
        }
        this.resumes++;
        this.send({ op: 0, t: "RESUMED", s: ++this.seq, d: {} }, ws);
        this.emit("resume");
        return;
      }
      default:
        return;
    }
  }

  private ready() {
    return {
      v: 10,
      user: {
        id: this.options.applicationId,
        username: "rotation-bot",
        discriminator: "0000",
        global_name: null,
        avatar: null,
        bot: true,
        flags: 0,
      },
      guilds: [],
      session_id: this.sessionId,
      resume_gateway_url: this.url,
      shard: [0, 1],
      application: { id: this.options.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
    };
  }

  private send(payload: Payload, ws: WebSocket | undefined = this.socket): void {
    ws?.send(JSON.stringify(payload));
  }
}
