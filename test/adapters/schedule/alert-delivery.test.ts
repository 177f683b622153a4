/**
 * Alert delivery rules on the simulated week's closes: a channel gets at most the cap of posts a
 * session and one summary line naming the rest; a channel whose posts are refused for good is
 * paused after the set number of sessions, shown as such in /alert list, and resumed by
 * /alert resume; other channels are not held up.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvMarketData } from "../../../src/adapters/csv/csv-market-data.ts";
import { PrometheusMetrics } from "../../../src/adapters/metrics/prometheus.ts";
import { createMemberLists } from "../../../src/adapters/members/index.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { AlertRunner } from "../../../src/core/alerts/runner.ts";
import { dispatchText, type Services } from "../../../src/core/dispatch.ts";
import type { Store } from "../../../src/core/ports.ts";
import { StoreClaims } from "../../../src/core/schedule/claims.ts";
import { ChannelPostError } from "../../../src/core/schedule/poster.ts";
import { writeWeekData } from "./alert-week-data.ts";
import { nyEst, type World, world } from "./harness.ts";

const BUSY = "C-BUSY";
const GONE = "C-GONE";
const OK = "C-OK";

describe("alert delivery: the cap per session and pausing a failing channel", () => {
  let dir: string;
  let w: World;
  let store: Store;
  let runner: AlertRunner;
  let scrape = "";
  const metrics = new PrometheusMetrics(["alert"]);
  const services = (): Services => ({
    ...w.services(store),
    metrics,
    market: new CsvMarketData({ dir, clock: w.clock }),
    members: createMemberLists({ csvDir: dir }, { store, clock: w.clock, logger: w.logger }),
  });
  const as = (channelId: string, text: string) =>
    dispatchText(text, {
      ...services(),
      requester: { platform: "slack", channelId, workspaceId: "W1", userId: "U1", isAdmin: true },
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "alert-delivery-"));
    await writeWeekData(dir);
    w = world(nyEst("2026-11-20 18:00"));
    store = await createStore({ sqlitePath: ":memory:" }, w.logger);
    // Twelve alerts that all fire on Tue 24: the record, and ^RUT crossing 2,496 ... 2,506.
    expect((await as(BUSY, "/alert add record RUT")).kind).toBe("answer");
    for (let level = 2496; level <= 2506; level++)
      expect((await as(BUSY, `/alert add cross RUT ${level}`)).kind).toBe("answer");
    for (const channel of [GONE, OK])
      for (const text of ["/alert add cross KRE 60", "/alert add record RUT", "/alert add line IWM/SPY 50"])
        expect((await as(channel, text)).kind).toBe("answer");
    w.poster.fail(GONE, () => new ChannelPostError("channel_not_found", "channel not found", true));
    runner = new AlertRunner({
      services: services(),
      posters: { slack: w.poster },
      claims: new StoreClaims(store, w.clock),
      owner: "one",
      pacing: { slackIntervalMs: 0 },
      policy: { maxPerSession: 10, pauseAfterFailures: 3 },
    });
    for (const day of ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-27"]) {
      w.clock.t = nyEst(`${day} ${day === "2026-11-27" ? "13:30" : "16:30"}`);
      await runner.runEndOfDay(w.clock.t);
    }
    scrape = await metrics.registry.metrics();
  }, 60_000);

  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("posts ten alerts, then one line naming the two past the cap", () => {
    const posts = w.poster.to(BUSY);
    expect(posts).toHaveLength(11);
    expect(posts.slice(0, 10).every((p) => p.text.startsWith("Alert #"))).toBe(true);
    const summary = posts[10]?.text ?? "";
    expect(summary).toContain(
      "2 more alerts fired for the 24 Nov 2026 session, past this channel's cap of 10",
    );
    expect(summary).toContain("#11 cross ^RUT 2,505");
    expect(summary).toContain("#12 cross ^RUT 2,506");
  });

  it("pauses the channel whose posts are refused for good after three sessions, and says so", async () => {
    // Mon, Tue and Wed each had a firing; the third refusal paused it, so Friday was not tried.
    expect(w.poster.attempts.filter((a) => a.channelId === GONE)).toHaveLength(3);
    const list = await as(GONE, "/alert list");
    expect(list.fallback).toContain("PAUSED");
    expect(list.fallback).toContain("channel not found (channel_not_found)");
    const resumed = await as(GONE, "/alert resume");
    expect(resumed.fallback).toContain("Alerts resume in this channel.");
    expect((await as(GONE, "/alert list")).fallback).not.toContain("PAUSED");
  });

  it("reports each post to the metrics by platform and outcome, with its lateness", () => {
    const value = (series: string) => {
      const line = scrape.split("\n").find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    const sent = value('rotation_bot_posts_total{kind="alert",platform="slack",outcome="sent"}');
    expect(sent).toBe(w.poster.posts.length);
    // GONE's three refusals (the third paused it) are failures for good, not retries.
    expect(value('rotation_bot_posts_total{kind="alert",platform="slack",outcome="failed"}')).toBe(3);
    expect(
      value('rotation_bot_posts_total{kind="alert",platform="slack",outcome="retrying"}'),
    ).toBeUndefined();
    expect(value('rotation_bot_post_lateness_seconds_count{kind="alert",platform="slack"}')).toBe(
      (sent ?? 0) + 3,
    );
    // Each run came at the after-close time the alerts were due: none late.
    expect(value('rotation_bot_post_lateness_seconds_sum{kind="alert",platform="slack"}')).toBe(0);
    expect(scrape).not.toMatch(/C-BUSY|C-GONE|C-OK|RUT/);
  });

  it("does not hold up the other channels", () => {
    expect(w.poster.to(OK).map((p) => p.text.split("\n")[0])).toEqual([
      "Alert #1: KRE crossed above 60.00",
      "Alert #2: Russell 2000: record close",
      "Alert #3: The IWM/SPY line crossed above its 50-session average",
    ]);
  });
});

describe("alert firings of sessions the bot missed entirely", () => {
  it("are listed in /alert list, not posted; the current session's are posted", async () => {
    const dir = await mkdtemp(join(tmpdir(), "alert-missed-"));
    await writeWeekData(dir);
    const w = world(nyEst("2026-11-20 18:00"));
    const store = await createStore({ sqlitePath: ":memory:" }, w.logger);
    const services: Services = {
      ...w.services(store),
      market: new CsvMarketData({ dir, clock: w.clock }),
      members: createMemberLists({ csvDir: dir }, { store, clock: w.clock, logger: w.logger }),
    };
    const as = (text: string) =>
      dispatchText(text, {
        ...services,
        requester: { platform: "discord", channelId: "1", workspaceId: "G1", userId: "U1", isAdmin: true },
      });
    for (const text of ["/alert add record RUT", "/alert add line IWM/SPY 50"])
      expect((await as(text)).kind).toBe("answer");
    const runner = new AlertRunner({
      services,
      posters: { discord: w.poster },
      claims: new StoreClaims(store, w.clock),
      owner: "one",
      pacing: { discordIntervalMs: 0 },
    });
    // Up on Monday; down from Monday evening to Wednesday 16:30 (Tuesday's record is missed).
    for (const t of [nyEst("2026-11-23 16:30"), nyEst("2026-11-25 16:30")]) {
      w.clock.t = t;
      await runner.runEndOfDay(t);
    }
    expect(w.poster.posts.map((p) => p.text.split("\n")[0])).toEqual([
      "Alert #2: The IWM/SPY line crossed above its 50-session average",
    ]);
    const list = await as("/alert list");
    expect(list.fallback).toContain("missed 24 Nov 2026 (2,510.00): the bot was not running that session");
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }, 60_000);
});
