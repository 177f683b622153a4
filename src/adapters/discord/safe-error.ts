/**
 * Errors as they may be logged. Discord REST errors know the request URL, and interaction webhook
 * URLs embed the interaction token (a credential for 15 minutes): logs get the route, never it.
 */

/** Interaction and webhook tokens in URL paths, and bot tokens (three dot-separated parts). */
const TOKEN_PATTERNS: [RegExp, string][] = [
  [/\/(webhooks|interactions)\/(\d+)\/[^/\s?#"']+/g, "/$1/$2/[token]"],
  [/[\w-]{23,28}\.[\w-]{6,7}\.[\w-]{27,}/g, "[token]"],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TOKEN_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** A loggable summary: name, message, and the HTTP status and Discord code when there are ones. */
export function describeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: redact(String(err)) };
  const e = err as Error & { code?: unknown; status?: unknown; method?: unknown };
  return {
    name: e.name,
    message: redact(e.message),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(typeof e.status === "number" ? { status: e.status } : {}),
    ...(typeof e.method === "string" ? { method: e.method } : {}),
  };
}
