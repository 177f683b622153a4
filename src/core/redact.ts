/**
 * Credentials that ride inside URLs (http://user:pass@host, ?token=...) must never reach a log
 * line or a message: these replace them wherever a URL is shown, and in free text that may hold
 * one (a library's error message, a JSON log line).
 */

/** Query parameters whose value is a secret (compared without case, "-" and "_"). */
const SECRET_PARAMS = new Set([
  "token",
  "accesstoken",
  "authtoken",
  "refreshtoken",
  "idtoken",
  "key",
  "apikey",
  "secret",
  "clientsecret",
  "password",
  "passwd",
  "pass",
  "pwd",
  "sig",
  "signature",
  "auth",
  "authorization",
  "credential",
  "credentials",
  "session",
  "sessionid",
  "crumb",
  "code",
  "xamzsignature",
  "xamzsecuritytoken",
  "xamzcredential",
]);

export const REDACTED = "[redacted]";

export function isSecretParam(name: string): boolean {
  let plain = name.toLowerCase().replace(/[-_]/g, "");
  try {
    plain = decodeURIComponent(plain);
  } catch {
    // keep it as written
  }
  return SECRET_PARAMS.has(plain);
}

/** One URL with its user, password and secret query values replaced; unparseable input is scrubbed as text. */
export function redactUrl(url: string | URL): string {
  const text = String(url);
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return redactText(text);
  }
  if (u.username || u.password) {
    u.username = REDACTED;
    u.password = "";
  }
  for (const name of [...u.searchParams.keys()]) if (isSecretParam(name)) u.searchParams.set(name, REDACTED);
  // URLSearchParams encodes the brackets; show the marker as written.
  return u.href.replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

// scheme://userinfo@ : everything between "//" and "@" that is not a path, space or quote.
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#\s"'@\\]+)@/gi;
// ?name=value or &name=value (also &amp; in HTML and JSON-escaped forms end at a quote or backslash).
const PARAM = /([?&;])([A-Za-z0-9_.%-]+)=([^&#\s"'\\<>]*)/g;

/** Free text (a message, a log line) with every URL credential replaced. */
export function redactText(text: string): string {
  if (!text.includes("@") && !text.includes("=")) return text;
  return text
    .replace(USERINFO, (_, scheme: string) => `${scheme}${REDACTED}@`)
    .replace(PARAM, (whole, sep: string, name: string) =>
      isSecretParam(name) ? `${sep}${name}=${REDACTED}` : whole,
    );
}
