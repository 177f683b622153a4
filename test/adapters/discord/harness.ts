/**
 * The real bot (startDiscord) against the fake Discord, on real services: the CSV closes fixture
 * as market data, the local chart renderer, an in-memory SQLite store, a fixed clock.
 */
import { fileURLToPath } from "node:url";
import { createChartRenderer } from "../../../src/adapters/charts/index.ts";
import { CsvMarketData } from "../../../src/adapters/csv/csv-market-data.ts";
import { type DiscordBot, startDiscord } from "../../../src/adapters/discord/index.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { commands as registry } from "../../../src/commands/index.ts";
import type { DiscordConfig } from "../../../src/config.ts";
import type { AnyCommand } from "../../../src/core/command.ts";
import type { Services } from "../../../src/core/dispatch.ts";
import type { Clock, Logger } from "../../../src/core/ports.ts";
import { FakeDiscord, type RecordedRequest } from "../../fakes/discord/fake-discord.ts";
import type { InteractionOptions } from "../../fakes/discord/payloads.ts";

export const FIXTURE_DIR = fileURLToPath(new URL("../../fixtures/closes", import.meta.url));
export const AS_OF = "2026-01-16";
/** Friday 16 Jan 2026, 17:00 New York: after that session's close. */
export const CLOCK: Clock = { now: () => Date.parse("2026-01-16T22:00:00Z") };

export interface LogLine {
  level: string;
  obj: Record<string, unknown>;
  msg: string | undefined;
}

export function recordingLogger(lines: LogLine[] = [], bindings: Record<string, unknown> = {}) {
  const at = (level: string) => (obj: object, msg?: string) => {
    lines.push({ level, obj: { ...bindings, ...obj }, msg });
  };
  const logger: Logger & { lines: LogLine[]; text(): string } = {
    lines,
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
    text: () => lines.map((l) => `${l.level} ${l.msg ?? ""} ${JSON.stringify(l.obj)}`).join("\n"),
  };
  return logger;
}

export async function testServices(
  logger: Logger,
  commands: readonly AnyCommand[] = registry,
): Promise<Services> {
  return {
    commands,
    market: new CsvMarketData({ dir: FIXTURE_DIR, clock: CLOCK, asOf: AS_OF }),
    store: await createStore({ sqlitePath: ":memory:" }, logger),
    clock: CLOCK,
    logger,
    charts: createChartRenderer({ kind: "local" }),
    asOf: AS_OF,
  };
}

export interface Harness {
  fake: FakeDiscord;
  bot: DiscordBot;
  services: Services;
  logger: ReturnType<typeof recordingLogger>;
  /** Options for interaction payloads aimed at this bot. */
  dm: InteractionOptions;
  guild: InteractionOptions;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    commands?: readonly AnyCommand[];
    progressIntervalMs?: number;
    /** Settings beyond the fake's token and URLs, e.g. messageContent. */
    config?: Partial<DiscordConfig>;
  } = {},
): Promise<Harness> {
  const fake = await FakeDiscord.start();
  const logger = recordingLogger();
  const services = await testServices(logger, options.commands);
  const bot = await startDiscord(
    { token: fake.token, applicationId: fake.applicationId, apiUrl: fake.apiUrl, ...options.config },
    services,
    options.progressIntervalMs !== undefined ? { progressIntervalMs: options.progressIntervalMs } : {},
  );
  return {
    fake,
    bot,
    services,
    logger,
    dm: { applicationId: fake.applicationId },
    guild: { applicationId: fake.applicationId, guildId: "400000000000000001" },
    async close() {
      await bot.stop();
      await services.store.close();
      await fake.close();
    },
  };
}

/** The request that finishes an answer to this interaction: an edit, a follow-up or a direct reply. */
export function isFinal(token: string) {
  return (r: RecordedRequest) =>
    r.path.includes(`/${token}`) &&
    ((r.method === "PATCH" && ((r.json?.embeds as unknown[] | undefined) ?? []).length > 0) ||
      (r.method === "POST" && r.path.endsWith(`/${token}`)) ||
      (r.method === "POST" && r.path.endsWith("/callback") && r.json?.type === 4));
}

/** PNG files start with these eight bytes. */
export function isPng(bytes: Uint8Array): boolean {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return sig.every((b, i) => bytes[i] === b);
}
