/**
 * The operations port: GET /metrics (Prometheus text format), /health (the process runs) and
 * /ready (it should receive work now: not stopping, the store answers, every chat connection is
 * up). Off unless METRICS_PORT is set; bound to 127.0.0.1 unless METRICS_HOST says otherwise.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../../core/ports.ts";
import type { PrometheusMetrics } from "./prometheus.ts";

export interface Readiness {
  ready: boolean;
  /** One line per check, e.g. "store: ok", "discord: disconnected". */
  checks: string[];
}

export interface OpsServerOptions {
  host: string;
  port: number;
  metrics: PrometheusMetrics;
  readiness: () => Promise<Readiness>;
  logger: Logger;
}

export interface OpsServer {
  /** The port actually bound (0 asks for a free one). */
  port: number;
  close(): Promise<void>;
}

export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const { metrics, readiness, logger } = options;
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const text = (status: number, body: string, type = "text/plain; charset=utf-8") => {
      res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    if (req.method !== "GET" && req.method !== "HEAD") return text(405, "GET only\n");
    if (path === "/health") return text(200, "ok\n");
    if (path === "/ready") {
      readiness().then(
        (r) => text(r.ready ? 200 : 503, `${r.ready ? "ready" : "not ready"}\n${r.checks.join("\n")}\n`),
        () => text(503, "not ready\nreadiness check failed\n"),
      );
      return;
    }
    if (path === "/metrics") {
      metrics.registry.metrics().then(
        (body) => text(200, body, metrics.registry.contentType),
        (err: unknown) => {
          logger.error({ err }, "metrics collection failed");
          text(500, "metrics collection failed\n");
        },
      );
      return;
    }
    text(404, "not found: try /metrics, /health or /ready\n");
  });
  // Scrapers keep connections open; closing must not wait for them.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ host: options.host, port }, "metrics and health listening");
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
