/**
 * Sends every Yahoo request through one base URL (an enterprise proxy, or a local test double):
 * https://<host><path> becomes <baseUrl>/<host><path>. The host stays in the path so the far end
 * can tell query1, query2, finance and guce apart, and the library keeps seeing the original
 * https URLs, so its cookie jar matches cookies by the real domains.
 */

/** The rewritten form of one URL; anything not https:// is left alone. */
export function rewriteUrl(href: string, baseUrl: string): string {
  const match = /^https:\/\/([^/?#]+)(.*)$/i.exec(href);
  if (!match) return href;
  const host = match[1] as string;
  const rest = match[2] ?? "";
  const path = rest.startsWith("/") ? rest : `/${rest}`;
  return `${baseUrl.replace(/\/+$/, "")}/${host}${path}`;
}

function hrefOf(input: string | URL | Request): string {
  if (typeof input === "string") return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

/** A fetch that rewrites each request URL onto `baseUrl`, then calls `fetchImpl`. */
export function rewritingFetch(baseUrl: string, fetchImpl?: typeof fetch): typeof fetch {
  // Resolved per call, not at construction, so a fetch installed later (undici agents) is used.
  const send: typeof fetch = (input, init) => (fetchImpl ?? globalThis.fetch)(input, init);
  return (input, init) => {
    const target = rewriteUrl(hrefOf(input), baseUrl);
    if (input instanceof Request) return send(new Request(target, input), init);
    return send(target, init);
  };
}
