/**
 * Downloads a holdings file and makes sure it is one: publishers answer a moved or blocked file
 * with an HTML page and status 200, so the body itself is checked before anything parses it.
 * Every failure is a sentence of ours naming the source by its host, never the URL.
 */
import { remainingMs } from "../../core/deadline.ts";
import { DataUnavailableError } from "../../core/errors.ts";
import type { CallOptions } from "../../core/ports.ts";
import { looksLikeMemberCsv } from "../holdings/member-file.ts";
import { networkReason } from "../health/network-reason.ts";

/** Larger than any real holdings file (the Russell 2000's is about 0.5 MB). */
const MAX_BYTES = 20 * 1024 * 1024;

export interface DownloadOptions {
  fetch: typeof fetch;
  timeoutMs: number;
  /** Human name of the source for messages (never the full URL: it may carry a key). */
  name: string;
}

/**
 * The body of `url`, checked to be a holdings CSV. `call` bounds it: the download's time-out is cut
 * to the caller's deadline, and its signal stops the download at once.
 */
export async function downloadHoldings(
  url: string,
  options: DownloadOptions,
  call: CallOptions = {},
): Promise<string> {
  const timeoutMs = Math.max(0, Math.min(options.timeoutMs, remainingMs(call.deadline)));
  const timedOut = (err?: unknown) =>
    new DataUnavailableError(options.name, `no answer from the ${options.name} within ${timeoutMs} ms`, {
      cause: err,
      timedOut: true,
    });
  if (timeoutMs <= 0 || call.signal?.aborted) throw timedOut();
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = call.signal ? AbortSignal.any([timeout, call.signal]) : timeout;
  const waited = call.waiting?.({ source: `the ${options.name}` });
  try {
    return await download(url, options, signal, () => timedOut());
  } catch (err) {
    if (signal.aborted && !(err instanceof DataUnavailableError && err.timedOut)) throw timedOut(err);
    throw err;
  } finally {
    waited?.();
  }
}

async function download(
  url: string,
  options: DownloadOptions,
  signal: AbortSignal,
  timedOut: () => DataUnavailableError,
): Promise<string> {
  let res: Response;
  try {
    res = await options.fetch(url, {
      signal,
      headers: {
        accept: "text/csv,text/plain;q=0.9,*/*;q=0.5",
        // Some publishers refuse clients that do not name themselves.
        "user-agent": "Mozilla/5.0 (compatible; rotation-bot; +https://github.com/)",
      },
      redirect: "follow",
    });
  } catch (err) {
    if (signal.aborted) throw timedOut();
    throw unavailable(options.name, `cannot reach the ${options.name}: ${networkReason(err)}`, err);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw unavailable(options.name, `the ${options.name} answered with an error (HTTP ${res.status})`);
  }
  const length = Number(res.headers.get("content-length") ?? "0");
  if (length > MAX_BYTES) {
    await res.body?.cancel();
    throw unavailable(options.name, `the ${options.name} is ${length} bytes, more than a holdings file`);
  }
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    if (signal.aborted) throw timedOut();
    throw unavailable(
      options.name,
      `the ${options.name} broke off before the end: ${networkReason(err)}`,
      err,
    );
  }
  if (text.length > MAX_BYTES)
    throw unavailable(options.name, `the ${options.name} is larger than a holdings file`);
  if (text.replace(/^\uFEFF/, "").trim() === "")
    throw unavailable(options.name, `the ${options.name} sent an empty file`);
  if (!looksLikeMemberCsv(text))
    throw unavailable(
      options.name,
      `the ${options.name} answered with something other than a holdings CSV (${describe(res, text)})`,
    );
  return text;
}

/** A failure whose message is already our sentence, so it is also what users read. */
function unavailable(name: string, sentence: string, cause?: unknown): DataUnavailableError {
  return new DataUnavailableError(name, sentence, {
    userText: sentence,
    ...(cause === undefined ? {} : { cause }),
  });
}

function describe(res: Response, text: string): string {
  const type = res.headers.get("content-type")?.split(";")[0]?.trim();
  const html = /^\s*</.test(text.replace(/^\uFEFF/, "")) || /<html|<!doctype/i.test(text.slice(0, 2000));
  return `${html ? "an HTML page" : "no Ticker, Symbol or Holding Ticker header"}${type ? `, ${type}` : ""}`;
}
