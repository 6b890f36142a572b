/**
 * The projection chart as marks: a faint line through positions 0, 1, 2, …
 * (so the path the positions trace is visible), points coloured by index,
 * used positions ringed, the selected position with lines to its nearest
 * positions, axes (PCA titles carry the explained variance) and a legend.
 */
import type { ProjectionView } from '../state';
import { positionPalette, sequentialStops } from './positionsColor';
import type { ChartTheme, Mark } from './positionsMarks';
import { project3d, axisTips } from './positionsRotate';
import { Neighbour, pcTitle, scatterLayout, usedMask, type Box } from './positionsScatter';

export interface ScatterInput {
  projection: ProjectionView;
  rows: number;
  /** `rows x 3` for pca3d, else `rows x 2`. */
  points: Float32Array;
  used: readonly number[];
  selected: number;
  neighbours: readonly Neighbour[];
  explainedVariance: readonly number[];
  yaw: number;
  pitch: number;
}

export interface ScatterScene {
  width: number;
  height: number;
  marks: Mark[];
  /** Pixel centre of each position, for picking. */
  x: Float32Array;
  y: Float32Array;
}

/** Pixel positions and the order to draw them in (2-D: used last; 3-D: far to near). */
interface Placed {
  x: Float32Array;
  y: Float32Array;
  order: Uint32Array;
}

const FONT = 11;
const LEGEND_HEIGHT = 26;
export const SCATTER_MARGIN = { top: 12, right: 16, bottom: 40 + LEGEND_HEIGHT, left: 52 };

export function scatterScene(input: ScatterInput, theme: ChartTheme, width: number, height: number): ScatterScene {
  const box: Box = { width, height, margin: SCATTER_MARGIN };
  const marks: Mark[] = [];
  const { x, y, order } = input.projection === 'pca3d' ? place3d(input, theme, box, marks) : place2d(input, theme, box, marks);
  pointMarks(input, theme, width, x, y, order, marks);
  legendMarks(input, theme, box, marks);
  return { width, height, marks, x, y };
}

function place2d(input: ScatterInput, theme: ChartTheme, box: Box, marks: Mark[]): Placed {
  const l = scatterLayout(input.points, input.rows, input.used, box);
  const [x0, x1] = l.xScale.range();
  const [y1, y0] = l.yScale.range();
  marks.push({ kind: 'rect', x: x0, y: y0, width: x1 - x0, height: y1 - y0, stroke: theme.border, strokeWidth: 1 });
  for (const t of l.xScale.ticks(6)) {
    const px = l.xScale(t);
    marks.push({ kind: 'line', x1: px, y1: y1, x2: px, y2: y1 + 4, stroke: theme.muted, strokeWidth: 1 });
    marks.push({ kind: 'text', x: px, y: y1 + 6, text: tickText(t), fill: theme.muted, size: FONT - 1, anchor: 'middle', baseline: 'top' });
  }
  for (const t of l.yScale.ticks(6)) {
    const py = l.yScale(t);
    marks.push({ kind: 'line', x1: x0 - 4, y1: py, x2: x0, y2: py, stroke: theme.muted, strokeWidth: 1 });
    marks.push({ kind: 'text', x: x0 - 6, y: py, text: tickText(t), fill: theme.muted, size: FONT - 1, anchor: 'end', baseline: 'middle' });
  }
  const pca = input.projection === 'pca2d';
  marks.push({ kind: 'text', x: (x0 + x1) / 2, y: y1 + 22, text: pca ? pcTitle(1, input.explainedVariance) : 'UMAP 1', fill: theme.foreground, size: FONT, anchor: 'middle', baseline: 'top' });
  marks.push({ kind: 'text', x: 12, y: (y0 + y1) / 2, text: pca ? pcTitle(2, input.explainedVariance) : 'UMAP 2', fill: theme.foreground, size: FONT, anchor: 'middle', baseline: 'middle', rotate: -90 });
  return { x: l.x, y: l.y, order: l.order };
}

function place3d(input: ScatterInput, theme: ChartTheme, box: Box, marks: Mark[]): Placed {
  const { margin } = box;
  const w = Math.max(1, box.width - margin.left - margin.right);
  const h = Math.max(1, box.height - margin.top - margin.bottom);
  const cx = margin.left + w / 2;
  const cy = margin.top + h / 2;
  const p = project3d(input.points, input.rows, input.yaw, input.pitch);
  const scale = (Math.min(w, h) / 2 / (p.radius || 1)) * 0.92;
  const x = new Float32Array(input.rows);
  const y = new Float32Array(input.rows);
  for (let r = 0; r < input.rows; r++) {
    x[r] = cx + p.xy[r * 2] * scale;
    y[r] = cy - p.xy[r * 2 + 1] * scale;
  }
  marks.push({ kind: 'rect', x: margin.left, y: margin.top, width: w, height: h, stroke: theme.border, strokeWidth: 1 });
  // Orientation gizmo in a corner, clear of the points: the three principal axes as rotated.
  const arm = 26;
  const gx = margin.left + arm + 14;
  const gy = margin.top + h - arm - 14;
  for (const tip of axisTips(input.yaw, input.pitch)) {
    const tx = gx + tip.x * arm;
    const ty = gy - tip.y * arm;
    marks.push({ kind: 'line', x1: gx, y1: gy, x2: tx, y2: ty, stroke: theme.foreground, strokeWidth: 1.25, dash: tip.depth < 0 ? [2, 2] : undefined });
    marks.push({ kind: 'text', x: gx + tip.x * (arm + 9), y: gy - tip.y * (arm + 9), text: `PC${tip.axis}`, fill: theme.foreground, size: FONT - 1, anchor: 'middle', baseline: 'middle' });
  }
  const variance = [1, 2, 3].map((n) => pcTitle(n, input.explainedVariance)).join(' · ');
  marks.push({ kind: 'text', x: margin.left + w / 2, y: margin.top + h + 8, text: variance, fill: theme.foreground, size: FONT, anchor: 'middle', baseline: 'top' });
  marks.push({ kind: 'text', x: margin.left + w / 2, y: margin.top + h + 24, text: 'orthographic; dashed axes point away from you', fill: theme.muted, size: FONT - 1, anchor: 'middle', baseline: 'top' });
  return { x, y, order: p.order };
}

function pointMarks(input: ScatterInput, theme: ChartTheme, width: number, x: Float32Array, y: Float32Array, order: Uint32Array, marks: Mark[]): void {
  const { rows } = input;
  const trail = new Float32Array(rows * 2);
  for (let r = 0; r < rows; r++) {
    trail[r * 2] = x[r];
    trail[r * 2 + 1] = y[r];
  }
  marks.push({ kind: 'polyline', points: trail, stroke: theme.muted, strokeWidth: 0.6, opacity: 0.3 });
  const mask = usedMask(input.used, rows);
  const small = theme.highContrast ? 2.6 : 2.2;
  const palette = positionPalette(rows, theme.dark);
  // When most positions are used, heavy rings would hide the colours.
  const ring = input.used.length > rows / 4 ? 0.75 : 1.5;
  for (const r of order) {
    const fill = palette[r];
    if (mask[r]) marks.push({ kind: 'circle', x: x[r], y: y[r], r: 4, fill, stroke: theme.foreground, strokeWidth: ring });
    else marks.push({ kind: 'circle', x: x[r], y: y[r], r: small, fill, stroke: theme.highContrast ? theme.background : undefined, strokeWidth: 0.5 });
  }
  const s = input.selected;
  if (s >= 0 && s < rows) {
    for (const n of input.neighbours) {
      marks.push({ kind: 'line', x1: x[s], y1: y[s], x2: x[n.index], y2: y[n.index], stroke: theme.foreground, strokeWidth: 1, dash: [2, 2] });
      marks.push({ kind: 'circle', x: x[n.index], y: y[n.index], r: 5.5, stroke: theme.foreground, strokeWidth: 1 });
    }
    marks.push({ kind: 'circle', x: x[s], y: y[s], r: 8, stroke: theme.focus, strokeWidth: 2.5 });
    // The label goes on the side of the point that has room, so it is never cut off at the frame.
    const left = x[s] > width - SCATTER_MARGIN.right - 40;
    const below = y[s] < SCATTER_MARGIN.top + 20;
    marks.push({ kind: 'text', x: x[s] + (left ? -11 : 11), y: y[s] + (below ? 13 : -11), text: String(s), fill: theme.foreground, size: FONT + 1, anchor: left ? 'end' : 'start', baseline: 'middle', bold: true });
  }
}

function legendMarks(input: ScatterInput, theme: ChartTheme, box: Box, marks: Mark[]): void {
  const y = box.height - LEGEND_HEIGHT + 6;
  const x0 = box.margin.left;
  const barWidth = Math.min(180, Math.max(60, box.width * 0.3));
  marks.push({ kind: 'text', x: x0, y: y + 6, text: 'position 0', fill: theme.foreground, size: FONT, anchor: 'start', baseline: 'middle' });
  const gx = x0 + 64;
  const stops = sequentialStops(32, theme.dark);
  const w = barWidth / stops.length;
  stops.forEach((s, i) => marks.push({ kind: 'rect', x: gx + i * w, y, width: w + 0.5, height: 12, fill: s.color }));
  marks.push({ kind: 'rect', x: gx, y, width: barWidth, height: 12, stroke: theme.border, strokeWidth: 1 });
  marks.push({ kind: 'text', x: gx + barWidth + 6, y: y + 6, text: String(Math.max(0, input.rows - 1)), fill: theme.foreground, size: FONT, anchor: 'start', baseline: 'middle' });
  const ux = gx + barWidth + 44;
  marks.push({ kind: 'circle', x: ux, y: y + 6, r: 4, fill: theme.background, stroke: theme.foreground, strokeWidth: 1.5 });
  marks.push({ kind: 'text', x: ux + 9, y: y + 6, text: `used by this input (${input.used.length})`, fill: theme.foreground, size: FONT, anchor: 'start', baseline: 'middle' });
}

function tickText(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 0.01 || a >= 1e4) ? v.toExponential(0) : String(Math.round(v * 1000) / 1000);
}
