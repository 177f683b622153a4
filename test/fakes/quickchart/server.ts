/**
 * A fake QuickChart on 127.0.0.1: accepts POST <base>/chart with the JSON body quickchart-js sends,
 * records it, and answers with a real PNG of the requested size, unless told to fail.
 */
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createCanvas } from "@napi-rs/canvas";

/** The POST body quickchart-js sends. */
export interface QuickChartBody {
  chart: string;
  width?: number;
  height?: number;
  format?: string;
  version?: string;
  backgroundColor?: string;
  devicePixelRatio?: number;
  key?: string;
}

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: QuickChartBody;
  /** `body.chart` parsed as JSON, when it is JSON (quickchart-js may also send a JS literal). */
  chart: unknown;
}

export type Failure =
  | { kind: "status"; status: number; error?: string }
  | { kind: "not-png" }
  | { kind: "slow"; delayMs: number };

export interface FakeQuickChart {
  /** Base URL to give the renderer, including the base path. */
  url: URL;
  requests: RecordedRequest[];
  /** The next request fails this way (one failure per call, in order). */
  failNext(failure: Failure): void;
  close(): Promise<void>;
}

async function pngOf(width: number, height: number, background: string): Promise<Buffer> {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = "#0072B2";
  ctx.fillRect(width / 4, height / 4, width / 2, height / 2);
  return canvas.encode("png");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function startFakeQuickChart(options: { basePath?: string } = {}): Promise<FakeQuickChart> {
  const base = options.basePath ?? "";
  const requests: RecordedRequest[] = [];
  const failures: Failure[] = [];

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || req.url !== `${base}/chart`) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const body = parseJson(Buffer.concat(chunks).toString("utf8")) as QuickChartBody | undefined;
    if (!body || typeof body.chart !== "string") {
      res.writeHead(400, { "x-quickchart-error": "missing chart" }).end();
      return;
    }
    requests.push({ path: req.url, headers: req.headers, body, chart: parseJson(body.chart) });

    const failure = failures.shift();
    if (failure?.kind === "status") {
      const headers = failure.error ? { "x-quickchart-error": failure.error } : {};
      res.writeHead(failure.status, headers).end("error");
      return;
    }
    if (failure?.kind === "not-png") {
      res.writeHead(200, { "content-type": "text/html" }).end("<html><body>Rate limited</body></html>");
      return;
    }
    if (failure?.kind === "slow") await new Promise((r) => setTimeout(r, failure.delayMs));
    const ratio = body.devicePixelRatio ?? 1;
    const png = await pngOf(
      Math.round((body.width ?? 500) * ratio),
      Math.round((body.height ?? 300) * ratio),
      body.backgroundColor ?? "#ffffff",
    );
    if (!res.destroyed) res.writeHead(200, { "content-type": "image/png" }).end(png);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}${base}`),
    requests,
    failNext: (failure) => failures.push(failure),
    close: () =>
      new Promise<void>((resolve, reject) => {
        // A slow answer may still hold a socket: do not wait for it.
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
