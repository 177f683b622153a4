/**
 * Why a request got no answer, in our words: fetch and the HTTP libraries fail with "fetch
 * failed" and a code buried in `cause`, which tells a reader nothing. Never the URL (it may
 * carry a key) and never the library's own message.
 */

const CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: "the connection was refused",
  ENOTFOUND: "the host name is not known",
  EAI_AGAIN: "the host name could not be looked up",
  ECONNRESET: "the connection was cut",
  EPIPE: "the connection was cut",
  ETIMEDOUT: "the connection timed out",
  UND_ERR_CONNECT_TIMEOUT: "the connection timed out",
  UND_ERR_HEADERS_TIMEOUT: "no answer came in time",
  UND_ERR_BODY_TIMEOUT: "the answer stalled",
  UND_ERR_SOCKET: "the connection was cut",
  EHOSTUNREACH: "the host cannot be reached",
  ENETUNREACH: "the network cannot be reached",
  CERT_HAS_EXPIRED: "its certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "its certificate is not trusted",
  SELF_SIGNED_CERT_IN_CHAIN: "its certificate is not trusted",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "its certificate is not trusted",
  ERR_TLS_CERT_ALTNAME_INVALID: "its certificate is for another host",
};

function codeOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code in CODES) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when the failure is a deadline running out (ours or the socket's). */
export function isTimeout(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const name = (e as { name?: unknown }).name;
    if (name === "TimeoutError") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** "the connection was refused", "no answer within 30 s", ... ; a plain fallback otherwise. */
export function networkReason(err: unknown, timeoutMs?: number): string {
  if (isTimeout(err))
    return timeoutMs === undefined ? "no answer came in time" : `no answer within ${seconds(timeoutMs)}`;
  const code = codeOf(err);
  return code ? (CODES[code] as string) : "the request failed on the network";
}

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
