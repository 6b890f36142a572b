/**
 * Zoom, pan, axis labels and the cell cursor of a square heatmap. The saved
 * zoom (`Zoom` in the UI state) is independent of the canvas size: `k` is the
 * scale and `x, y` are where the plot's corner sits, in units of the plot's
 * side (0 unzoomed, down to `1 - k`), so a restored panel of another size
 * shows the same cells.
 */
import type { Zoom } from '../state';

export const IDENTITY: Zoom = { k: 1, x: 0, y: 0 };

/** Most zoom: about four cells across the plot. */
export function maxZoom(n: number): number {
  return Math.max(1, n / 4);
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A zoom kept inside its limits: scale in `[1, maxZoom]`, no empty space beside the plot. */
export function clampZoom(z: Zoom, n: number): Zoom {
  const k = clamp(Number.isFinite(z.k) ? z.k : 1, 1, maxZoom(n));
  return { k, x: clamp(Number.isFinite(z.x) ? z.x : 0, 1 - k, 0), y: clamp(Number.isFinite(z.y) ? z.y : 0, 1 - k, 0) };
}

/** Pixels of the plot on its canvas. */
export interface PlotBox {
  left: number;
  top: number;
  side: number;
}

/**
 * d3-zoom's transform (`screen = k * p + t` for canvas point `p`) from a saved zoom, and back.
 * The plot corner lands at `left + side * x`.
 */
export function toTransform(z: Zoom, box: PlotBox): { k: number; x: number; y: number } {
  return { k: z.k, x: box.side * z.x - (z.k - 1) * box.left, y: box.side * z.y - (z.k - 1) * box.top };
}

export function fromTransform(t: { k: number; x: number; y: number }, box: PlotBox): Zoom {
  return { k: t.k, x: (t.x + (t.k - 1) * box.left) / box.side, y: (t.y + (t.k - 1) * box.top) / box.side };
}

/** A cell's span along one axis, in pixels from the plot's edge. */
export function cellSpan(i: number, n: number, k: number, offset: number, side: number): { from: number; size: number } {
  const size = (side * k) / n;
  return { from: side * offset + i * size, size };
}

/** The row and column under a canvas point, or `undefined` outside the plot. */
export function cellAt(px: number, py: number, n: number, z: Zoom, box: PlotBox): { row: number; col: number } | undefined {
  const u = px - box.left;
  const v = py - box.top;
  if (u < 0 || v < 0 || u >= box.side || v >= box.side) return undefined;
  const size = (box.side * z.k) / n;
  const col = Math.floor((u - box.side * z.x) / size);
  const row = Math.floor((v - box.side * z.y) / size);
  return row >= 0 && col >= 0 && row < n && col < n ? { row, col } : undefined;
}

export interface Tick {
  index: number;
  /** The centre of the cell, in pixels from the plot's edge. */
  at: number;
}

/**
 * The labels that fit along one axis: those of visible cells, every
 * `stride`-th one so that labels are at least `minGap` pixels apart.
 */
export function visibleTicks(n: number, k: number, offset: number, side: number, minGap: number): Tick[] {
  const size = (side * k) / n;
  const origin = side * offset;
  const first = Math.max(0, Math.floor(-origin / size));
  const last = Math.min(n - 1, Math.ceil((side - origin) / size) - 1);
  const stride = Math.max(1, Math.ceil(minGap / size));
  const ticks: Tick[] = [];
  for (let i = Math.ceil(first / stride) * stride; i <= last; i += stride) ticks.push({ index: i, at: origin + (i + 0.5) * size });
  return ticks;
}

/** Scales by `factor` about the plot's centre. */
export function zoomBy(z: Zoom, factor: number, n: number): Zoom {
  const k = clamp(z.k * factor, 1, maxZoom(n));
  // The point at the centre of the plot stays there.
  const u = (0.5 - z.x) / z.k;
  const v = (0.5 - z.y) / z.k;
  return clampZoom({ k, x: 0.5 - k * u, y: 0.5 - k * v }, n);
}

/** The zoom moved just enough that cell `(row, col)` is in view. */
export function ensureVisible(z: Zoom, n: number, row: number, col: number): Zoom {
  const size = z.k / n;
  const fit = (offset: number, i: number) => {
    const from = offset + i * size;
    if (from < 0) return offset - from;
    if (from + size > 1) return offset - (from + size - 1);
    return offset;
  };
  return clampZoom({ k: z.k, x: fit(z.x, col), y: fit(z.y, row) }, n);
}

export interface Cell {
  row: number;
  col: number;
}

/** The cell cursor after a key press, or `undefined` for a key that does not move it. */
export function moveCell(c: Cell, key: string, rows: number, cols: number, page = 10): Cell | undefined {
  const at = (row: number, col: number) => ({ row: clamp(row, 0, rows - 1), col: clamp(col, 0, cols - 1) });
  switch (key) {
    case 'ArrowUp':
      return at(c.row - 1, c.col);
    case 'ArrowDown':
      return at(c.row + 1, c.col);
    case 'ArrowLeft':
      return at(c.row, c.col - 1);
    case 'ArrowRight':
      return at(c.row, c.col + 1);
    case 'PageUp':
      return at(c.row - page, c.col);
    case 'PageDown':
      return at(c.row + page, c.col);
    case 'Home':
      return at(c.row, 0);
    case 'End':
      return at(c.row, cols - 1);
    default:
      return undefined;
  }
}
