/**
 * The real Slack app (startSlack, real Bolt) against the fake Slack on 127.0.0.1, on real
 * services: the CSV closes fixture, the local chart renderer, an in-memory SQLite store and a
 * clock fixed after the close of Friday 16 Jan 2026.
 */
import { fileURLToPath } from "node:url";
import { createChartRenderer } from "../../../src/adapters/charts/index.ts";
import { CsvMarketData } from "../../../src/adapters/csv/csv-market-data.ts";
import { type RunningSlack, type SlackOptions, startSlack } from "../../../src/adapters/slack/index.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { commands as registry } from "../../../src/commands/index.ts";
import type { SlackConfig } from "../../../src/config.ts";
import type { AnyCommand } from "../../../src/core/command.ts";
import type { Services } from "../../../src/core/dispatch.ts";
import type { Clock, Logger } from "../../../src/core/ports.ts";
import { FakeSlack } from "../../fakes/slack/fake-slack.ts";
import { FakeSocketMode } from "../../fakes/slack/fake-socket.ts";
import { SIGNING_SECRET, type SlashFields, slashPayload } from "../../fakes/slack/sign.ts";
import { type RecordingLogger, recordingLogger } from "../store/recording-logger.ts";

export const FIXTURE_DIR = fileURLToPath(new URL("../../fixtures/closes", import.meta.url));
export const AS_OF = "2026-01-16";
export const CLOCK: Clock = { now: () => Date.parse("2026-01-16T22:00:00Z") };
export const BOT_TOKEN = "xoxb-1111-2222-fakebottoken";
export const APP_TOKEN = "xapp-1-A0000001-3333-fakeapptoken";

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

export interface SlackHarness {
  fake: FakeSlack;
  socket?: FakeSocketMode;
  slack: RunningSlack;
  services: Services;
  logger: RecordingLogger;
  /** Where signed HTTP requests go (HTTP mode). */
  appUrl: string;
  /** A slash command payload with a fresh response_url on the fake. */
  payload(command: string, text?: string, extra?: Partial<SlashFields>): Record<string, string>;
  close(): Promise<void>;
}

export interface HarnessOptions extends SlackOptions {
  mode?: "http" | "socket";
  commands?: readonly AnyCommand[];
  config?: Partial<SlackConfig>;
  /** Runs before the app starts (e.g. to store an OAuth installation). */
  before?: (services: Services) => Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  const mode = options.mode ?? "http";
  const fake = await new FakeSlack().start();
  const socket = mode === "socket" ? await new FakeSocketMode().start(fake) : undefined;
  const logger = recordingLogger();
  const services = await testServices(logger, options.commands);
  await options.before?.(services);
  const config: SlackConfig = {
    mode,
    port: 0,
    apiUrl: fake.apiUrl,
    botToken: BOT_TOKEN,
    ...(mode === "socket" ? { appToken: APP_TOKEN } : { signingSecret: SIGNING_SECRET }),
    ...options.config,
  };
  const { mode: _m, commands: _c, config: _k, before: _b, ...slackOptions } = options;
  const slack = await startSlack(config, services, { slowAfterMs: 1500, ...slackOptions });
  return {
    fake,
    ...(socket ? { socket } : {}),
    slack,
    services,
    logger,
    appUrl: `http://127.0.0.1:${slack.port ?? 0}`,
    payload: (command, text = "", extra = {}) =>
      slashPayload({ command, text, response_url: fake.responseUrl(), ...extra }),
    async close() {
      await slack.stop();
      await socket?.stop();
      await fake.stop();
      await services.store.close();
    },
  };
}
