/**
 * Colours of the Positions tab: a sequential scale for position indices and
 * a 256-entry diverging lookup table for cosine similarity in [-1, 1].
 */
import { rgb } from 'd3-color';
import { interpolateRdBu, interpolateViridis } from 'd3-scale-chromatic';

/**
 * Position `t` in [0, 1] as a viridis colour. The end that vanishes into the
 * background is cut off: the yellow end on light themes, the near-black
 * purple on dark ones.
 */
export function sequentialColor(t: number, dark: boolean): string {
  const u = Math.min(1, Math.max(0, t));
  return interpolateViridis(dark ? 0.2 + 0.8 * u : 0.88 * u);
}

/** Colour of position `index` of `rows`. */
export function positionColor(index: number, rows: number, dark: boolean): string {
  return sequentialColor(rows > 1 ? index / (rows - 1) : 0, dark);
}

const palettes = new Map<string, string[]>();

/** Colours of positions `0 .. rows-1`, computed once per size and theme (a 514-point redraw would otherwise format 514 colours). */
export function positionPalette(rows: number, dark: boolean): readonly string[] {
  const key = `${rows}:${dark}`;
  let p = palettes.get(key);
  if (!p) {
    p = Array.from({ length: rows }, (_, i) => positionColor(i, rows, dark));
    palettes.set(key, p);
  }
  return p;
}

/** `n` evenly spaced colours of the sequential scale, for a gradient legend. */
export function sequentialStops(n: number, dark: boolean): { offset: number; color: string }[] {
  return Array.from({ length: n }, (_, i) => {
    const offset = n > 1 ? i / (n - 1) : 0;
    return { offset, color: sequentialColor(offset, dark) };
  });
}

/**
 * RGBA for 256 levels from -1 (entry 0, blue) through 0 (white) to +1
 * (entry 255, red): RdBu reversed so that "similar" reads warm.
 */
export function divergingLut(): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(256 * 4);
  for (let i = 0; i < 256; i++) {
    const c = rgb(interpolateRdBu(1 - i / 255));
    lut.set([c.r, c.g, c.b, 255], i * 4);
  }
  return lut;
}

/** The LUT entry of a cosine value (clamped to [-1, 1]). */
export function lutIndex(value: number): number {
  const v = Number.isFinite(value) ? Math.min(1, Math.max(-1, value)) : 0;
  return Math.round(((v + 1) / 2) * 255);
}

/** CSS colour of a cosine value, for legends and SVG exports. */
export function divergingColor(value: number): string {
  return interpolateRdBu(1 - lutIndex(value) / 255);
}
