/**
 * Scripted misbehaviour for the fake Yahoo: each inject() adds a rule whose counters are spent by
 * the requests it matches, in the order hang, 429, 5xx, bad body, invalid crumb.
 */

export type RequestKind = "cookie" | "consent" | "crumb" | "chart" | "quote" | "quoteSummary" | "other";

export interface FaultSpec {
  /** Added before answering every matching request, until reset(). */
  latencyMs?: number;
  /** Answer 429 with a Retry-After header this many times. */
  status429?: number;
  /** Retry-After value sent with the 429s (seconds or an HTTP date); default "1". */
  retryAfter?: string;
  /** Answer a 5xx this many times. */
  status5xx?: number;
  /** Which 5xx; default 503. */
  status?: number;
  /** Never answer this many times (the client must time out). */
  hang?: number;
  /** Answer 200 with a body the client cannot use this many times. */
  badBody?: number;
  /**
   * truncated: the good body cut in half; html: a page with status 200; schema: the right key with
   * a wrong inside; empty: `{}`; hollow: `{"chart":{}}` (the right key, nothing in it); custom:
   * exactly `badBodyText`.
   */
  badBodyKind?: BadBodyKind;
  /** The body of badBodyKind "custom". */
  badBodyText?: string;
  /** Answer 401 "Invalid Crumb" this many times, revoking every cookie session each time. */
  invalidCrumb?: number;
  /** Only requests naming one of these symbols. */
  forSymbols?: string[];
  /**
   * Only requests of this kind ("quote", "crumb", "cookie"...), or else whose host+path contains
   * this text. Default: the data requests (chart, quote, quoteSummary).
   */
  forPath?: string;
  /** Only requests asking for history from before this date (YYYY-MM-DD): the long windows. */
  forFromBefore?: string;
}

export type BadBodyKind = "truncated" | "html" | "schema" | "empty" | "hollow" | "custom";

export type Fault =
  | { type: "hang" }
  | { type: "429"; retryAfter: string }
  | { type: "5xx"; status: number }
  | { type: "badBody"; kind: BadBodyKind; text?: string }
  | { type: "invalidCrumb" };

export interface RequestFacts {
  kind: RequestKind;
  /** host + path */
  where: string;
  symbols: string[];
  /** The first date a chart request asks for (YYYY-MM-DD), when it names one. */
  from?: string;
}

const KINDS: RequestKind[] = ["cookie", "consent", "crumb", "chart", "quote", "quoteSummary", "other"];
const DEFAULT_KINDS: RequestKind[] = ["chart", "quote", "quoteSummary"];

export class FaultPlan {
  #rules: FaultSpec[] = [];

  add(spec: FaultSpec): void {
    this.#rules.push({ ...spec });
  }

  reset(): void {
    this.#rules = [];
  }

  #matches(rule: FaultSpec, req: RequestFacts): boolean {
    const path = rule.forPath;
    const inScope =
      path === undefined
        ? DEFAULT_KINDS.includes(req.kind)
        : (KINDS as string[]).includes(path)
          ? req.kind === path
          : req.where.includes(path);
    if (!inScope) return false;
    if (rule.forFromBefore !== undefined && !(req.from !== undefined && req.from < rule.forFromBefore))
      return false;
    return !rule.forSymbols || req.symbols.some((s) => rule.forSymbols?.includes(s));
  }

  latencyFor(req: RequestFacts): number {
    let ms = 0;
    for (const rule of this.#rules) if (rule.latencyMs && this.#matches(rule, req)) ms += rule.latencyMs;
    return ms;
  }

  /** The fault this request suffers, spending one count of the first rule that has one. */
  take(req: RequestFacts): Fault | undefined {
    for (const rule of this.#rules) {
      if (!this.#matches(rule, req)) continue;
      if (spend(rule, "hang")) return { type: "hang" };
      if (spend(rule, "status429")) return { type: "429", retryAfter: rule.retryAfter ?? "1" };
      if (spend(rule, "status5xx")) return { type: "5xx", status: rule.status ?? 503 };
      if (spend(rule, "badBody"))
        return {
          type: "badBody",
          kind: rule.badBodyKind ?? "truncated",
          ...(rule.badBodyText === undefined ? {} : { text: rule.badBodyText }),
        };
      if (spend(rule, "invalidCrumb")) return { type: "invalidCrumb" };
    }
    return undefined;
  }
}

type Counter = "hang" | "status429" | "status5xx" | "badBody" | "invalidCrumb";

function spend(rule: FaultSpec, key: Counter): boolean {
  const left = rule[key];
  if (!left || left <= 0) return false;
  rule[key] = left - 1;
  return true;
}
