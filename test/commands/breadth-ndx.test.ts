// /breadth NDX and /leaders NDX over members from a fake Invesco publisher on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemberLists, MEMBERS_NAMESPACE } from "../../src/adapters/members/index.ts";
import { dispatchText } from "../../src/core/dispatch.ts";
import { silentLogger } from "../../src/core/ports.ts";
import {
  type HoldingsServer,
  invescoFile,
  startHoldingsServer,
} from "../adapters/members/holdings-server.ts";
import { footerOf } from "./breadth-helpers.ts";
import { csvContext, memoryStore } from "./helpers.ts";

const MEMBERS = ["DLTW", "CSKY", "RUSHA", "KLNR", "BRVX"].map((ticker) => ({
  ticker,
  name: `${ticker} Inc`,
  sector: "Information Technology",
  weight: "20.0",
}));

let server: HoldingsServer;
beforeEach(async () => {
  await memoryStore.delete(MEMBERS_NAMESPACE, "NDX");
  server = await startHoldingsServer(invescoFile("01/12/2026", MEMBERS));
});
afterEach(() => server.close());

function ask(text: string) {
  const ctx = csvContext("2026-01-13");
  const url = `${server.url.split("/us/")[0]}/holdings?action=download&ticker=QQQ`;
  const members = createMemberLists(
    { urls: { NDX: url } },
    { store: memoryStore, clock: ctx.clock, logger: silentLogger },
  );
  return dispatchText(text, { ...ctx, members });
}

describe("/breadth NDX with the Invesco list", () => {
  it("THEN counts the five members and names the list's date and count", async () => {
    const reply = await ask("/breadth NDX --as-of 2026-01-13");
    expect(reply.kind).toBe("answer");
    const d = reply.data as { members: number; advancing: number; declining: number };
    expect([d.members, d.advancing, d.declining]).toEqual([5, 4, 1]);
    expect(footerOf(reply)).toContain("as of 12 Jan 2026, 5 listed");
  });

  it("GIVEN the publisher answers HTML and nothing is stored THEN the outage says what went wrong", async () => {
    server.answer(200, "<html><body>Not here</body></html>");
    const reply = await ask("/leaders NDX 5d");
    expect(reply.kind).toBe("outage");
    expect(reply.visibility).toBe("private");
    expect(reply.fallback).toContain(
      "Market data unavailable: the Nasdaq-100 member list could not be loaded: the holdings file from 127.0.0.1:",
    );
    expect(reply.fallback).toContain("an HTML page");
    expect(reply.fallback).not.toContain("ticker=");
  });
});
