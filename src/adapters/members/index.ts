/** Member lists for breadth: build one from the configured sources. */
import type { Clock, Logger, Store } from "../../core/ports.ts";
import type { SourceHealth } from "../../core/status/source-health.ts";
import { HoldingsMemberLists } from "./member-lists.ts";
import { type MemberSourcesConfig, memberSources } from "./sources.ts";

export { HoldingsMemberLists, MEMBERS_NAMESPACE } from "./member-lists.ts";
export { type MemberSource, type MemberSourcesConfig, memberSources, sourceName } from "./sources.ts";

export function createMemberLists(
  config: MemberSourcesConfig,
  deps: {
    store: Store;
    clock: Clock;
    logger: Logger;
    fetch?: typeof fetch;
    timeoutMs?: number;
    health?: SourceHealth;
  },
): HoldingsMemberLists {
  return new HoldingsMemberLists({ sources: memberSources(config), ...deps });
}
