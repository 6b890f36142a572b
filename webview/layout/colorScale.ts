/**
 * Colours for weight maps. A weight is drawn as the theme's accent colour
 * with an opacity that grows with the weight, so 0 is the panel background
 * and 1 the full accent in every theme (light, dark, high contrast). The
 * opacity follows a square root: attention is heavy-tailed, and on a linear
 * ramp everything but the few largest weights would vanish.
 */
import { color, hcl } from 'd3-color';

export type Rgb = readonly [number, number, number];

/** Entries in a lookup table: weights are binned to bytes. */
export const LUT_SIZE = 256;

/** Used when a CSS colour cannot be parsed (VS Code's default chart blue). */
export const FALLBACK_ACCENT: Rgb = [55, 148, 255];

/** Parses any CSS colour (`#3794ff`, `rgb(…)`, a name); `undefined` when it is not one. */
export function parseColor(css: string): Rgb | undefined {
  const c = color(css.trim());
  if (!c) return undefined;
  const { r, g, b } = c.rgb();
  return [Math.round(r), Math.round(g), Math.round(b)];
}

/** Opacity (0–1) of weight bin `i` of `LUT_SIZE`. */
export function rampAlpha(i: number, gamma = 0.5): number {
  return Math.pow(Math.min(LUT_SIZE - 1, Math.max(0, i)) / (LUT_SIZE - 1), gamma);
}

/** RGBA bytes for each of the 256 weight bins: the accent, bin 0 transparent, bin 255 opaque. */
export function weightLut(accent: Rgb, gamma = 0.5): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let i = 0; i < LUT_SIZE; i++) {
    lut.set([accent[0], accent[1], accent[2], Math.round(rampAlpha(i, gamma) * 255)], i * 4);
  }
  return lut;
}

/** The bin of weight `v` on the scale `[0, vmax]` (values outside are clamped). */
export function weightBin(v: number, vmax: number): number {
  if (!(vmax > 0) || !(v > 0)) return 0;
  return Math.min(LUT_SIZE - 1, Math.round((v / vmax) * (LUT_SIZE - 1)));
}

/**
 * One colour per head, evenly spaced hues at a middle lightness, so they
 * differ from each other and read on both light and dark backgrounds.
 */
export function headColors(heads: number): string[] {
  return Array.from({ length: heads }, (_, h) => hcl((h * 360) / Math.max(1, heads) + 20, 65, 58).formatHex());
}
