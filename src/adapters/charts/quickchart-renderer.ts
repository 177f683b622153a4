/**
 * ChartRenderer through a QuickChart service (quickchart.io or a self-hosted one) with quickchart-js.
 * It receives the same JSON chart.js configuration the local renderer draws, minus the local-only
 * plugins: quadrant names and reference labels appear in its legend instead.
 */
import quickchartModule from "quickchart-js";
import type { ChartSpec } from "../../core/chart-spec.ts";
import { raceSignal, remainingMs } from "../../core/deadline.ts";
import type { CallOptions, ChartRenderer } from "../../core/ports.ts";
import type { ChartImage } from "../../core/reply.ts";
import { chartSize, toChartJsConfig } from "./chartjs-config.ts";
import { pngSize } from "./png.ts";
import { THEME } from "./theme.ts";

type QuickChartClass = typeof quickchartModule.default;
/**
 * The package's types describe its CommonJS build (class under `.default`); Node loads its ESM build,
 * whose default export is the class itself. Take whichever is there.
 */
const QuickChart: QuickChartClass =
  (quickchartModule as { default?: QuickChartClass }).default ??
  (quickchartModule as unknown as QuickChartClass);

export interface QuickChartOptions {
  /** e.g. https://quickchart.io, or http://charts.internal:3400/quickchart for a self-hosted one. */
  url: URL;
  apiKey?: string;
  /** Default 10 s. */
  timeoutMs?: number;
  devicePixelRatio?: number;
}

export class QuickChartRenderer implements ChartRenderer {
  readonly name = "QuickChart";
  readonly #host: string;
  readonly #scheme: string;
  readonly #apiKey: string | undefined;
  readonly #timeoutMs: number;
  readonly #devicePixelRatio: number;

  constructor(options: QuickChartOptions) {
    const { url } = options;
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new Error(`QuickChart URL must be http or https, got ${url.protocol}`);
    }
    this.#scheme = url.protocol.slice(0, -1);
    // quickchart-js posts to `${scheme}://${host}/chart`: a path prefix rides along in the host.
    // url.host keeps the port and leaves out any user:password.
    this.#host = `${url.host}${url.pathname.replace(/\/+$/, "")}`;
    this.#apiKey = options.apiKey;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#devicePixelRatio = options.devicePixelRatio ?? 1;
  }

  /** What errors call the service: its address without credentials. */
  get service(): string {
    return `QuickChart at ${this.#scheme}://${this.#host}`;
  }

  async render(spec: ChartSpec, options: CallOptions = {}): Promise<ChartImage> {
    const { width, height } = chartSize(spec);
    const chart = new QuickChart(this.#apiKey)
      .setHost(this.#host)
      .setScheme(this.#scheme)
      // A string is sent as is; an object would go through javascript-stringify.
      .setConfig(JSON.stringify(toChartJsConfig(spec)))
      .setWidth(width)
      .setHeight(height)
      .setBackgroundColor(THEME.background)
      .setDevicePixelRatio(this.#devicePixelRatio)
      .setFormat("png")
      .setVersion("4");

    let png: Uint8Array;
    const waited = options.waiting?.({ source: this.name });
    try {
      const timeoutMs = Math.max(0, Math.min(this.#timeoutMs, remainingMs(options.deadline)));
      png = await raceSignal(this.#withTimeout(chart.toBinary(), timeoutMs), options.signal);
    } catch (err) {
      throw new Error(
        `${this.service} failed: ${this.#redact(err instanceof Error ? err.message : String(err))}`,
      );
    } finally {
      waited?.();
    }
    const size = pngSize(png);
    if (!size) {
      throw new Error(`${this.service} answered with something other than a PNG (${png.length} bytes)`);
    }
    return { png, ...size };
  }

  /** quickchart-js takes no abort signal: stop waiting, and let the socket end on its own. */
  #withTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  }

  #redact(message: string): string {
    const key = this.#apiKey;
    return key ? message.split(key).join("[key]") : message;
  }
}
