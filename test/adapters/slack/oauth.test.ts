/**
 * GIVEN installing into many workspaces (OAuth) THEN installations live in our Store, and each
 * workspace's commands are answered with that workspace's own bot token.
 */

import type { Installation } from "@slack/bolt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { postReply } from "../../../src/adapters/slack/index.ts";
import {
  INSTALLATIONS_NAMESPACE,
  StoreInstallationStore,
} from "../../../src/adapters/slack/installation-store.ts";
import { buildManifest } from "../../../src/adapters/slack/manifest.ts";
import { createStore } from "../../../src/adapters/store/create-store.ts";
import { silentLogger } from "../../../src/core/ports.ts";
import { makeReply } from "../../../src/core/reply.ts";
import { TEAM_ID } from "../../fakes/slack/fake-slack.ts";
import { postSlashCommand } from "../../fakes/slack/sign.ts";
import { type SlackHarness, startHarness } from "./harness.ts";

const INSTALLED_TOKEN = "xoxb-9999-installed-token";

function installation(teamId: string, token: string): Installation<"v2", false> {
  return {
    team: { id: teamId, name: "Fake" },
    enterprise: undefined,
    user: { id: "U0INSTALLER", token: undefined, scopes: undefined },
    bot: { token, scopes: ["commands", "chat:write", "files:write"], id: "BBOT0001", userId: "UBOT0001" },
    appId: "A0000001",
    tokenType: "bot",
    isEnterpriseInstall: false,
    authVersion: "v2",
  };
}

describe("StoreInstallationStore", () => {
  it("stores, fetches and deletes one installation per workspace", async () => {
    const store = await createStore({ sqlitePath: ":memory:" }, silentLogger);
    const installations = new StoreInstallationStore(store);
    await installations.storeInstallation(installation("T1", "xoxb-one"));
    await installations.storeInstallation(installation("T2", "xoxb-two"));
    const query = { teamId: "T2", enterpriseId: undefined, isEnterpriseInstall: false } as const;
    expect((await installations.fetchInstallation(query)).bot?.token).toBe("xoxb-two");
    expect(await store.get(INSTALLATIONS_NAMESPACE, "team:T1")).toMatchObject({ team: { id: "T1" } });
    await installations.deleteInstallation(query);
    await expect(installations.fetchInstallation(query)).rejects.toThrow(/no installation for team:T2/);
    await store.close();
  });

  it("keys org-wide installs by enterprise", async () => {
    const store = await createStore({ sqlitePath: ":memory:" }, silentLogger);
    const installations = new StoreInstallationStore(store);
    const org = {
      ...installation("T1", "xoxb-org"),
      team: undefined,
      enterprise: { id: "E1" },
      isEnterpriseInstall: true,
    };
    await installations.storeInstallation(org as unknown as Installation);
    const found = await installations.fetchInstallation({
      teamId: undefined,
      enterpriseId: "E1",
      isEnterpriseInstall: true,
    });
    expect(found.bot?.token).toBe("xoxb-org");
    await store.close();
  });
});

describe("Slack app with OAuth installs (HTTP mode)", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({
      mode: "http",
      config: {
        botToken: undefined,
        oauth: {
          clientId: "111.222",
          clientSecret: "client-secret-x",
          stateSecret: "state-secret-long-random",
        },
      },
      before: (services) =>
        new StoreInstallationStore(services.store).storeInstallation(installation(TEAM_ID, INSTALLED_TOKEN)),
    });
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => h.slack.idle());

  it("answers an installed workspace with its own bot token", async () => {
    const payload = h.payload("/rotation", "ytd", { channel_id: "C0OAUTH" });
    expect((await postSlashCommand(h.appUrl, payload)).status).toBe(200);
    await h.fake.waitFor(
      () => h.fake.callsTo("chat.postMessage").some((c) => c.params.channel === "C0OAUTH"),
      15_000,
    );
    const post = h.fake.callsTo("chat.postMessage").find((c) => c.params.channel === "C0OAUTH");
    expect(post?.token).toBe(INSTALLED_TOKEN);
  });

  it("GIVEN a workspace with no installation THEN nothing is posted and the user is told privately why", async () => {
    const payload = h.payload("/rotation", "ytd", { channel_id: "C0STRANGER", team_id: "T0UNKNOWN" });
    expect((await postSlashCommand(h.appUrl, payload)).status).toBe(200);
    const mine = () => h.fake.responses.filter((r) => payload.response_url?.endsWith(`/response/${r.id}`));
    await h.fake.waitFor(() => mine().length > 0, 5000, "the not-installed note");
    expect(mine()[0]?.body).toMatchObject({ response_type: "ephemeral" });
    expect(String(mine()[0]?.body.text)).toMatch(/not installed in this workspace/);
    await h.slack.idle();
    expect(h.fake.callsTo("chat.postMessage").some((c) => c.params.channel === "C0STRANGER")).toBe(false);
  });

  it("clientFor(team) posts a Reply (e.g. the morning brief) with that workspace's token", async () => {
    const client = await h.slack.clientFor(TEAM_ID);
    const reply = makeReply([{ type: "title", text: "Morning brief" }], {});
    const result = await postReply(client, { channel: "C0BRIEF" }, reply);
    expect(result.ok).toBe(true);
    expect(h.fake.callsTo("chat.postMessage").find((c) => c.params.channel === "C0BRIEF")?.token).toBe(
      INSTALLED_TOKEN,
    );
    await expect(h.slack.clientFor("T0UNKNOWN")).rejects.toThrow(/no installation/);
  });

  it("serves the install link, asking Slack for exactly our scopes", async () => {
    const res = await fetch(`${h.appUrl}/slack/install`, { redirect: "manual" });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location") ?? "");
    expect(location.searchParams.get("client_id")).toBe("111.222");
    // The same list the manifest asks for.
    const manifest = buildManifest(h.services.commands, { mode: "socket" });
    expect(location.searchParams.get("scope")?.split(",").sort()).toEqual(
      [...manifest.oauth_config.scopes.bot].sort(),
    );
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(["commands", "chat:write", "files:write"]),
    );
  });
});
