/**
 * The data sources as this process's own requests found them: when the last one succeeded, and
 * when and why the last one failed. Read from the record, never by asking the sources now.
 */
import type { Field, Tone } from "../../reply.ts";
import { whenAgo } from "../describe.ts";
import type { StatusProvider } from "../sections.ts";
import type { SourceReport } from "../source-health.ts";

export const sourcesSection: StatusProvider = {
  id: "sources",
  title: "Data sources",
  collect({ status, now }) {
    const reports = status.health.report();
    const fields: Field[] =
      reports.length === 0
        ? [{ label: "Sources", value: "none used by this process (local data only)" }]
        : reports.map((r) => ({ label: r.name, value: describe(r, now), tone: tone(r) }));
    return { title: "Data sources", fields, data: { sources: reports.map((r) => ({ ...r, ok: isOk(r) })) } };
  },
};

/** True when the last request succeeded, false when it failed, undefined before any. */
function isOk(r: SourceReport): boolean | undefined {
  if (r.lastSuccessAt === undefined && r.lastFailureAt === undefined) return undefined;
  return (r.lastSuccessAt ?? -1) >= (r.lastFailureAt ?? -1);
}

function tone(r: SourceReport): Tone {
  const ok = isOk(r);
  return ok === undefined ? "neutral" : ok ? "positive" : "negative";
}

function describe(r: SourceReport, now: number): string {
  const ok = isOk(r);
  if (ok === undefined) return "not asked yet since the bot started";
  if (ok) {
    const failed =
      r.lastFailureAt === undefined
        ? ""
        : `; last failure ${whenAgo(r.lastFailureAt, now)}: ${r.lastError ?? ""}`;
    return `OK: last request succeeded ${whenAgo(r.lastSuccessAt as number, now)}${failed}`;
  }
  const since =
    r.lastSuccessAt === undefined
      ? "no request has succeeded since the bot started"
      : `last success ${whenAgo(r.lastSuccessAt, now)}`;
  return `FAILING: last request failed ${whenAgo(r.lastFailureAt as number, now)}: ${r.lastError ?? "no reason recorded"}; ${since}`;
}
