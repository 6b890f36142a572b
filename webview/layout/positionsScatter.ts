/**
 * 2-D scatter of position embeddings: pixel coordinates at one scale for
 * both axes (a projection's distances mean something, so it is not
 * stretched), which points the input uses, and the nearest positions of one
 * position by cosine similarity.
 */
import { scaleLinear, type ScaleLinear } from 'd3-scale';
import type { Quantized } from '../../src/protocol';
import { dequantizeAt } from '../../src/analysis/quantize';

export interface Box {
  width: number;
  height: number;
  /** Room for axes: top, right, bottom, left. */
  margin: { top: number; right: number; bottom: number; left: number };
}

export interface ScatterLayout {
  /** Pixel centre of each point. */
  x: Float32Array;
  y: Float32Array;
  xScale: ScaleLinear<number, number>;
  yScale: ScaleLinear<number, number>;
  /** Draw order: unused positions first, so the used ones stay on top. */
  order: Uint32Array;
}

/** [min, max] of every `stride`-th value from `at`; [0, 0] when empty or not finite. */
export function extent(values: ArrayLike<number>, stride: number, at: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = at; i < values.length; i += stride) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : [0, 0];
}

/** Widens the narrower extent so one data unit spans as many pixels on both axes. */
export function equalAspect(xs: [number, number], ys: [number, number], width: number, height: number): { x: [number, number]; y: [number, number] } {
  const pad = (e: [number, number]): [number, number] => (e[1] > e[0] ? e : [e[0] - 1, e[1] + 1]);
  const x = pad(xs);
  const y = pad(ys);
  const perPixel = Math.max((x[1] - x[0]) / Math.max(1, width), (y[1] - y[0]) / Math.max(1, height));
  const grow = (e: [number, number], px: number): [number, number] => {
    const mid = (e[0] + e[1]) / 2;
    const half = (perPixel * Math.max(1, px)) / 2;
    return [mid - half, mid + half];
  };
  return { x: grow(x, width), y: grow(y, height) };
}

/** A 0/1 mask of the positions in `used` (ids outside `[0, rows)` are ignored). */
export function usedMask(used: readonly number[], rows: number): Uint8Array {
  const mask = new Uint8Array(rows);
  for (const p of used) if (Number.isInteger(p) && p >= 0 && p < rows) mask[p] = 1;
  return mask;
}

/** Lays out `rows` points given as `rows x 2` row-major in `box`. */
export function scatterLayout(points: Float32Array, rows: number, used: readonly number[], box: Box): ScatterLayout {
  const { margin } = box;
  const w = Math.max(1, box.width - margin.left - margin.right);
  const h = Math.max(1, box.height - margin.top - margin.bottom);
  const d = equalAspect(extent(points, 2, 0), extent(points, 2, 1), w, h);
  const xScale = scaleLinear().domain(d.x).range([margin.left, margin.left + w]);
  const yScale = scaleLinear().domain(d.y).range([margin.top + h, margin.top]);
  const x = new Float32Array(rows);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    x[r] = xScale(points[r * 2]);
    y[r] = yScale(points[r * 2 + 1]);
  }
  const mask = usedMask(used, rows);
  const order = new Uint32Array(rows);
  let k = 0;
  for (let r = 0; r < rows; r++) if (!mask[r]) order[k++] = r;
  for (let r = 0; r < rows; r++) if (mask[r]) order[k++] = r;
  return { x, y, xScale, yScale, order };
}

/** The point nearest `(px, py)` within `radius` pixels, or -1. */
export function pickPoint(x: Float32Array, y: Float32Array, px: number, py: number, radius: number): number {
  let best = -1;
  let bestD = radius * radius;
  for (let i = 0; i < x.length; i++) {
    const dx = x[i] - px;
    const dy = y[i] - py;
    const d = dx * dx + dy * dy;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

export interface Neighbour {
  index: number;
  similarity: number;
}

/** The `k` positions most cosine-similar to `index` (itself excluded), most similar first; ties by index. */
export function nearestPositions(similarity: Quantized, index: number, k = 5): Neighbour[] {
  const rows = similarity.dims[0];
  if (!(index >= 0 && index < rows)) return [];
  const all: Neighbour[] = [];
  for (let j = 0; j < rows; j++) if (j !== index) all.push({ index: j, similarity: dequantizeAt(similarity, index * rows + j) });
  all.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
  return all.slice(0, k);
}

/** Axis title of principal component `n` (1-based) with the share of variance it explains. */
export function pcTitle(n: number, explainedVariance: readonly number[]): string {
  const v = explainedVariance[n - 1];
  return Number.isFinite(v) ? `PC${n} (${(v * 100).toFixed(1)}% of variance)` : `PC${n}`;
}
