/**
 * fetch refuses URLs that carry a user name and password ("Request cannot be constructed from a
 * URL that includes credentials", the URL and its password in the message). An operator who
 * writes http://user:pass@proxy means Basic authentication: this fetch sends exactly that, with
 * the credentials moved out of the URL into an Authorization header.
 */

/** The URL without user and password, and the Basic Authorization value they stood for. */
export function splitCredentials(url: string): { url: string; authorization?: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url };
  }
  if (!u.username && !u.password) return { url };
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  u.username = "";
  u.password = "";
  return { url: u.href, authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}` };
}

function hrefOf(input: string | URL | Request): string {
  if (typeof input === "string") return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

/** A fetch that turns credentials in the request URL into a Basic Authorization header. */
export function urlCredentialsFetch(fetchImpl?: typeof fetch): typeof fetch {
  // Resolved per call, not at construction, so a fetch installed later (undici agents) is used.
  const send: typeof fetch = (input, init) => (fetchImpl ?? globalThis.fetch)(input, init);
  return (input, init) => {
    const { url, authorization } = splitCredentials(hrefOf(input));
    if (!authorization) return send(input, init);
    const headers = new Headers(input instanceof Request ? input.headers : undefined);
    for (const [name, value] of new Headers(init?.headers)) headers.set(name, value);
    // An Authorization the caller set on purpose wins over the URL's.
    if (!headers.has("authorization")) headers.set("authorization", authorization);
    if (input instanceof Request) return send(new Request(url, input), { ...init, headers });
    return send(url, { ...init, headers });
  };
}
