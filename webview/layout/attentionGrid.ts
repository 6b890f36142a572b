/**
 * The model view: every layer x head as a small heatmap, layers down, heads
 * across, drawn from the 8-bit thumbnails that come with the analysis. Each
 * thumbnail is quantized on its own range, so its bytes are already bins of
 * the colour table: a map shows its own pattern, not its scale.
 */
import { dequantizeAt } from '../../src/analysis/quantize';
import type { Quantized } from '../../src/protocol';
import { LUT_SIZE } from './colorScale';

export interface GridLayout {
  layers: number;
  heads: number;
  /** Side of a thumbnail, pixels. */
  cell: number;
  gap: number;
  /** Room for the layer labels (left) and head labels (top). */
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Fits `heads` thumbnails across `width` pixels (each between `min` and `max` pixels). */
export function layoutGrid(layers: number, heads: number, width: number, min = 20, max = 96): GridLayout {
  const left = 36;
  const top = 20;
  const gap = 4;
  const cell = Math.max(min, Math.min(max, Math.floor((width - left) / Math.max(1, heads)) - gap));
  return { layers, heads, cell, gap, left, top, width: left + heads * (cell + gap), height: top + layers * (cell + gap) };
}

export function cellBox(g: GridLayout, layer: number, head: number): { x: number; y: number; size: number } {
  return { x: g.left + head * (g.cell + g.gap), y: g.top + layer * (g.cell + g.gap), size: g.cell };
}

/** The thumbnail under a point, or `undefined` (also in the gaps). */
export function gridHit(g: GridLayout, x: number, y: number): { layer: number; head: number } | undefined {
  const step = g.cell + g.gap;
  const head = Math.floor((x - g.left) / step);
  const layer = Math.floor((y - g.top) / step);
  if (head < 0 || layer < 0 || head >= g.heads || layer >= g.layers) return undefined;
  if (x - g.left - head * step >= g.cell || y - g.top - layer * step >= g.cell) return undefined;
  return { layer, head };
}

/**
 * All thumbnails as one RGBA atlas, `heads * t` wide and `layers * t` high
 * (thumbnail `(l, h)` at `(h * t, l * t)`), so the grid paints with one
 * `putImageData` and a `drawImage` per cell.
 */
export function thumbAtlas(thumbs: Quantized, lut: Uint8ClampedArray): { width: number; height: number; pixels: Uint8ClampedArray } {
  const [layers, heads, t] = thumbs.dims;
  const width = heads * t;
  const height = layers * t;
  const px = new Uint8ClampedArray(width * height * 4);
  const k = (LUT_SIZE - 1) / (thumbs.data instanceof Uint8Array ? 255 : 65535);
  for (let l = 0; l < layers; l++) {
    for (let h = 0; h < heads; h++) {
      const at = (l * heads + h) * t * t;
      for (let r = 0; r < t; r++) {
        for (let c = 0; c < t; c++) {
          const b = Math.round(thumbs.data[at + r * t + c] * k) * 4;
          const o = ((l * t + r) * width + h * t + c) * 4;
          px[o] = lut[b];
          px[o + 1] = lut[b + 1];
          px[o + 2] = lut[b + 2];
          px[o + 3] = lut[b + 3];
        }
      }
    }
  }
  return { width, height, pixels: px };
}

/** The grid cursor after a key press, or `undefined` for a key that does not move it. */
export function moveThumb(at: { layer: number; head: number }, key: string, layers: number, heads: number): { layer: number; head: number } | undefined {
  const clamp = (v: number, n: number) => Math.max(0, Math.min(n - 1, v));
  const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  if (key === 'Home') return { layer: at.layer, head: 0 };
  if (key === 'End') return { layer: at.layer, head: heads - 1 };
  const m = moves[key];
  return m ? { layer: clamp(at.layer + m[0], layers), head: clamp(at.head + m[1], heads) } : undefined;
}

export function gridAriaLabel(layers: number, heads: number): string {
  return `Attention of all ${layers} layers x ${heads} heads as small maps, layers down, heads across. Arrow keys move between maps; Enter opens one as a matrix.`;
}

/** The JSON export: every thumbnail's pooled weights, rounded to 4 decimals. */
export function thumbsJson(thumbs: Quantized, window: number): object {
  const [layers, heads, t] = thumbs.dims;
  const maps: number[][][][] = [];
  for (let l = 0; l < layers; l++) {
    const row: number[][][] = [];
    for (let h = 0; h < heads; h++) {
      const at = (l * heads + h) * t * t;
      const m: number[][] = [];
      for (let r = 0; r < t; r++) m.push(Array.from({ length: t }, (_, c) => Math.round(dequantizeAt(thumbs, at + r * t + c) * 1e4) / 1e4));
      row.push(m);
    }
    maps.push(row);
  }
  return { window, layers, heads, thumbSize: t, note: 'each map mean-pooled to thumbSize x thumbSize', maps };
}
