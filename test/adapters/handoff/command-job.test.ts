/**
 * Job ids of commands: any command id (trigger_id, interaction id, a hashed body) gives an id
 * BullMQ accepts (no ':', not an integer), the same one for every redelivery, and a different one
 * per platform and per command.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jobIdOf, slackCommandId } from "../../../src/adapters/handoff/command-job.ts";

describe("command job ids", () => {
  it("are accepted by BullMQ and stable for any command id", () => {
    fc.assert(
      fc.property(fc.constantFrom("slack" as const, "discord" as const), fc.string(), (platform, id) => {
        const jobId = jobIdOf(platform, id);
        expect(jobId).not.toContain(":");
        expect(`${Number.parseInt(jobId, 10)}`).not.toBe(jobId);
        expect(jobIdOf(platform, id)).toBe(jobId);
        expect(jobId.startsWith(`${platform}-`)).toBe(true);
      }),
    );
  });

  it("differ between commands and between platforms", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        fc.pre(a !== b);
        expect(jobIdOf("slack", a)).not.toBe(jobIdOf("slack", b));
        expect(jobIdOf("slack", a)).not.toBe(jobIdOf("discord", a));
      }),
    );
  });

  it("use Slack's trigger_id, else a hash of the command's response_url", () => {
    expect(slackCommandId("123.456.abc", "https://hooks.slack.com/commands/T1/1/x")).toBe("123.456.abc");
    const byUrl = slackCommandId(undefined, "https://hooks.slack.com/commands/T1/1/x");
    expect(byUrl).toMatch(/^url-[0-9a-f]{64}$/);
    expect(byUrl).not.toContain("hooks.slack.com");
    expect(slackCommandId(undefined, "https://hooks.slack.com/commands/T1/2/y")).not.toBe(byUrl);
  });
});
