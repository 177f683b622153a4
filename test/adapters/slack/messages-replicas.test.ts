/**
 * GIVEN two replicas of the Slack app (HTTP mode) sharing one store file, as two processes behind a
 * load balancer share Redis WHEN Slack delivers a mention to one and its retry to the other, at
 * the same moment THEN the message is answered once.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningSlack, startSlack } from "../../../src/adapters/slack/index.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import type { Services } from "../../../src/core/dispatch.ts";
import { silentLogger } from "../../../src/core/ports.ts";
import { BOT_USER_ID, FakeSlack } from "../../fakes/slack/fake-slack.ts";
import { appMention, eventCallback, postEvent } from "../../fakes/slack/events.ts";
import { SIGNING_SECRET } from "../../fakes/slack/sign.ts";
import { BOT_TOKEN, testServices } from "./harness.ts";

describe("a mention reaching two replicas", () => {
  let fake: FakeSlack;
  let dir: string;
  const replicas: { slack: RunningSlack; services: Services }[] = [];
  beforeAll(async () => {
    fake = await new FakeSlack().start();
    dir = await mkdtemp(join(tmpdir(), "rotation-bot-replicas-"));
    for (let i = 0; i < 2; i++) {
      const base = await testServices(silentLogger);
      await base.store.close();
      // Each replica opens the shared file itself, as another process would.
      const services = {
        ...base,
        store: await createStore({ sqlitePath: join(dir, "shared.sqlite") }, silentLogger),
      };
      const slack = await startSlack(
        { mode: "http", port: 0, apiUrl: fake.apiUrl, botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET },
        services,
      );
      replicas.push({ slack, services });
    }
  });
  afterAll(async () => {
    for (const r of replicas) {
      await r.slack.stop();
      await r.services.store.close();
    }
    await fake.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("answers once", async () => {
    const body = eventCallback(appMention({ text: `<@${BOT_USER_ID}> rotation 1m`, channel: "C0REPLICAS" }));
    const [a, b] = replicas.map((r) => `http://127.0.0.1:${r.slack.port}`) as [string, string];
    const statuses = await Promise.all([postEvent(a, body), postEvent(b, body, 1)]);
    expect(statuses.map((s) => s.status)).toEqual([200, 200]);
    await fake.waitFor(
      () => fake.callsTo("chat.postMessage").some((c) => c.params.channel === "C0REPLICAS"),
      15_000,
      "the answer",
    );
    await Promise.all(replicas.map((r) => r.slack.idle()));
    expect(fake.callsTo("chat.postMessage").filter((c) => c.params.channel === "C0REPLICAS")).toHaveLength(1);
  });
});
