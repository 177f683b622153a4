/**
 * Colours, fonts and sizes shared by both renderers. Charts are drawn on an opaque white card with
 * their own dark text, so they read the same on light and dark chat themes.
 */

export const FONT_FAMILY = "DejaVu Sans";

export const THEME = {
  background: "#ffffff",
  text: "#1b1f24",
  mutedText: "#4b535c",
  grid: "#e4e7eb",
  axisLine: "#9aa1a9",
  reference: "#6b7280",
} as const;

/** Sizes in CSS pixels at 800 px width: still legible when a chat client shrinks it to ~400 px. */
export const FONT_SIZE = { title: 24, subtitle: 17, axisTitle: 16, tick: 16, legend: 17, note: 17 } as const;

export const DEFAULT_WIDTH = 800;
export const DEFAULT_HEIGHT = 400;
/** Guards against a spec asking for an image the renderer cannot hold in memory. */
export const MAX_SIDE = 4000;

/**
 * Okabe-Ito colours (designed to stay apart for colour-blind readers), ordered by contrast on white;
 * its yellow is left out because it vanishes on a white card.
 */
export const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#3b3b3b", "#E69F00", "#56B4E9"] as const;

/** Dash patterns, cycled when colours run out so that two series never look alike. */
export const DASHES: readonly (readonly number[])[] = [[], [10, 6], [3, 4], [14, 4, 3, 4]];
export const DASHED = [10, 6] as const;

/** Relative-rotation quadrants in the order of the spec's labels: top-right, then clockwise. */
export const QUADRANT_TINTS = [
  { fill: "rgba(0, 158, 115, 0.10)", text: "#00704f" },
  { fill: "rgba(230, 159, 0, 0.12)", text: "#8a5a00" },
  { fill: "rgba(213, 94, 0, 0.10)", text: "#9c3f00" },
  { fill: "rgba(0, 114, 178, 0.10)", text: "#005080" },
] as const;

export function seriesColour(index: number): string {
  return PALETTE[index % PALETTE.length] ?? PALETTE[0];
}

/** Solid unless the spec asks for dashed; once the palette wraps, dashes tell repeats apart. */
export function seriesDash(index: number, dashed: boolean): number[] {
  if (dashed) return [...DASHED];
  const round = Math.floor(index / PALETTE.length);
  return [...(DASHES[round % DASHES.length] ?? [])];
}

/** "#0072B2" + 0.45 -> "rgba(0, 114, 178, 0.45)". */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
