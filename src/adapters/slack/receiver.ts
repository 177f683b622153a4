/**
 * HTTP mode's receiver. Under a burst of slash commands the last acks wait for the work done on
 * every request before them, and Bolt's HTTPReceiver does more of it than a command needs before its
 * ack: raw-body, the body decoded and parsed twice, and a signature comparison (tsscmp) that draws
 * random bytes and runs two more HMACs per request. This one answers the events endpoint itself:
 * - the body is read as it arrives (413 over the size limit);
 * - the signature is checked as Bolt and Slack require: HMAC-SHA256 of "v0:<timestamp>:<raw body>"
 *   with the signing secret, compared in constant time (timingSafeEqual), the timestamp within
 *   5 minutes of now either way; anything else is a 401 and reaches no listener;
 * - the body is parsed once (form, with an interactive `payload` field, or JSON), ssl_check and
 *   url_verification are answered, and the event goes to `app.processEvent` with its retry headers;
 * - the ack's response is written the moment `ack()` is called; an event nobody acknowledges
 *   within 3 s gets a 404, as with Bolt.
 * Every other request (health, the OAuth install and redirect pages) goes to a Bolt HTTPReceiver
 * built from the same options, so those behave exactly as before. The options are Bolt's
 * HTTPReceiver's; turning signature verification off, processBeforeResponse and custom
 * properties are refused.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ListenOptions } from "node:net";
import { parse as parseForm } from "node:querystring";
import {
  type AckFn,
  type App,
  HTTPModuleFunctions,
  HTTPReceiver,
  type HTTPReceiverOptions,
  type Logger,
  type Receiver,
  type ReceiverEvent,
  ReceiverMultipleAckError,
} from "@slack/bolt";

/** Slack rejects requests whose timestamp is further than this from now (replay protection). */
export const MAX_CLOCK_SKEW_S = 5 * 60;
/** Bolt's defaults: unacknowledged events get a 404 after this long (function_executed: longer). */
const UNHANDLED_MS = 3001;
const UNHANDLED_FUNCTION_MS = 5001;

export interface SlackReceiverOptions extends HTTPReceiverOptions {
  logger: Logger;
  /** Request body limit in bytes; default Bolt's, 4 MB. */
  bodyLimit?: number;
}

type Body = Record<string, unknown>;

export class SlackHttpReceiver implements Receiver {
  /** Bolt's receiver: serves every route but the events endpoint, and holds the OAuth installer. */
  private readonly bolt: HTTPReceiver;
  private readonly endpoints: ReadonlySet<string>;
  private readonly signingSecret: string;
  private readonly bodyLimit: number;
  private readonly logger: Logger;
  private readonly unhandledMs: number;
  private readonly port: number;
  private readonly onDispatchError: NonNullable<HTTPReceiverOptions["dispatchErrorHandler"]>;
  private readonly onProcessEventError: NonNullable<HTTPReceiverOptions["processEventErrorHandler"]>;
  private readonly onUnhandled: NonNullable<HTTPReceiverOptions["unhandledRequestHandler"]>;
  private app: App | undefined;
  private server: Server | undefined;

  constructor(options: SlackReceiverOptions) {
    if (!options.signingSecret) throw new Error("the Slack HTTP receiver needs a signing secret");
    if (
      options.signatureVerification === false ||
      options.processBeforeResponse ||
      options.customPropertiesExtractor
    ) {
      throw new Error(
        "the Slack HTTP receiver always verifies signatures, acks before processing and adds no custom properties",
      );
    }
    this.bolt = new HTTPReceiver(options);
    const endpoints = options.endpoints ?? "/slack/events";
    this.endpoints = new Set(Array.isArray(endpoints) ? endpoints : [endpoints]);
    this.signingSecret = options.signingSecret;
    this.bodyLimit = options.bodyLimit ?? HTTPModuleFunctions.defaultBodyLimit;
    this.unhandledMs = options.unhandledRequestTimeoutMillis ?? UNHANDLED_MS;
    this.port = options.installerOptions?.port ?? options.port ?? 3000;
    this.logger = options.logger;
    this.onDispatchError = options.dispatchErrorHandler ?? HTTPModuleFunctions.defaultDispatchErrorHandler;
    this.onProcessEventError =
      options.processEventErrorHandler ?? HTTPModuleFunctions.defaultProcessEventErrorHandler;
    this.onUnhandled = options.unhandledRequestHandler ?? HTTPModuleFunctions.defaultUnhandledRequestHandler;
  }

  /** The OAuth installer (App reads it to authorize each workspace's events). */
  get installer(): HTTPReceiver["installer"] {
    return this.bolt.installer;
  }

  init(app: App): void {
    this.app = app;
    this.bolt.init(app);
  }

  start(portOrOptions?: number | string | ListenOptions): Promise<Server> {
    if (this.server) return Promise.reject(new Error("the Slack HTTP receiver is already started"));
    const server = createServer((req, res) => this.onRequest(req, res));
    this.server = server;
    const listen =
      portOrOptions === undefined
        ? this.port
        : typeof portOrOptions === "string"
          ? Number(portOrOptions)
          : portOrOptions;
    return new Promise((resolve, reject) => {
      // As Bolt's: an error before listening (EADDRINUSE) fails start(); one after closes the server.
      server.on("error", (err) => {
        this.logger.error(`HTTP server error: ${err.message}`);
        server.close();
        reject(err);
      });
      server.on("close", () => {
        if (this.server === server) this.server = undefined;
      });
      server.listen(listen, () => resolve(server));
    });
  }

  stop(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.reject(new Error("the Slack HTTP receiver is not started"));
    return new Promise((resolve, reject) => {
      server.close((err) => {
        if (err) reject(err);
        else resolve();
      });
    });
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? "/";
    const query = url.indexOf("?");
    const path = query < 0 ? url : url.slice(0, query);
    if (req.method === "POST" && this.endpoints.has(path)) {
      this.readEvent(req, res);
      return;
    }
    try {
      this.bolt.requestListener(req, res);
    } catch (error) {
      // Bolt's receiver throws for a route it does not serve: by default a 404, as with Bolt alone.
      this.onDispatchError({
        error: error as Error,
        logger: this.logger,
        request: req,
        response: res,
      });
    }
  }

  private readEvent(req: IncomingMessage, res: ServerResponse): void {
    if (Number(req.headers["content-length"]) > this.bodyLimit) {
      this.tooLarge(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > this.bodyLimit) {
        failed = true;
        this.tooLarge(req, res);
        return;
      }
      chunks.push(chunk);
    });
    req.on("error", (err) => {
      if (failed) return;
      failed = true;
      this.logger.warn(`Failed to read the request body: ${err.message}`);
      if (!res.headersSent) HTTPModuleFunctions.buildNoBodyResponse(res, 401);
    });
    req.on("end", () => {
      if (failed) return;
      const raw = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      this.handleEvent(req, res, raw);
    });
  }

  private tooLarge(req: IncomingMessage, res: ServerResponse): void {
    this.logger.warn(`Request body exceeded the maximum allowed size (limit: ${this.bodyLimit} bytes)`);
    // The rest of the body is not read: close the connection once the 413 is out.
    res.shouldKeepAlive = false;
    HTTPModuleFunctions.buildNoBodyResponse(res, 413);
    req.resume();
  }

  private handleEvent(req: IncomingMessage, res: ServerResponse, raw: Buffer): void {
    const form = isForm(req.headers["content-type"]);
    let fields: Body | undefined;
    if (form) {
      fields = parseForm(raw.toString("utf8")) as Body;
      // Slack checks the certificate with an unsigned ssl_check=1: answered, and nothing else is read.
      if (fields.ssl_check === "1") {
        HTTPModuleFunctions.buildSSLCheckResponse(res);
        return;
      }
    }
    const failure = verifySignature(this.signingSecret, req.headers, raw, Date.now());
    if (failure !== undefined) {
      this.logger.warn(`Failed to parse and verify the request data: ${failure}`);
      HTTPModuleFunctions.buildNoBodyResponse(res, 401);
      return;
    }
    let body: Body;
    try {
      body = fields
        ? typeof fields.payload === "string"
          ? (JSON.parse(fields.payload) as Body)
          : fields
        : (JSON.parse(raw.toString("utf8")) as Body);
      if (body === null || typeof body !== "object") throw new Error("not an object");
    } catch (err) {
      this.logger.warn(`Malformed request body: ${err instanceof Error ? err.message : String(err)}`);
      HTTPModuleFunctions.buildNoBodyResponse(res, 400);
      return;
    }
    if (body.type === "url_verification") {
      HTTPModuleFunctions.buildUrlVerificationResponse(res, body);
      return;
    }
    void this.dispatch(req, res, body);
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse, body: Body): Promise<void> {
    let acked = false;
    const isFunction = (body.event as { type?: unknown } | undefined)?.type === "function_executed";
    const timer = setTimeout(
      () => {
        if (acked) return;
        this.onUnhandled({
          logger: this.logger,
          request: req,
          response: res,
        });
      },
      isFunction ? UNHANDLED_FUNCTION_MS : this.unhandledMs,
    );
    const ack: AckFn<unknown> = async (response) => {
      if (acked) throw new ReceiverMultipleAckError();
      acked = true;
      clearTimeout(timer);
      HTTPModuleFunctions.buildContentResponse(res, response);
    };
    const retryNum = HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req);
    const retryReason = HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req);
    const event: ReceiverEvent = {
      body,
      ack,
      ...(retryNum !== undefined ? { retryNum } : {}),
      ...(retryReason !== undefined ? { retryReason } : {}),
    };
    try {
      await this.app?.processEvent(event);
    } catch (error) {
      const acknowledged = await this.onProcessEventError({
        error: error as Error,
        logger: this.logger,
        request: req,
        response: res,
        storedResponse: undefined,
      });
      if (acknowledged) {
        acked = true;
        clearTimeout(timer);
      }
    }
  }
}

function isForm(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const semi = contentType.indexOf(";");
  const media = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
  return media === "application/x-www-form-urlencoded";
}

/**
 * Slack's request signature: `x-slack-signature: v0=<hex HMAC-SHA256 of "v0:<ts>:<raw body>">`
 * with `x-slack-request-timestamp: <ts>`. Undefined when it holds, else why not.
 */
export function verifySignature(
  signingSecret: string,
  headers: IncomingMessage["headers"],
  raw: Buffer,
  nowMs: number,
): string | undefined {
  const signature = headers["x-slack-signature"];
  const timestamp = headers["x-slack-request-timestamp"];
  if (typeof signature !== "string" || typeof timestamp !== "string") {
    return "x-slack-signature or x-slack-request-timestamp missing";
  }
  if (!/^\d{1,12}$/.test(timestamp)) return "x-slack-request-timestamp is not a number";
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > MAX_CLOCK_SKEW_S) {
    return "x-slack-request-timestamp must differ from system time by no more than 5 minutes";
  }
  if (!signature.startsWith("v0=")) return "unknown signature version";
  const given = Buffer.from(signature.slice(3), "hex");
  // Buffer.from stops at the first character that is not hex: the whole value must have been.
  if (given.length * 2 !== signature.length - 3) return "signature mismatch";
  // The secret as a string: Node prepares a Buffer key several times more slowly.
  const expected = createHmac("sha256", signingSecret).update(`v0:${timestamp}:`).update(raw).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "signature mismatch";
  return undefined;
}
