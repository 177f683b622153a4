/**
 * A fake Socket Mode server: the WebSocket that apps.connections.open points to. It greets with
 * `hello`, pings so the client keeps the link, sends envelopes the way Slack does
 * (`{envelope_id, type: "slash_commands" | "interactive" | "events_api", accepts_response_payload,
 * payload}`, events with their retry_attempt) and records the client's acks (`{envelope_id, payload}`).
 */
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { type WebSocket, WebSocketServer } from "ws";
import type { FakeSlack } from "./fake-slack.ts";

export interface Ack {
  envelopeId: string;
  payload: unknown;
  at: number;
}

export class FakeSocketMode {
  readonly acks: Ack[] = [];
  private wss: WebSocketServer | undefined;
  private client: WebSocket | undefined;
  private connected: Promise<WebSocket> | undefined;
  /** Connections accepted so far (a reconnect adds one). */
  connections = 0;
  private readonly connectionWaiters: { n: number; resolve: () => void }[] = [];
  private pinger: NodeJS.Timeout | undefined;
  private nextEnvelope = 1;
  private readonly ackWaiters = new Map<string, (ack: Ack) => void>();

  /** Starts listening and points the fake Web API's apps.connections.open at this server. */
  async start(api: FakeSlack, pingMs = 5000): Promise<this> {
    this.wss = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/link" });
    await once(this.wss, "listening");
    api.socketUrl = `ws://127.0.0.1:${(this.wss.address() as AddressInfo).port}/link`;
    this.connected = new Promise((resolve) => {
      this.wss?.on("connection", (ws) => {
        this.client = ws;
        this.connections++;
        for (const w of this.connectionWaiters.filter((x) => this.connections >= x.n)) {
          this.connectionWaiters.splice(this.connectionWaiters.indexOf(w), 1);
          w.resolve();
        }
        ws.on("message", (data) => this.onMessage(String(data)));
        ws.send(
          JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A0000001" } }),
        );
        resolve(ws);
      });
    });
    // Slack pings; the client drops a link that stays silent for 30 s.
    this.pinger = setInterval(() => this.client?.ping(), pingMs);
    return this;
  }

  /** Resolves once the app has connected (`n` times in all, counting reconnects). */
  async waitForConnection(n = 1, timeoutMs = 5000): Promise<void> {
    await this.connected;
    if (this.connections >= n) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the app did not connect ${n} times within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.connectionWaiters.push({
        n,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  /** Kills the live link without a goodbye, as a network failure would. */
  dropClient(): void {
    this.client?.terminate();
  }

  /** Sends a slash command envelope; resolves with the client's ack. Reuse `envelopeId` to redeliver. */
  async sendSlashCommand(
    payload: Record<string, string>,
    envelopeId?: string,
    timeoutMs = 5000,
  ): Promise<Ack> {
    await this.connected;
    const ws = this.client;
    if (!ws) throw new Error("no Socket Mode client connected");
    const id = envelopeId ?? `env-${this.nextEnvelope++}`;
    const acked = new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${id} within ${timeoutMs} ms`)), timeoutMs);
      this.ackWaiters.set(id, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
    ws.send(
      JSON.stringify({ envelope_id: id, type: "slash_commands", accepts_response_payload: true, payload }),
    );
    return acked;
  }

  /** Sends an interactive envelope (e.g. a block_actions payload); resolves with the client's ack. */
  async sendInteractive(payload: Record<string, unknown>, timeoutMs = 5000): Promise<Ack> {
    await this.connected;
    const ws = this.client;
    if (!ws) throw new Error("no Socket Mode client connected");
    const id = `env-${this.nextEnvelope++}`;
    const acked = new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${id} within ${timeoutMs} ms`)), timeoutMs);
      this.ackWaiters.set(id, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
    ws.send(
      JSON.stringify({ envelope_id: id, type: "interactive", accepts_response_payload: false, payload }),
    );
    return acked;
  }

  /**
   * Sends an events_api envelope carrying `payload` (an event_callback body); `retryAttempt` is
   * Slack's count of earlier tries. Resolves with the client's ack.
   */
  async sendEvent(
    payload: Record<string, unknown>,
    options: { retryAttempt?: number; envelopeId?: string; timeoutMs?: number } = {},
  ): Promise<Ack> {
    await this.connected;
    const ws = this.client;
    if (!ws) throw new Error("no Socket Mode client connected");
    const id = options.envelopeId ?? `env-${this.nextEnvelope++}`;
    const acked = new Promise<Ack>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ack for ${id} within ${options.timeoutMs ?? 5000} ms`)),
        options.timeoutMs ?? 5000,
      );
      this.ackWaiters.set(id, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
    ws.send(
      JSON.stringify({
        envelope_id: id,
        type: "events_api",
        accepts_response_payload: false,
        retry_attempt: options.retryAttempt ?? 0,
        retry_reason: options.retryAttempt ? "timeout" : "",
        payload,
      }),
    );
    return acked;
  }

  async stop(): Promise<void> {
    clearInterval(this.pinger);
    for (const ws of this.wss?.clients ?? []) ws.terminate();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
  }

  private onMessage(text: string): void {
    let msg: { envelope_id?: string; payload?: unknown };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    if (!msg.envelope_id) return;
    const ack = { envelopeId: msg.envelope_id, payload: msg.payload, at: Date.now() };
    this.acks.push(ack);
    this.ackWaiters.get(msg.envelope_id)?.(ack);
    this.ackWaiters.delete(msg.envelope_id);
  }
}
