/**
 * MemberLists on holdings files. A URL source is downloaded at most once per New York day, kept in
 * the Store, and when a refresh fails the last stored list is served with its age (and the source
 * is left alone for a while). A file source is re-read whenever the file changes.
 */
import { readFile, stat } from "node:fs/promises";
import { raceSignal } from "../../core/deadline.ts";
import { BadDataError, DataUnavailableError, errorMessage, UserError } from "../../core/errors.ts";
import { findIndex } from "../../core/market/instruments.ts";
import { nyDate } from "../../core/market/time.ts";
import type { CallOptions, Clock, Logger, MemberList, MemberLists, Store } from "../../core/ports.ts";
import type { MemberListStatus } from "../../core/status/port.ts";
import { noSourceHealth, type SourceHealth } from "../../core/status/source-health.ts";
import type { Holdings } from "../holdings/holdings-csv.ts";
import { parseMemberFile } from "../holdings/member-file.ts";
import { downloadHoldings } from "./download.ts";
import { howToConfigure, type MemberSource, sourceName } from "./sources.ts";

export const MEMBERS_NAMESPACE = "members.v1";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface HoldingsMemberListsOptions {
  sources: ReadonlyMap<string, MemberSource>;
  store: Store;
  clock: Clock;
  logger: Logger;
  fetch?: typeof fetch;
  /** Per download (default 30 s). */
  timeoutMs?: number;
  /** After a failed download, serve the stored list this long before asking the source again (default 15 min). */
  retryAfterMs?: number;
  /** Where each download's outcome is reported (for /status). */
  health?: SourceHealth;
}

interface Stored {
  /** Which source produced it: a URL, so a changed setting is noticed. */
  origin: string;
  list: MemberList;
}

export class HoldingsMemberLists implements MemberLists {
  readonly #o: HoldingsMemberListsOptions;
  readonly #log: Logger;
  readonly #memory = new Map<string, Stored>();
  readonly #files = new Map<string, { mtimeMs: number; size: number; list: MemberList }>();
  readonly #failedAt = new Map<string, number>();
  readonly #flights = new Map<string, Promise<MemberList>>();
  readonly #health: SourceHealth;

  constructor(options: HoldingsMemberListsOptions) {
    this.#o = options;
    this.#log = options.logger.child({ component: "member-lists" });
    this.#health = options.health ?? noSourceHealth;
    for (const [alias, source] of options.sources)
      if (source.kind === "url") this.#health.register(healthId(alias), healthName(alias, source));
  }

  async members(alias: string, options: CallOptions = {}): Promise<MemberList> {
    const key = alias.trim().toUpperCase();
    const source = this.#o.sources.get(key);
    if (!source) {
      const why = `No member list source is configured for ${key}.`;
      throw new UserError(
        "no-member-source",
        `${why} An administrator can ${howToConfigure(key)}.`,
        "/breadth RUT",
      );
    }
    return source.kind === "file" ? this.#fromFile(key, source.path) : this.#fromUrl(key, source, options);
  }

  async #fromFile(alias: string, path: string): Promise<MemberList> {
    const name = sourceName({ kind: "file", path });
    let text: string;
    let mtimeMs: number;
    let size: number;
    try {
      const info = await stat(path);
      ({ mtimeMs, size } = info);
      const seen = this.#files.get(alias);
      if (seen && seen.mtimeMs === mtimeMs && seen.size === size) return seen.list;
      text = await readFile(path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT")
        throw new UserError(
          "no-member-file",
          `There is no ${alias} member list: ${name} does not exist.`,
          "/breadth RUT",
        );
      throw new DataUnavailableError(name, `cannot read ${name}: ${errorMessage(err)}`, { cause: err });
    }
    let holdings: Holdings;
    try {
      holdings = parseMemberFile(text, name);
    } catch (err) {
      if (err instanceof BadDataError)
        throw new UserError(
          "bad-member-file",
          `The ${alias} member list cannot be read: ${err.message}`,
          "/breadth RUT",
        );
      throw err;
    }
    const list = toList(alias, holdings, name, this.#o.clock.now());
    this.#files.set(alias, { mtimeMs, size, list });
    return list;
  }

  async #fromUrl(
    alias: string,
    source: MemberSource & { kind: "url" },
    options: CallOptions,
  ): Promise<MemberList> {
    const { url } = source;
    const now = this.#o.clock.now();
    const stored = this.#memory.get(alias) ?? (await this.#readStored(alias));
    if (stored && stored.origin === url && isFresh(stored.list.fetchedAt, now)) return stored.list;
    const failedAt = this.#failedAt.get(alias);
    const retryAfter = this.#o.retryAfterMs ?? 15 * 60_000;
    if (stored && failedAt !== undefined && now - failedAt < retryAfter) return stale(stored.list, now);
    try {
      return await raceSignal(this.#download(alias, source, options), options.signal);
    } catch (caught) {
      const err =
        caught instanceof DataUnavailableError
          ? caught
          : new DataUnavailableError(
              sourceName({ kind: "url", url }),
              `stopped waiting: ${errorMessage(caught)}`,
              {
                cause: caught,
                timedOut: true,
              },
            );
      this.#failedAt.set(alias, now);
      if (!stored) throw explained(alias, err);
      this.#log.warn(
        { alias, storedAt: stored.list.fetchedAt, err: errorMessage(err) },
        "member list refresh failed; serving the stored list",
      );
      return stale(stored.list, now);
    }
  }

  /** One download per alias at a time; concurrent callers share it (with its first caller's deadline). */
  #download(
    alias: string,
    source: MemberSource & { kind: "url" },
    options: CallOptions,
  ): Promise<MemberList> {
    const running = this.#flights.get(alias);
    if (running) return running;
    const { url } = source;
    const name = sourceName(source);
    const flight = (async () => {
      const text = await downloadHoldings(
        url,
        {
          fetch: this.#o.fetch ?? ((input, init) => globalThis.fetch(input, init)),
          timeoutMs: this.#o.timeoutMs ?? 30_000,
          name,
        },
        options,
      );
      let holdings: Holdings;
      try {
        holdings = parseMemberFile(text, name, source.fund ? { fund: source.fund } : {});
      } catch (err) {
        const sentence = `the ${name} could not be read: ${withoutSource(err, name)}`;
        throw new DataUnavailableError(name, sentence, { cause: err, userText: sentence });
      }
      if (holdings.members.length === 0) {
        const sentence = `the ${name} lists no equity members`;
        throw new DataUnavailableError(name, sentence, { userText: sentence });
      }
      const list = toList(alias, holdings, name, this.#o.clock.now());
      const stored: Stored = { origin: url, list };
      this.#memory.set(alias, stored);
      this.#failedAt.delete(alias);
      try {
        await this.#o.store.set(MEMBERS_NAMESPACE, alias, stored);
      } catch (err) {
        this.#log.warn({ alias, err: errorMessage(err) }, "member list not stored");
      }
      this.#log.info({ alias, members: list.memberCount, asOf: list.asOf }, "member list refreshed");
      return list;
    })().then(
      (list) => {
        this.#health.succeeded(healthId(alias));
        return list;
      },
      (err: unknown) => {
        this.#health.failed(healthId(alias), errorMessage(err));
        throw err;
      },
    );
    this.#flights.set(alias, flight);
    flight.then(
      () => this.#flights.delete(alias),
      () => this.#flights.delete(alias),
    );
    return flight;
  }

  /**
   * Each configured list as far as this process knows it (in memory, else stored), for /status:
   * nothing is downloaded or parsed.
   */
  known(): Promise<MemberListStatus[]> {
    return Promise.all(
      [...this.#o.sources].map(async ([alias, source]): Promise<MemberListStatus> => {
        const name = sourceName(source);
        const list =
          source.kind === "file"
            ? this.#files.get(alias)?.list
            : (this.#memory.get(alias) ?? (await this.#readStored(alias)))?.list;
        if (!list) return { alias, source: name };
        return {
          alias,
          source: list.source,
          memberCount: list.memberCount,
          fetchedAt: list.fetchedAt,
          ...(list.asOf ? { asOf: list.asOf } : {}),
        };
      }),
    );
  }

  async #readStored(alias: string): Promise<Stored | undefined> {
    try {
      const stored = await this.#o.store.get<Stored>(MEMBERS_NAMESPACE, alias);
      if (stored) this.#memory.set(alias, stored);
      return stored;
    } catch (err) {
      this.#log.warn({ alias, err: errorMessage(err) }, "stored member list not read");
      return undefined;
    }
  }
}

/** The SourceHealth id of an alias's download. */
export const healthId = (alias: string) => `members:${alias}`;

function healthName(alias: string, source: MemberSource): string {
  return `${findIndex(alias)?.name ?? alias} members (${sourceName(source)})`;
}

/** A parse error's message without the source name it starts with (the caller names it). */
function withoutSource(err: unknown, name: string): string {
  const message = errorMessage(err);
  return message.startsWith(name) ? message.slice(name.length).replace(/^[:\s]+/, "") : message;
}

/**
 * A failed download with nothing stored: the person asking reads which list is missing and why.
 * A time-out keeps its own wording (the dispatcher says how long it waited).
 */
function explained(alias: string, err: DataUnavailableError): DataUnavailableError {
  if (err.timedOut) return err;
  const index = findIndex(alias)?.name ?? alias;
  return new DataUnavailableError(err.source, err.message, {
    cause: err.cause ?? err,
    userText: `the ${index} member list could not be loaded: ${err.userText ?? err.message}`,
  });
}

/** Fetched today (New York) and less than a day ago: publishers update their files once a day. */
function isFresh(fetchedAt: number, now: number): boolean {
  return now - fetchedAt < DAY_MS && nyDate(fetchedAt) === nyDate(now);
}

function stale(list: MemberList, now: number): MemberList {
  return { ...list, staleAgeMs: Math.max(0, now - list.fetchedAt) };
}

function toList(alias: string, h: Holdings, source: string, fetchedAt: number): MemberList {
  return {
    alias,
    members: h.members.map((m) => ({
      symbol: m.symbol,
      ticker: m.ticker,
      ...(m.name ? { name: m.name } : {}),
      ...(m.sector ? { sector: m.sector } : {}),
      ...(m.weight === undefined ? {} : { weight: m.weight }),
    })),
    memberCount: h.members.length,
    ...(h.asOf ? { asOf: h.asOf } : {}),
    skipped: h.skipped,
    source,
    fetchedAt,
  };
}
