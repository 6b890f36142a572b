/**
 * Cosine-similarity maps as pictures: one RGBA pixel per (i, j), coloured
 * through a 256-entry lookup table. The map is 8-bit, so each block needs
 * only a 256-entry code -> colour table and the loop is a copy.
 */
import type { Quantized } from '../../src/protocol';
import { lutIndex } from './positionsColor';

/** RGBA pixels (`rows x rows x 4`) of a `[rows, rows]` similarity map. */
export function heatmapPixels(q: Quantized, lut: Uint8ClampedArray): Uint8ClampedArray<ArrayBuffer> {
  const n = q.data.length;
  const out = new Uint8ClampedArray(n * 4);
  // One 32-bit write per pixel; the words hold the LUT's bytes as they are, so byte order does not matter.
  const words = new Uint32Array(out.buffer);
  const lutWords = new Uint32Array(lut.buffer, lut.byteOffset, lut.length / 4);
  const codes = q.data instanceof Uint8Array ? 256 : 65536;
  const entry = new Uint32Array(codes);
  for (let b = 0; b * q.block < n; b++) {
    for (let c = 0; c < codes; c++) entry[c] = lutWords[lutIndex(q.offsets[b] + c * q.scales[b])];
    const to = Math.min(n, (b + 1) * q.block);
    for (let i = b * q.block; i < to; i++) words[i] = entry[q.data[i]];
  }
  return out;
}

/** The cell `(i, j)` (row, column) under pixel `(px, py)` of a map drawn `size` pixels square, or undefined outside. */
export function heatmapCell(px: number, py: number, size: number, rows: number): { i: number; j: number } | undefined {
  if (!(size > 0) || px < 0 || py < 0 || px >= size || py >= size) return undefined;
  return { i: Math.floor((py / size) * rows), j: Math.floor((px / size) * rows) };
}

/** First and last used position, or undefined when none is in `[0, rows)`. */
export function usedRange(used: readonly number[], rows: number): { from: number; to: number } | undefined {
  const inside = used.filter((p) => p >= 0 && p < rows);
  if (inside.length === 0) return undefined;
  return { from: Math.min(...inside), to: Math.max(...inside) };
}

/** Tick positions for a map's axes: about `count` round numbers in `[0, rows)`. */
export function heatmapTicks(rows: number, count = 5): number[] {
  if (rows <= 1) return [0];
  const raw = (rows - 1) / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = 0; t < rows; t += step) ticks.push(t);
  return ticks;
}
