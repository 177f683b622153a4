/**
 * GIVEN an admin-only command THEN the app asks Slack (users.info) whether the user is a
 * workspace admin and tells the command; other commands never pay for that lookup.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { buildManifest } from "../../../src/adapters/slack/manifest.ts";
import { commands as registry } from "../../../src/commands/index.ts";
import { defineCommand } from "../../../src/core/command.ts";
import { makeReply } from "../../../src/core/reply.ts";
import { postSlashCommand } from "../../fakes/slack/sign.ts";
import { type SlackHarness, startHarness } from "./harness.ts";

const whoami = defineCommand<Record<string, never>>({
  name: "whoami",
  description: "test: says whether you are an admin",
  usage: "",
  examples: ["/whoami"],
  options: [],
  admin: true,
  parse: () => ({}),
  run: async (_args, ctx) =>
    makeReply([{ type: "text", text: `admin: ${ctx.requester.isAdmin}` }], {}, { visibility: "private" }),
});

describe("admin-only commands", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startHarness({ commands: [...registry, whoami] });
    h.fake.admins.add("U0ADMIN");
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => h.slack.idle());
  const answerTo = async (payload: Record<string, string>) => {
    await h.fake.waitFor(() =>
      h.fake.responses.some((r) => payload.response_url?.endsWith(`/response/${r.id}`)),
    );
    return String(
      h.fake.responses.find((r) => payload.response_url?.endsWith(`/response/${r.id}`))?.body.text,
    );
  };

  it("GIVEN a workspace admin THEN the command sees isAdmin true", async () => {
    const payload = h.payload("/whoami", "", { user_id: "U0ADMIN" });
    await postSlashCommand(h.appUrl, payload);
    expect(await answerTo(payload)).toBe("admin: true");
    expect(h.fake.callsTo("users.info").at(-1)?.params.user).toBe("U0ADMIN");
  });

  it("GIVEN anyone else THEN the command is refused privately before it runs", async () => {
    const payload = h.payload("/whoami", "", { user_id: "U0MEMBER" });
    await postSlashCommand(h.appUrl, payload);
    const answer = await answerTo(payload);
    expect(answer).toContain(
      "Only people who manage this channel can use /whoami: workspace admins and owners",
    );
    expect(answer).not.toContain("admin:");
    expect(h.fake.callsTo("chat.postMessage").some((c) => String(c.params.text).includes("whoami"))).toBe(
      false,
    );
  });

  it("GIVEN a command that is not admin-only THEN users.info is not called", async () => {
    const before = h.fake.callsTo("users.info").length;
    const payload = h.payload("/help");
    await postSlashCommand(h.appUrl, payload);
    await answerTo(payload);
    expect(h.fake.callsTo("users.info").length).toBe(before);
  });

  it("the manifest asks for users:read even without admin-only commands: the App Home checks who sees what", () => {
    expect(buildManifest([...registry, whoami], { mode: "socket" }).oauth_config.scopes.bot).toContain(
      "users:read",
    );
    expect(
      buildManifest(
        registry.filter((c) => !c.admin && !c.manages),
        { mode: "socket" },
      ).oauth_config.scopes.bot,
    ).toEqual(expect.arrayContaining(["users:read", "channels:read", "groups:read"]));
  });
});
