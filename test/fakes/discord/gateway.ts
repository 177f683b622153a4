/**
 * The fake gateway: JSON encoding, no compression, any number of shards. HELLO on connect;
 * IDENTIFY (with its `shard: [id, count]`) -> READY with no guilds (so discord.js is ready at
 * once); heartbeats acknowledged; RESUME of a known session -> RESUMED on that session. Events
 * go to the shard Discord would use: (guild_id >> 22) % count, DMs to shard 0. Tests dispatch
 * events and can drop one shard's connection to exercise reconnects. The intents of each
 * IDENTIFY are kept; with `refusePrivileged`, asking for the Message Content intent is refused as
 * Discord refuses it when the Developer Portal has not enabled it (close code 4014).
 */
import { EventEmitter, once } from "node:events";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";

/** The privileged Message Content intent's bit. */
export const MESSAGE_CONTENT = 1 << 15;

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

/** One gateway session: what IDENTIFY created and RESUME picks up again. */
interface Session {
  id: string;
  shard: [number, number];
  seq: number;
  /** The connection serving it now, if any. */
  ws: WebSocket | undefined;
}

/** The shard Discord delivers a guild's events to. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

export class GatewaySocket extends EventEmitter {
  /** Set by FakeDiscord once the server listens. */
  url = "";
  heartbeats = 0;
  /** The shard pair of every IDENTIFY, in order. */
  readonly identified: [number, number][] = [];
  /** The shard id of every successful RESUME, in order. */
  readonly resumed: number[] = [];
  /** The intents bit field of every IDENTIFY, in order. */
  readonly intents: number[] = [];
  /** Refuse IDENTIFY with the privileged Message Content intent (1 << 15), as Discord does unless enabled. */
  refusePrivileged = false;
  private readonly options: GatewayOptions;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();

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

  get identifies(): number {
    return this.identified.length;
  }

  get resumes(): number {
    return this.resumed.length;
  }

  /** Whether a client is connected and has identified or resumed (on `shard`, when given). */
  connected(shard?: number): boolean {
    return this.live().some((s) => shard === undefined || s.shard[0] === shard);
  }

  /** Sends a dispatch event (op 0) on the shard that serves its guild (shard 0 without one). */
  dispatch(type: string, data: unknown): void {
    const guildId = (data as { guild_id?: unknown } | null)?.guild_id;
    const session = this.sessionFor(typeof guildId === "string" ? guildId : undefined);
    if (!session?.ws) throw new Error("no client is connected to the fake gateway for that shard");
    this.send({ op: 0, t: type, s: ++session.seq, d: data }, session.ws);
  }

  /**
   * Drops a live connection (the given shard's, else the newest): "network" kills the TCP
   * socket, otherwise closes with `code`.
   */
  async drop(how: "network" | number = "network", shard?: number): Promise<void> {
    const sessions = this.live().filter((s) => shard === undefined || s.shard[0] === shard);
    const socket = sessions.at(-1)?.ws;
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

  /** Sessions with a connection, oldest first. */
  private live(): Session[] {
    return [...this.sessions.values()].filter((s) => s.ws !== undefined);
  }

  private sessionFor(guildId: string | undefined): Session | undefined {
    const live = this.live();
    const count = live.at(-1)?.shard[1] ?? 1;
    const shard = guildId === undefined ? 0 : shardOf(guildId, count);
    return live.filter((s) => s.shard[0] === shard).at(-1);
  }

  private accept(ws: WebSocket): void {
    ws.on("close", () => {
      for (const s of this.sessions.values()) if (s.ws === ws) s.ws = undefined;
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
        const d = payload.d as { token?: string; shard?: [number, number]; intents?: number };
        if (d.token !== this.options.token) {
          ws.close(4004, "Authentication failed.");
          return;
        }
        this.intents.push(d.intents ?? 0);
        if (this.refusePrivileged && ((d.intents ?? 0) & MESSAGE_CONTENT) !== 0) {
          ws.close(4014, "Disallowed intent(s).");
          return;
        }
        const shard = d.shard ?? [0, 1];
        if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) {
          ws.close(4010, "Invalid shard.");
          return;
        }
        this.identified.push([shard[0], shard[1]]);
        const session: Session = {
          id: `session-${this.identifies}`,
          shard: [shard[0], shard[1]],
          seq: 0,
          ws,
        };
        this.sessions.set(session.id, session);
        this.send({ op: 0, t: "READY", s: ++session.seq, d: this.ready(session) }, ws);
        this.emit("identify", shard[0]);
        return;
      }
      case 6: {
        const d = payload.d as { token?: string; session_id?: string };
        const session = this.sessions.get(d.session_id ?? "");
        if (d.token !== this.options.token || !session) {
          this.send({ op: 9, d: false }, ws);
          return;
        }
        session.ws = ws;
        this.resumed.push(session.shard[0]);
        this.send({ op: 0, t: "RESUMED", s: ++session.seq, d: {} }, ws);
        this.emit("resume", session.shard[0]);
        return;
      }
      default:
        return;
    }
  }

  private ready(session: Session) {
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
      session_id: session.id,
      resume_gateway_url: this.url,
      shard: session.shard,
      application: { id: this.options.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
    };
  }

  private send(payload: Payload, ws: WebSocket): void {
    ws.send(JSON.stringify(payload));
  }
}
