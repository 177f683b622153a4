/** A fetch that reports each request to an upstream provider: outcome and time to the answer's headers. */
import { type Metrics, type UpstreamProvider, upstreamOutcome } from "../../core/metrics.ts";

export function measuredFetch(
  inner: typeof fetch,
  provider: UpstreamProvider,
  metrics: Metrics,
): typeof fetch {
  return async (input, init) => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const res = await inner(input, init);
      metrics.upstream({ provider, outcome: upstreamOutcome(res.status), seconds: seconds() });
      return res;
    } catch (err) {
      const name = (err as { name?: unknown } | null)?.name;
      const timedOut = name === "TimeoutError" || name === "AbortError";
      metrics.upstream({ provider, outcome: timedOut ? "timeout" : "network", seconds: seconds() });
      throw err;
    }
  };
}
