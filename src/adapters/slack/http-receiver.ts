/**
 * HTTP mode's receiver: Bolt's own HTTPReceiver, which checks every request's signature (401 for a
 * bad or stale one), answers ssl_check and url_verification, passes Slack's retry headers to the
 * listeners, writes each ack as the response the moment ack() is called (processBeforeResponse
 * off) and answers 404 to a request nobody acknowledged within 3 seconds. What is ours is around
 * it: the health route for load balancers and, with OAuth, the install pages Bolt serves.
 */
import { HTTPReceiver, type HTTPReceiverOptions, type Logger } from "@slack/bolt";

/** Bolt's own default, stated: an unacknowledged request gets a 404 once Slack has given up. */
export const UNACKNOWLEDGED_AFTER_MS = 3001;

export interface HttpReceiverOptions {
  signingSecret: string;
  logger: Logger;
  port: number;
  /** The OAuth options App would give its own receiver (install pages, installation store). */
  oauth?: Pick<
    HTTPReceiverOptions,
    "clientId" | "clientSecret" | "stateSecret" | "scopes" | "installationStore" | "installerOptions"
  >;
  /** Tests shorten these; production keeps Bolt's defaults. */
  unhandledRequestTimeoutMillis?: number;
  bodyLimit?: number;
}

export function httpReceiver(options: HttpReceiverOptions): HTTPReceiver {
  if (!options.signingSecret) throw new Error("the Slack HTTP receiver needs a signing secret");
  return new HTTPReceiver({
    signingSecret: options.signingSecret,
    signatureVerification: true,
    processBeforeResponse: false,
    port: options.port,
    logger: options.logger,
    unhandledRequestTimeoutMillis: options.unhandledRequestTimeoutMillis ?? UNACKNOWLEDGED_AFTER_MS,
    ...(options.bodyLimit !== undefined ? { bodyLimit: options.bodyLimit } : {}),
    customRoutes: [
      {
        path: "/health",
        method: ["GET"],
        handler: (_req, res) => {
          res.writeHead(200, { "content-type": "text/plain" });
          res.end("ok");
        },
      },
    ],
    ...options.oauth,
  });
}
