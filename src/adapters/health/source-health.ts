/** SourceHealth kept in this process's memory: what its own requests found. */
import type { Clock } from "../../core/ports.ts";
import type { SourceHealth, SourceReport } from "../../core/status/source-health.ts";

/** Longest failure sentence kept (they are ours, but may quote a status text). */
const MAX_SENTENCE = 300;

export class MemorySourceHealth implements SourceHealth {
  readonly #clock: Clock;
  readonly #sources = new Map<string, SourceReport>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  register(id: string, name: string): void {
    const known = this.#sources.get(id);
    if (known) known.name = name;
    else this.#sources.set(id, { id, name, successes: 0, failures: 0 });
  }

  succeeded(id: string, name?: string): void {
    const source = this.#entry(id, name);
    source.successes++;
    source.lastSuccessAt = this.#clock.now();
  }

  failed(id: string, sentence: string, name?: string): void {
    const source = this.#entry(id, name);
    source.failures++;
    source.lastFailureAt = this.#clock.now();
    source.lastError = sentence.length > MAX_SENTENCE ? `${sentence.slice(0, MAX_SENTENCE - 1)}…` : sentence;
  }

  report(): SourceReport[] {
    return [...this.#sources.values()].map((s) => ({ ...s }));
  }

  #entry(id: string, name: string | undefined): SourceReport {
    let source = this.#sources.get(id);
    if (!source) {
      source = { id, name: name ?? id, successes: 0, failures: 0 };
      this.#sources.set(id, source);
    } else if (name) source.name = name;
    return source;
  }
}
